"""Assessments, commendations and penalties on the web (RESP-ASSESS): the security office's
page of the departments' assessments (the score form, a field per item of the sheet, and the
sheet itself, which it may replace with its own), and the page of commendations and
penalties with its form."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from baomi.kit.pages import cleaned, done, page
from baomi.org import queries as org
from baomi.people.operations import assessment as operations
from baomi.people.queries import assessment as queries
from baomi.people.web.letters_forms import AssessmentForm, MeritForm, SheetForm


def _form(request: HttpRequest, data: object = None) -> AssessmentForm:
    actor = request.user
    return AssessmentForm(
        data, departments=queries.departments(actor), sheet=queries.sheet_for(actor)
    )


@page("people_files")
def assessments(request: HttpRequest) -> HttpResponse:
    """The departments' assessments, latest first, and the score form."""
    actor = request.user
    if request.method == "POST":
        form = _form(request, request.POST)
        data = cleaned(form)
        operations.assess_department(
            actor=actor,
            department_id=data["department"],
            period=data["period"],
            starts=data["starts"],
            scores=form.scores(data),
            note=data["note"],
        )
        return done(request, _("Assessment recorded."), reverse("assessments"))
    sheet = queries.sheet_for(actor)
    return render(
        request,
        "people/assessment/assessments.html",
        {
            "assessments": queries.assessments(actor)[:200],
            "form": _form(request),
            "sheet": sheet,
            "out_of": sum(item.points for item in sheet),
            "sheet_form": SheetForm(
                initial={"lines": "\n".join(f"{i.key} | {i.text} | {i.points}" for i in sheet)}
            ),
            "tab": "assessments",
        },
    )


@require_POST
@page("people_files")
def assessment_sheet(request: HttpRequest) -> HttpResponse:
    """Replace the organisation's score sheet."""
    form = SheetForm(request.POST)
    data = cleaned(form)
    operations.save_sheet(actor=request.user, items=form.items(data))
    return done(request, _("Score sheet saved."), reverse("assessments"))


def _merit_form(request: HttpRequest, data: object = None) -> MeritForm:
    actor = request.user
    return MeritForm(
        data,
        people=org.people(actor).filter(employment="active"),
        departments=queries.departments(actor),
    )


@page("people_files")
def merits(request: HttpRequest) -> HttpResponse:
    """Commendations and penalties, latest first, and the form recording one."""
    actor = request.user
    if request.method == "POST":
        data = cleaned(_merit_form(request, request.POST))
        operations.record_merit(
            actor=actor,
            kind=data["kind"],
            person_id=data["person"],
            department_id=data["department"],
            given_on=data["given_on"],
            reason=data["reason"],
        )
        return done(request, _("Recorded."), reverse("merits"))
    return render(
        request,
        "people/assessment/merits.html",
        {"merits": queries.merits(actor)[:200], "form": _merit_form(request), "tab": "merits"},
    )
