"""JSON routes of the monthly self-checks (PPL-SELFCHECK): a cleared person files their own;
the list answers one's own, or, to the security office, those of its organisation."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from baomi.core.inputs import Id, Line
from baomi.people.operations.self_checks import MOST_ITEMS, file_self_check, set_checklist
from baomi.people.queries import self_checks as queries

router = Router(tags=["people"])


class SelfCheckIn(Schema):
    """``answers`` maps each checklist item's key to ``{"yes": true|false, "note": "..."}``;
    ``month`` (any day of it) defaults to this month; ``person_id``, when given, must be the
    caller's own person."""

    answers: dict[str, Any]
    month: date | None = None
    person_id: Id | None = None


class SelfCheckOut(Schema):
    id: int
    person_id: int
    month: date
    answers: dict[str, Any]
    filed_at: datetime
    all_clear: bool


@router.post("/self-checks", response={201: SelfCheckOut})
def file(request: HttpRequest, payload: SelfCheckIn) -> Any:
    """File the caller's monthly self-check: refused (403, ``rule`` PPL-SELFCHECK) for another
    person or an uncleared one, 409 when the month's is filed already, 422 naming ``answers``
    when an item of the checklist is not answered."""
    return Status(201, file_self_check(actor=request.auth, **payload.dict()))


@router.get("/self-checks", response=list[SelfCheckOut])
def self_checks(request: HttpRequest) -> Any:
    """The caller's own self-checks; to the security office, those of its organisation."""
    return queries.self_checks(request.auth)


class ItemIn(Schema):
    key: Line = Field(max_length=40, description="a-z, 0-9 and hyphens; unique")
    text: Line = Field(max_length=300)
    rule: Line = Field(max_length=40, description="The ID of a rule of the rulebook")


class ChecklistIn(Schema):
    items: list[ItemIn] = Field(min_length=1, max_length=MOST_ITEMS)


class ItemOut(Schema):
    key: str
    text: str
    rule: str


@router.get("/self-check-items", response=list[ItemOut])
def checklist(request: HttpRequest) -> Any:
    """The checklist of the caller's organisation, in order: its own, or the default list."""
    return queries.checklist(request.auth.person.organisation_id)


@router.put("/self-check-items", response=list[ItemOut])
def set_items(request: HttpRequest, payload: ChecklistIn) -> Any:
    """The security office sets its organisation's own checklist (403 for anyone else; 422
    naming ``items`` for a repeated key or an unknown rule)."""
    return set_checklist(actor=request.auth, items=[item.dict() for item in payload.items])
