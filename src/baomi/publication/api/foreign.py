"""JSON routes of foreign press and visits (PRESS-FOREIGN): a phone interview is recorded
refused and holding it answers 403 PRESS-FOREIGN; an invited interview or a visit without its
talking points, scope, route or hosts answers 422 naming the field, and holding it without the
granted approval 403 PRESS-FOREIGN."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema, Status
from pydantic import Field

from baomi.core.inputs import Id, Line, Text, text
from baomi.publication.models import ForeignKind, ForeignRequest, ForeignState
from baomi.publication.operations import foreign as ops
from baomi.publication.queries import foreign as queries

router = Router(tags=["publication"])


class ForeignRequestIn(Schema):
    kind: ForeignKind
    party: Line = text(ForeignRequest, "party", min_length=1)
    country: Line = text(ForeignRequest, "country", min_length=1)
    subject: Line = text(ForeignRequest, "subject", min_length=1)
    starts: date
    ends: date | None = None
    contact: Line = text(ForeignRequest, "contact", "")
    talking_points: Text = Field("", max_length=4000)
    scope: Text = Field("", max_length=2000)
    route: Text = Field("", max_length=2000)
    host_ids: list[Id] = Field(default_factory=list, max_length=ops.MAX_HOSTS)


class ForeignRequestOut(Schema):
    id: int
    kind: str
    party: str
    country: str
    contact: str
    starts: date
    ends: date
    subject: str
    talking_points: str
    scope: str
    route: str
    host_ids: list[int]
    state: str
    status: str
    recorded_by_id: int
    recorded_at: datetime
    approval_id: int | None
    held_on: date | None
    outcome: str
    next_steps: list[str] = []

    @staticmethod
    def resolve_host_ids(item: ForeignRequest) -> list[int]:
        return [p.pk for p in item.hosts.all()]

    @staticmethod
    def resolve_status(item: ForeignRequest) -> str:
        return queries.status(item)


class ForeignHoldIn(Schema):
    outcome: Text = Field(..., min_length=1, max_length=4000)
    held_on: date | None = None


def _detail(request: HttpRequest, foreign_id: int) -> ForeignRequest:
    item = queries.request(request.auth, foreign_id)
    item.next_steps = queries.next_steps(request.auth, item)  # type: ignore[attr-defined]
    return item


@router.post("/publication/foreign", response={201: ForeignRequestOut})
def record(request: HttpRequest, payload: ForeignRequestIn) -> Any:
    """Record a foreign media request or a foreign visit (a phone interview: recorded
    refused)."""
    item = ops.record_foreign(actor=request.auth, **payload.dict())
    return Status(201, _detail(request, item.pk))


@router.get("/publication/foreign", response=list[ForeignRequestOut])
def requests(request: HttpRequest, state: ForeignState | None = None) -> Any:
    return list(queries.requests(request.auth, state=state or "")[:500])


@router.get("/publication/foreign/{foreign_id}", response=ForeignRequestOut)
def foreign_request(request: HttpRequest, foreign_id: Id) -> Any:
    return _detail(request, foreign_id)


@router.post("/publication/foreign/{foreign_id}/held", response=ForeignRequestOut)
def hold(request: HttpRequest, foreign_id: Id, payload: ForeignHoldIn) -> Any:
    """Record that the interview or visit took place: 403 PRESS-FOREIGN for a phone interview
    or without the granted approval of exactly these terms."""
    ops.hold_foreign(actor=request.auth, foreign_id=foreign_id, **payload.dict())
    return _detail(request, foreign_id)


@router.post("/publication/foreign/{foreign_id}/cancel", response=ForeignRequestOut)
def cancel(request: HttpRequest, foreign_id: Id) -> Any:
    ops.cancel_foreign(actor=request.auth, foreign_id=foreign_id)
    return _detail(request, foreign_id)
