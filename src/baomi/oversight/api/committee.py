"""JSON routes of the security committee (COMMITTEE): the meetings the caller may know (the
security office's, the committee members', an attendee's own) with the year's count against
the rulebook, one meeting with its attendees and decisions (each with its rectification's
state), and, for the security office (OVERSEE), recording a meeting, correcting its record
and adding decisions. A refusal by a rule answers 403 naming it (COMMITTEE: no member of the
committee present); a meeting or person of another organisation answers 404 like a missing
one; bad input answers 422 naming the field."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from baomi.core.inputs import Id, Text, Year, asked_year
from baomi.oversight.operations import committee as ops
from baomi.oversight.queries import committee as queries

router = Router(tags=["oversight"])

Agenda = Annotated[Text, Field(min_length=1, max_length=ops.AGENDA_LENGTH)]
Minutes = Annotated[Text, Field(max_length=ops.MINUTES_LENGTH)]


class CommitteeDecisionIn(Schema):
    text: Annotated[Text, Field(min_length=1, max_length=ops.DECISION_LENGTH)]
    owner_id: Id
    due: date


class CommitteeMeetingIn(Schema):
    """A meeting once held: ``held_on`` not to come and at most a year back; the attendees
    people of the organisation in post, the committee's chair or a member among them."""

    held_on: date
    agenda: Agenda
    minutes: Minutes = ""
    attendee_ids: list[Id] = Field(..., min_length=1, max_length=ops.MAX_ATTENDEES)
    decisions: list[CommitteeDecisionIn] = Field([], max_length=ops.MAX_DECISIONS)


class CommitteeMeetingEdit(Schema):
    """What is corrected; what is left out stays."""

    held_on: date | None = None
    agenda: Agenda | None = None
    minutes: Minutes | None = None
    attendee_ids: list[Id] | None = Field(None, min_length=1, max_length=ops.MAX_ATTENDEES)


class DecisionsIn(Schema):
    decisions: list[CommitteeDecisionIn] = Field(..., min_length=1, max_length=ops.MAX_DECISIONS)


class CommitteeAttendeeOut(Schema):
    person_id: int
    name: str
    department: str
    member: bool


class DecisionOut(Schema):
    id: int
    text: str
    owner: str
    due: date | None
    state: str
    state_label: str
    overdue: bool
    # The task, for a caller who may know it (else null).
    rectification_id: int | None


class CommitteeMeetingOut(Schema):
    id: int
    held_on: date
    agenda: str
    attendees: int
    decisions: int


class CommitteeMeetingDetail(Schema):
    id: int
    held_on: date
    agenda: str
    minutes: str
    recorded_at: datetime
    attendees: list[CommitteeAttendeeOut]
    decisions: list[DecisionOut]


class SlotOut(Schema):
    number: int
    due: date
    done: bool
    overdue: bool


class CommitteeYearOut(Schema):
    year: int
    held: int
    wanted: int
    # The meetings due this year (those begun) or in a past year (all), done or not.
    slots: list[SlotOut]
    meetings: list[CommitteeMeetingOut]


def _summary(m: Any) -> dict[str, Any]:
    return {
        "id": m.pk,
        "held_on": m.held_on,
        "agenda": m.agenda,
        "attendees": m.attendee_count,
        "decisions": m.decision_count,
    }


def _detail(actor: Any, meeting_id: int) -> dict[str, Any]:
    found = queries.meeting(actor, meeting_id)
    return {
        "id": found.pk,
        "held_on": found.held_on,
        "agenda": found.agenda,
        "minutes": found.minutes,
        "recorded_at": found.recorded_at,
        "attendees": [
            {
                "person_id": a.person.pk,
                "name": a.person.name,
                "department": a.person.department.name,
                "member": a.member,
            }
            for a in queries.attendees(found)
        ],
        "decisions": [
            {
                "id": line.decision.pk,
                "text": line.decision.text,
                "owner": line.owner,
                "due": line.due,
                "state": line.state,
                "state_label": line.state_label,
                "overdue": line.overdue,
                "rectification_id": line.rectification_id,
            }
            for line in queries.decisions(actor, found)
        ],
    }


@router.get("/committee-meetings", response=CommitteeYearOut)
def committee_meetings(request: HttpRequest, year: Year | None = None) -> Any:
    """The meetings of ``year`` (this year) the caller may know, latest first, with how many
    the organisation held against COMMITTEE's ``meetings_per_year`` and each meeting due."""
    actor = request.auth
    year = asked_year(year)
    count = queries.year_count(actor, year)
    return {
        "year": year,
        "held": count.held,
        "wanted": count.wanted,
        "slots": [s.__dict__ for s in count.slots],
        "meetings": [_summary(m) for m in queries.meetings(actor, year=year)[: queries.MOST]],
    }


@router.post("/committee-meetings", response={201: CommitteeMeetingDetail})
def record_meeting(request: HttpRequest, payload: CommitteeMeetingIn) -> Any:
    """Record a meeting once held with its decisions, each opening a rectification task
    (COMMITTEE; the security office): 403 COMMITTEE when no member of the committee attended,
    422 naming ``held_on``, ``agenda``, ``attendee_ids`` or ``decisions``."""
    actor = request.auth
    values = payload.dict()
    recorded = ops.record_meeting(actor=actor, **values)
    return Status(201, _detail(actor, recorded.pk))


@router.get("/committee-meetings/{committee_meeting_id}", response=CommitteeMeetingDetail)
def committee_meeting(request: HttpRequest, committee_meeting_id: Id) -> Any:
    """One meeting with its attendees (members marked) and decisions with their state."""
    return _detail(request.auth, committee_meeting_id)


@router.patch("/committee-meetings/{committee_meeting_id}", response=CommitteeMeetingDetail)
def edit_meeting(
    request: HttpRequest, committee_meeting_id: Id, payload: CommitteeMeetingEdit
) -> Any:
    """Correct a meeting's record (the security office); its decisions stay as recorded."""
    actor = request.auth
    ops.edit_meeting(
        actor=actor, committee_meeting_id=committee_meeting_id, **payload.dict(exclude_unset=True)
    )
    return _detail(actor, committee_meeting_id)


@router.post(
    "/committee-meetings/{committee_meeting_id}/decisions", response={201: CommitteeMeetingDetail}
)
def add_decisions(request: HttpRequest, committee_meeting_id: Id, payload: DecisionsIn) -> Any:
    """Record decisions of a meeting afterwards, each opening its rectification task."""
    actor = request.auth
    ops.add_decisions(
        actor=actor,
        committee_meeting_id=committee_meeting_id,
        decisions=payload.dict()["decisions"],
    )
    return Status(201, _detail(actor, committee_meeting_id))
