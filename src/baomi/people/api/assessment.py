"""JSON routes of the assessments, commendations and penalties (RESP-ASSESS): the score sheet
(read and replaced by the security office), the departments' assessments and the merits."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status

from baomi.core.inputs import Id, Line, Text
from baomi.people.operations import assessment as operations
from baomi.people.queries import assessment as queries

router = Router(tags=["people"])


class SheetItemSchema(Schema):
    key: Line = Field(max_length=40)
    text: Line = Field(max_length=300)
    points: int = Field(ge=1, le=operations.MAX_POINTS)


class SheetIn(Schema):
    items: list[SheetItemSchema] = Field(min_length=1, max_length=operations.MAX_ITEMS)


@router.get("/assessment-sheet", response=list[SheetItemSchema])
def sheet(request: HttpRequest) -> Any:
    """The score sheet departments are assessed on: the organisation's, or the default."""
    return queries.sheet_for(request.auth)


@router.post("/assessment-sheet", response={201: list[SheetItemSchema]})
def save_sheet(request: HttpRequest, payload: SheetIn) -> Any:
    """Replace the organisation's score sheet (the security office); keys unique."""
    operations.save_sheet(actor=request.auth, items=[i.dict() for i in payload.items])
    return Status(201, queries.sheet_for(request.auth))


class AssessmentIn(Schema):
    """``starts``: any day of the month or year assessed; ``scores``: each item's key to the
    points given, 0 to the item's points, every item of the sheet."""

    department_id: Id
    period: Literal["month", "year"]
    starts: date
    scores: dict[str, int] = Field(max_length=operations.MAX_ITEMS)
    note: Text = Field("", max_length=operations.NOTE_LENGTH)


class AssessmentOut(Schema):
    id: int
    department_id: int
    period: str
    starts: date
    scores: dict[str, int]
    total: int
    out_of: int
    note: str
    assessor_id: int
    assessed_at: datetime


class AssessmentsQuery(Schema):
    department_id: Id | None = None
    period: Literal["month", "year"] | None = None


@router.get("/assessments", response=list[AssessmentOut])
def assessments(request: HttpRequest, query: Query[AssessmentsQuery]) -> Any:
    """The organisation's assessments, latest first (the security office)."""
    return queries.assessments(request.auth, query.department_id, query.period)[:500]


@router.post("/assessments", response={201: AssessmentOut})
def assess(request: HttpRequest, payload: AssessmentIn) -> Any:
    """Assess a department for a month or a year: 409 when it is assessed for that period
    already, 422 naming ``scores`` when an item is missing or out of its points."""
    return Status(201, operations.assess_department(actor=request.auth, **payload.dict()))


class MeritIn(Schema):
    """A person (``person_id``) or a department (``department_id``), one of them."""

    kind: Literal["commendation", "penalty"]
    person_id: Id | None = None
    department_id: Id | None = None
    given_on: date
    reason: Text = Field(max_length=operations.REASON_LENGTH)


class MeritOut(Schema):
    id: int
    kind: str
    person_id: int | None
    department_id: int | None
    given_on: date
    reason: str
    recorded_by_id: int
    recorded_at: datetime


@router.get("/merits", response=list[MeritOut])
def merits(request: HttpRequest) -> Any:
    """Commendations and penalties: the organisation's to the office, anyone else's own."""
    return queries.merits(request.auth)[:500]


@router.post("/merits", response={201: MeritOut})
def record_merit(request: HttpRequest, payload: MeritIn) -> Any:
    """Record a commendation or a penalty (the security office; never of oneself)."""
    return Status(201, operations.record_merit(actor=request.auth, **payload.dict()))
