"""JSON routes of the classified meetings (MEET-ATTEND, MEET-PHONES, MEET-SWEEP). The
operations make every check: a refusal by a rule answers 403 naming it (MEET-DOCS at the end
and the close), a step out of order 409, bad input 422 naming the field; a meeting the caller
may not know answers 404 like a missing one. A meeting's answer carries its ``next_step`` and
``steps`` (``queries.progress``), as its page shows them."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from django.http import HttpRequest
from ninja import Router, Schema, Status

from baomi.core.inputs import Id, Line, Moment, Offset, Text, text
from baomi.meetings.models import Attendee, Meeting, MeetingCheck
from baomi.meetings.operations import meetings as ops
from baomi.meetings.queries import meetings as queries

router = Router(tags=["meetings"])

Show = Literal["upcoming", "open", "ended", "closed", "cancelled"]


class MeetingPlanIn(Schema):
    title: Line = text(Meeting, "title", min_length=1)
    level: int
    organiser_id: Id
    department_id: Id
    venue_id: Id
    starts_at: Moment
    ends_at: Moment


class MeetingChangeIn(Schema):
    title: Line | None = text(Meeting, "title", None, min_length=1)
    level: int | None = None
    organiser_id: Id | None = None
    department_id: Id | None = None
    venue_id: Id | None = None
    starts_at: Moment | None = None
    ends_at: Moment | None = None


class MeetingOut(Schema):
    id: int
    title: str
    level: int
    organiser_id: int
    department_id: int
    venue_id: int
    starts_at: datetime
    ends_at: datetime
    state: str
    list_approved_by_id: int | None
    list_approved_at: datetime | None
    opened_at: datetime | None
    ended_at: datetime | None
    closed_at: datetime | None


class AttendeeOut(Schema):
    id: int
    person_id: int | None
    visitor_id: int | None
    signed_in_at: datetime | None


class MeetingCheckOut(Schema):
    id: int
    kind: str
    checked_by_id: int
    checked_at: datetime
    findings: str


class MeetingStepOut(Schema):
    key: str
    rule: str
    done: bool


class MeetingDetailOut(MeetingOut):
    attendees: list[AttendeeOut]
    checks: list[MeetingCheckOut]
    steps: list[MeetingStepOut]
    next_step: str | None

    @staticmethod
    def resolve_attendees(meeting: Meeting) -> list[Attendee]:
        return meeting.attendees_list  # type: ignore[attr-defined]

    @staticmethod
    def resolve_checks(meeting: Meeting) -> list[MeetingCheck]:
        return meeting.checks_list  # type: ignore[attr-defined]

    @staticmethod
    def resolve_steps(meeting: Meeting) -> list[dict[str, Any]]:
        return [
            {"key": s.key, "rule": s.rule, "done": s.done}
            for s in meeting.progress.steps  # type: ignore[attr-defined]
        ]

    @staticmethod
    def resolve_next_step(meeting: Meeting) -> str | None:
        return meeting.progress.next_step  # type: ignore[attr-defined]


class EntrantIn(Schema):
    """One person of the organisation, or one visitor sitting in."""

    person_id: Id | None = None
    visitor_id: Id | None = None


class MeetingCheckIn(Schema):
    kind: Literal["venue", "phones", "sweep"]
    checked_by_id: Id
    findings: Text = text(MeetingCheck, "findings", min_length=1)
    checked_at: Moment | None = None


def _detail(request: HttpRequest, meeting_id: int) -> Meeting:
    """The meeting as the caller may know it, with its list, checks and next step."""
    found = queries.meeting(request.auth, meeting_id)
    progress = queries.progress(found)
    found.attendees_list = queries.attendees(found)  # type: ignore[attr-defined]
    found.checks_list = list(queries.checks(found).values())  # type: ignore[attr-defined]
    found.progress = progress  # type: ignore[attr-defined]
    return found


@router.get("/meetings", response=list[MeetingOut])
def meetings(request: HttpRequest, show: Show | None = None, offset: Offset = 0) -> Any:
    """The meetings the caller may know (the organisers: their organisation's within their
    clearance; anyone else those they organise or attend), latest first, 50 at a time;
    ``show`` narrows them to a phase."""
    found = queries.meetings(request.auth, show=show or "")
    return list(found[offset : offset + queries.PAGE_SIZE])


@router.post("/meetings", response={201: MeetingDetailOut})
def create(request: HttpRequest, payload: MeetingPlanIn) -> Any:
    """Plan a meeting: 403 MEET-ATTEND for a venue below its level or not in use, or an
    organiser not cleared for it."""
    meeting = ops.create_meeting(actor=request.auth, **payload.dict())
    return Status(201, _detail(request, meeting.pk))


@router.get("/meetings/{meeting_id}", response=MeetingDetailOut)
def detail(request: HttpRequest, meeting_id: Id) -> Any:
    return _detail(request, meeting_id)


@router.post("/meetings/{meeting_id}", response=MeetingDetailOut)
def edit(request: HttpRequest, meeting_id: Id, payload: MeetingChangeIn) -> Any:
    """Change a planned meeting (the fields given); a new level withdraws the list's
    approval."""
    ops.edit_meeting(actor=request.auth, meeting_id=meeting_id, **payload.dict())
    return _detail(request, meeting_id)


@router.post("/meetings/{meeting_id}/cancel", response=MeetingDetailOut)
def cancel(request: HttpRequest, meeting_id: Id) -> Any:
    ops.cancel_meeting(actor=request.auth, meeting_id=meeting_id)
    return _detail(request, meeting_id)


@router.post("/meetings/{meeting_id}/attendees", response={201: MeetingDetailOut})
def add_attendee(request: HttpRequest, meeting_id: Id, payload: EntrantIn) -> Any:
    """List a person (403 MEET-ATTEND, naming them, unless in post and cleared for the level)
    or a visitor of today sitting in; the list's approval is withdrawn."""
    ops.add_attendee(actor=request.auth, meeting_id=meeting_id, **payload.dict())
    return Status(201, _detail(request, meeting_id))


