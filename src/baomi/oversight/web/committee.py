"""The security committee's pages (COMMITTEE), a tab of the oversight entry: the meetings of a
year with "n of 2 held" and the meeting still due flagged, the record form (attendees, up to
five decisions) and the register's exports (保密委员会会议记录); one meeting with its
attendees (members marked), record and decisions with their rectification's state (linked
to the task for whoever may see it), the correction of its record, decisions added, and its
printed record (PDF)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from baomi.core.exports import EXPORTERS
from baomi.core.inputs import asked_year
from baomi.kit.pages import attachment, cleaned, done, page
from baomi.oversight.operations import committee as ops
from baomi.oversight.queries import committee as queries
from baomi.oversight.web import committee_forms as forms

NAV = "oversight"


# The registers index ---------------------------------------------------------------------


def register_url() -> str:
    return reverse("committee")


def register_shown(actor: Any) -> bool:
    return queries.oversees(actor)


def register_exports() -> list[tuple[str, str]]:
    return [(f, f"{reverse('committee')}?format={f}") for f in EXPORTERS]


# The list ------------------------------------------------------------------------------------


def _year(request: HttpRequest) -> tuple[forms.YearForm, int]:
    form = forms.YearForm(request.GET or None, initial={"year": queries.this_year()})
    year = cleaned(form)["year"] if form.is_bound else None
    return form, asked_year(year)


def _meeting_form(request: HttpRequest, *args: Any) -> forms.MeetingForm:
    actor = request.user
    return forms.MeetingForm(
        *args, people=queries.people(actor), members=queries.members_now(actor)
    )


@page(NAV)
def committee(request: HttpRequest) -> HttpResponse:
    """The meetings of a year (this year), how many the rulebook asks for and which is due,
    the record form; ``?format=`` exports the year's register."""
    actor = request.user
    if request.method == "POST":
        data = cleaned(_meeting_form(request, request.POST))
        recorded = ops.record_meeting(
            actor=actor,
            held_on=data["held_on"],
            agenda=data["agenda"],
            minutes=data["minutes"],
            attendee_ids=data["attendee_ids"],
            decisions=data["decisions"],
        )
        return done(
            request,
            _("Committee meeting recorded."),
            reverse("committee_meeting", args=[recorded.pk]),
        )
    year_form, year = _year(request)
    if "format" in request.GET:
        exported = queries.export_register(actor, year, request.GET["format"])
        return attachment(exported.content, exported.filename, exported.content_type)
    form = _meeting_form(request)
    return render(
        request,
        "oversight/committee/list.html",
        {
            "year": year,
            "year_form": year_form,
            "meetings": queries.meetings(actor, year=year)[: queries.MOST],
            "count": queries.year_count(actor, year),
            "form": form,
            "oversees": queries.oversees(actor),
            "sees_all": queries.sees_all(actor),
            "exports": [(f, f"?year={year}&format={f}") for f in EXPORTERS],
        },
    )


# A meeting -----------------------------------------------------------------------------------


def rectification_url(pk: int | None) -> str:
    """The page of a rectification task, where the rectifications' pages have one."""
    if pk is None:
        return ""
    try:
        return reverse("rectification", args=[pk])
    except NoReverseMatch:
        return ""


@page(NAV)
def committee_meeting(request: HttpRequest, committee_meeting_id: int) -> HttpResponse:
    """One meeting: its day, agenda, attendees, record and decisions with their state."""
    actor = request.user
    found = queries.meeting(actor, committee_meeting_id)
    people = queries.people(actor)
    members = queries.members_now(actor)
    present = queries.attendees(found)
    edit = forms.EditForm(
        initial={
            "held_on": found.held_on,
            "agenda": found.agenda,
            "minutes": found.minutes,
            "attendee_ids": [a.person.pk for a in present],
        },
        people=people,
        members=members,
    )
    return render(
        request,
        "oversight/committee/meeting.html",
        {
            "meeting": found,
            "attendees": present,
            "decisions": [
                (line, rectification_url(line.rectification_id))
                for line in queries.decisions(actor, found)
            ],
            "oversees": queries.oversees(actor),
            "edit_form": edit,
            "decision_form": forms.DecisionRows(people=people, rows=3),
        },
    )


@require_POST
@page(NAV)
def committee_meeting_edit(request: HttpRequest, committee_meeting_id: int) -> HttpResponse:
    """Correct the meeting's record (day, agenda, attendees, record)."""
    actor = request.user
    data = cleaned(
        forms.EditForm(
            request.POST, people=queries.people(actor), members=queries.members_now(actor)
        )
    )
    ops.edit_meeting(
        actor=actor,
        committee_meeting_id=committee_meeting_id,
        held_on=data["held_on"],
        agenda=data["agenda"],
        minutes=data["minutes"],
        attendee_ids=data["attendee_ids"],
    )
    return done(
        request,
        _("Meeting record corrected."),
        reverse("committee_meeting", args=[committee_meeting_id]),
    )


@require_POST
@page(NAV)
def committee_meeting_decisions(request: HttpRequest, committee_meeting_id: int) -> HttpResponse:
    """Record decisions of the meeting afterwards, each opening its rectification task."""
    actor = request.user
    data = cleaned(forms.DecisionRows(request.POST, people=queries.people(actor), rows=3))
    made = ops.add_decisions(
        actor=actor, committee_meeting_id=committee_meeting_id, decisions=data["decisions"]
    )
    return done(
        request,
        _("%(n)d decisions recorded.") % {"n": len(made)},
        reverse("committee_meeting", args=[committee_meeting_id]),
    )


@page(NAV)
def committee_meeting_pdf(request: HttpRequest, committee_meeting_id: int) -> HttpResponse:
    """The meeting's printed record (保密委员会会议记录)."""
    _found, printed = queries.printed_record(request.user, committee_meeting_id)
    return attachment(printed.content, printed.filename, "application/pdf")
