"""JSON routes of the meeting minutes (MEET-MINUTES): recorded once the meeting opened, a
reading asked of the office director, the text read under the approval (each reading uses
one and is logged; without one 403 MEET-MINUTES), the readings log. 404 for minutes or a
meeting the caller may not know."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status

from baomi.core.errors import NotFound
from baomi.core.inputs import Id, Text
from baomi.meetings.operations import minutes as ops
from baomi.meetings.queries import minutes as queries
from baomi.meetings.queries import papers as paper_queries

router = Router(tags=["meetings"])


class MinutesOut(Schema):
    id: int
    meeting_id: int
    custodian_id: int
    recorded_at: datetime


class ReadingOut(Schema):
    id: int
    reader_id: int
    read_at: datetime
    approval_id: int


class MinutesDetailOut(MinutesOut):
    readings: list[ReadingOut]

    @staticmethod
    def resolve_readings(minutes: Any) -> list[Any]:
        return minutes.readings_list


class MinutesIn(Schema):
    custodian_id: Id
    body: Text


class AskIn(Schema):
    reason: Text = ""


class ReadingRequestOut(Schema):
    id: int
    state: str
    expires_at: datetime


class BodyOut(Schema):
    id: int
    body: str


def _detail(request: HttpRequest, minutes_id: int) -> Any:
    found = queries.minutes(request.auth, minutes_id)
    found.readings_list = list(queries.readings(request.auth, found))  # type: ignore[attr-defined]
    return found


@router.get("/meetings/{meeting_id}/minutes", response=MinutesDetailOut)
def of_meeting(request: HttpRequest, meeting_id: Id) -> Any:
    """Who keeps the meeting's minutes and who read them (never the text); 404 without."""
    meeting = paper_queries.meeting(request.auth, meeting_id)
    found = queries.of_meeting(request.auth, meeting)
    if found is None:
        raise NotFound(_("No minutes recorded."))
    return _detail(request, found.pk)


@router.post("/meetings/{meeting_id}/minutes", response={201: MinutesDetailOut})
def record(request: HttpRequest, meeting_id: Id, payload: MinutesIn) -> Any:
    """Record the minutes once the meeting opened (409 before, or a second time); the
    custodian is cleared for the meeting's level (403 CLS-MAC)."""
    minutes = ops.record_minutes(actor=request.auth, meeting_id=meeting_id, **payload.dict())
    return Status(201, _detail(request, minutes.pk))


@router.post("/minutes/{minutes_id}/reading-requests", response={201: ReadingRequestOut})
def ask(request: HttpRequest, minutes_id: Id, payload: AskIn) -> Any:
    """Ask the office director to approve one reading by the caller (403 MEET-MINUTES when
    the caller is the office director: nobody approves their own reading)."""
    return Status(
        201, ops.request_reading(actor=request.auth, minutes_id=minutes_id, **payload.dict())
    )


@router.post("/minutes/{minutes_id}/read", response=BodyOut)
def read(request: HttpRequest, minutes_id: Id) -> Any:
    """The text, using one granted approval of the caller and logging the reading; 403
    MEET-MINUTES without one."""
    body = ops.read_minutes(actor=request.auth, minutes_id=minutes_id)
    return {"id": minutes_id, "body": body}