@router.post("/meetings/{meeting_id}/attendees/{attendee_id}/remove", response=MeetingDetailOut)
def remove_attendee(request: HttpRequest, meeting_id: Id, attendee_id: Id) -> Any:
    ops.remove_attendee(actor=request.auth, meeting_id=meeting_id, attendee_id=attendee_id)
    return _detail(request, meeting_id)


@router.post("/meetings/{meeting_id}/approve", response=MeetingDetailOut)
def approve(request: HttpRequest, meeting_id: Id) -> Any:
    """Approve the list: 403 MEET-ATTEND for whoever drew it up, or an empty list."""
    ops.approve_list(actor=request.auth, meeting_id=meeting_id)
    return _detail(request, meeting_id)


@router.post("/meetings/{meeting_id}/checks", response={201: MeetingDetailOut})
def check(request: HttpRequest, meeting_id: Id, payload: MeetingCheckIn) -> Any:
    """Record the venue check or the phones (before opening) or the sweep (after the end)."""
    ops.record_check(actor=request.auth, meeting_id=meeting_id, **payload.dict())
    return Status(201, _detail(request, meeting_id))


@router.post("/meetings/{meeting_id}/open", response=MeetingDetailOut)
def open_(request: HttpRequest, meeting_id: Id) -> Any:
    """403 MEET-ATTEND (list not approved, venue not checked) or MEET-PHONES."""
    ops.open_meeting(actor=request.auth, meeting_id=meeting_id)
    return _detail(request, meeting_id)


@router.post("/meetings/{meeting_id}/sign-in", response=MeetingDetailOut)
def sign_in(request: HttpRequest, meeting_id: Id, payload: EntrantIn) -> Any:
    """Sign in at the door: 403 MEET-ATTEND for a name not on the approved list, or a person
    no longer cleared for the level."""
    ops.sign_in(actor=request.auth, meeting_id=meeting_id, **payload.dict())
    return _detail(request, meeting_id)


@router.post("/meetings/{meeting_id}/end", response=MeetingDetailOut)
def end(request: HttpRequest, meeting_id: Id) -> Any:
    """403 MEET-DOCS while a top secret paper is out."""
    ops.end_meeting(actor=request.auth, meeting_id=meeting_id)
    return _detail(request, meeting_id)


@router.post("/meetings/{meeting_id}/close", response=MeetingDetailOut)
def close(request: HttpRequest, meeting_id: Id) -> Any:
    """403 MEET-SWEEP until swept, MEET-DOCS while a paper is unaccounted for."""
    ops.close_meeting(actor=request.auth, meeting_id=meeting_id)
    return _detail(request, meeting_id)
