"""The system administrator maintains the organisation chart (MANAGE_ORGANISATION):
departments, people, department leaders and the head of the organisation."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from baomi.access.roles import actor_organisation_id
from baomi.org import operations
from baomi.web.forms_structure import DepartmentForm, HeadForm, LeadersForm, PersonForm
from baomi.web.shortcuts import cleaned, done, page


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
