"""JSON routes of the cooling-off periods (脱密期, PPL-EXIT): the security office's list and
one person's. Only the role that sees clearance classes may read them; a person of another
organisation, or with no period, answers 404."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema

from baomi.core.inputs import Id
from baomi.people.queries import cooling_off as queries

router = Router(tags=["people"])


class CoolingOffOut(Schema):
    """One cooling-off period: the clearance class at leaving and its first and last day."""

    id: int
    person_id: int
    clearance: int
    starts: date
    ends: date
    created_at: datetime


@router.get("/cooling-off", response=list[CoolingOffOut])
def cooling_offs(request: HttpRequest, current: bool = False) -> Any:
    """The organisation's cooling-off periods, soonest end first; ``current``: not yet over."""
    return queries.cooling_offs(request.auth, current=current)


@router.get("/people/{person_id}/cooling-off", response=CoolingOffOut)
def cooling_off(request: HttpRequest, person_id: Id) -> Any:
    """One person's cooling-off period (PPL-EXIT)."""
    return queries.cooling_off_of(request.auth, person_id)
