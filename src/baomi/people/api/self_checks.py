"""JSON routes of the monthly self-checks (PPL-SELFCHECK): a cleared person files their own;
the list answers one's own, or, to the security office, those of its organisation."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema, Status

from baomi.core.inputs import Id
from baomi.people.operations.self_checks import file_self_check
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
