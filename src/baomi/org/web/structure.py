"""The organisation chart, which the system administrator reads and maintains
(MANAGE_ORGANISATION): departments, people, department leaders and the head of the
organisation."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from baomi.access.roles import actor_organisation_id
from baomi.kit.pages import attachment, cleaned, done, page
from baomi.org import imports, operations
from baomi.org import queries as org
from baomi.org.web.forms import (
    DepartmentForm,
    HeadForm,
    ImportPeopleForm,
    LeadersForm,
    PersonForm,
)


@page("org")
def organisation(request: HttpRequest) -> HttpResponse:
    actor = request.user
    return render(
        request,
        "org/chart.html",
        {
            "organisation": org.organisation(actor),
            "departments": org.chart(actor),
            "department_form": DepartmentForm(actor=actor),
            "person_form": PersonForm(actor=actor),
            "leaders_form": LeadersForm(actor=actor),
            "head_form": HeadForm(actor=actor),
            "import_form": ImportPeopleForm(),
        },
    )


@require_POST
@page("org")
def department_create(request: HttpRequest) -> HttpResponse:
    data = cleaned(DepartmentForm(request.POST, actor=request.user))
    dept = operations.create_department(
        actor=request.user,
        organisation_id=actor_organisation_id(request.user),
        name=data["name"],
        parent_id=data["parent"],
        is_general_office=data["is_general_office"],
    )
    return done(request, _("Department %(name)s created.") % {"name": dept.name}, reverse("org"))


@require_POST
@page("org")
def person_create(request: HttpRequest) -> HttpResponse:
    data = cleaned(PersonForm(request.POST, actor=request.user))
    person = operations.create_person(
        actor=request.user,
        department_id=data["department"],
        rank_id=data["rank"],
        name=data["name"],
        staff_number=data["staff_number"],
        on_probation=data["on_probation"],
    )
    return done(request, _("%(name)s added.") % {"name": person.name}, reverse("org"))


@require_POST
@page("org")
def department_leaders(request: HttpRequest) -> HttpResponse:
    data = cleaned(LeadersForm(request.POST, actor=request.user))
    dept = operations.set_department_leaders(
        actor=request.user,
        department_id=data["department"],
        head_id=data["head"],
        leader_in_charge_id=data["leader_in_charge"],
    )
    return done(request, _("Leaders of %(name)s set.") % {"name": dept.name}, reverse("org"))


@require_POST
@page("org")
def organisation_head(request: HttpRequest) -> HttpResponse:
    data = cleaned(HeadForm(request.POST, actor=request.user))
    operations.set_organisation_head(
        actor=request.user,
        organisation_id=actor_organisation_id(request.user),
        person_id=data["person"],
    )
    return done(request, _("Head of the organisation set."), reverse("org"))


@require_POST
@page("org")
def people_import(request: HttpRequest) -> HttpResponse:
    """Import people from an .xlsx or .csv file. The "dry run" button lists the rows that
    would be created and every rejected row, changing nothing; "import" creates them all or,
    when any row is rejected, none and lists the rejected rows."""
    upload = cleaned(ImportPeopleForm(request.POST, request.FILES))["file"]
    reading = imports.reading(upload, upload.name)
    if "dry_run" in request.POST:
        checked = imports.check(request.user, reading.rows)
        context = {
            "dry_run": True,
            "reading": reading,
            "rows": checked.rows,
            "rejected": checked.rejected,
        }
        return render(request, "org/import.html", context)
    try:
        people = operations.import_people(actor=request.user, rows=reading.rows)
    except imports.ImportRejected as exc:
        context = {
            "dry_run": False,
            "reading": reading,
            "rows": [],
            "rejected": exc.rejected,
            "message": exc.message,
        }
        return render(request, "org/import.html", context, status=400)
    message = ngettext("%(n)d person imported.", "%(n)d people imported.", len(people))
    return done(request, message % {"n": len(people)}, reverse("org"))


@page("org")
def people_import_template(request: HttpRequest) -> HttpResponse:
    """The import template: an .xlsx workbook with the header row only."""
    return attachment(imports.template_xlsx(), _("people-template.xlsx"))
