"""JSON routes of the deadline engine: the deadlines the caller sees with the page's filters
(bounded ``limit``/``offset``, limit + 1 read, nothing counted) and their tallies; the caller's
notifications and marking them read; an overdue deadline opened as a rectification
(INSP-RECTIFY, OVERSEE). Bad input answers 422 naming the field (a department outside the
caller's part too); a subject the caller may not know comes without its id, label or link."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status

from baomi.cockpit.operations import notifications as ops
from baomi.cockpit.queries import deadlines as queries
from baomi.cockpit.queries import notifications as notices
from baomi.core.inputs import Id, Line, Offset, Paging
from baomi.oversight.operations import rectifications as rectification_ops

router = Router(tags=["deadlines"])


class DeadlineQuery(Schema):
    state: Literal["", "upcoming", "due", "overdue", "done"] = ""
    rule_id: Line = Field("", max_length=32)
    department_id: Id | None = None
    mine: bool = False
    limit: int = Field(queries.PAGE_SIZE, ge=1, le=queries.MAX_LIMIT)
    offset: Offset = 0


class DeadlineOut(Schema):
    rule_id: str
    rule_title: str
    state: str
    subject_type: str
    subject_id: int | None
    subject_kind: str
    subject_label: str | None
    subject_url: str | None
    due_at: datetime
    person_id: int | None
    person: str
    department_id: int | None
    department: str
    days_overdue: int
    seconds_overdue: int


class DeadlinePageOut(Schema):
    items: list[DeadlineOut]
    next_offset: int | None


class TallyOut(Schema):
    states: dict[str, int]
    rules: dict[str, dict[str, int]]
    departments: dict[str, dict[str, int]]


@router.get("/deadlines", response=DeadlinePageOut)
def deadlines(request: HttpRequest, filters: Query[DeadlineQuery]) -> Any:
    """The deadlines the caller sees (the organisation's with SEE_DASHBOARD, the departments
    they head, their own), soonest due first: the longest overdue lead."""
    found = queries.page(
        request.auth,
        timezone.now(),
        queries.Filters(
            state=filters.state,
            rule_id=filters.rule_id,
            department_id=filters.department_id,
            mine=filters.mine,
        ),
        offset=filters.offset,
        limit=filters.limit,
    )
    return {"items": [row.as_json() for row in found.rows], "next_offset": found.next_offset}


@router.get("/deadlines/tally", response=TallyOut)
def tally(request: HttpRequest) -> Any:
    """How many deadlines the caller sees per state, and per rule and department by state
    (department "" : none named)."""
    return queries.tally(request.auth, timezone.now()).as_json()


class RectifyIn(Schema):
    rule_id: Line = Field(..., max_length=32)
    subject_type: Line = Field(..., max_length=64)
    subject_id: Id
    owner_id: Id | None = None
    due: date | None = None


class RectifiedOut(Schema):
    id: int
    rule_id: str
    owner_id: int
    department_id: int
    due: date
    description: str


@router.post("/deadlines/rectify", response={201: RectifiedOut})
def rectify(request: HttpRequest, payload: RectifyIn) -> Any:
    """The security office (OVERSEE) opens an overdue deadline as a rectification task; 409
    when it is no longer overdue or has its open task already."""
    task = rectification_ops.open_from_deadline(actor=request.auth, **payload.dict())
    return Status(201, task)


class NotificationQuery(Paging):
    unread: bool = False


class NotificationOut(Schema):
    id: int
    stage: str
    stage_label: str
    rule_id: str
    rule_title: str
    subject_type: str
    subject_id: int | None
    subject_kind: str
    subject_label: str | None
    subject_url: str | None
    due_at: datetime
    responsible_id: int | None
    responsible: str
    department_id: int | None
    department: str
    created_at: datetime
    read_at: datetime | None
    days_overdue: int


class NotificationPageOut(Schema):
    items: list[NotificationOut]
    next_offset: int | None
    unread: int


@router.get("/notifications", response=NotificationPageOut)
def notifications(request: HttpRequest, paging: Query[NotificationQuery]) -> Any:
    """The caller's notifications, unread first, newest first."""
    window = list(
        notices.mine(request.auth, unread=paging.unread)[
            paging.offset : paging.offset + paging.limit + 1
        ]
    )
    return {
        "items": [line.as_json() for line in notices.lines(request.auth, window[: paging.limit])],
        "next_offset": paging.offset + paging.limit if len(window) > paging.limit else None,
        "unread": notices.unread_count(request.auth),
    }


class MarkedOut(Schema):
    marked: int
    unread: int


@router.post("/notifications/read", response=MarkedOut)
def read_all(request: HttpRequest) -> Any:
    """Every unread notification of the caller marked read."""
    marked = ops.mark_read(actor=request.auth)
    return {"marked": marked, "unread": notices.unread_count(request.auth)}


@router.post("/notifications/{notification_id}/read", response=MarkedOut)
def read(request: HttpRequest, notification_id: Id) -> Any:
    """One of the caller's notifications marked read; 404 for anyone else's."""
    marked = ops.mark_read(actor=request.auth, notification_id=notification_id)
    return {"marked": marked, "unread": notices.unread_count(request.auth)}
