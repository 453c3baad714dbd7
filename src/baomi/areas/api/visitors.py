"""JSON routes of the visitors' register (外来人员, AREA-ACCESS). The operations make every
check: a refusal answers 403 naming its rule, bad input 422 naming the field (a bad identity
card number: ``id_number``), a visitor the caller may not know 404 like a missing one."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status

from baomi.areas.models import IdKind, Visitor
from baomi.areas.operations import visitors as ops
from baomi.areas.queries import visitors as queries
from baomi.core.inputs import Id, Line, Moment, Offset, text
from baomi.kit.pages import attachment

router = Router(tags=["areas"])


class VisitorIn(Schema):
    name: Line = text(Visitor, "name", min_length=1)
    id_kind: IdKind
    id_number: Line = text(Visitor, "id_number", min_length=1)
    unit: Line = text(Visitor, "unit", min_length=1)
    host_id: Id
    purpose: Line = text(Visitor, "purpose", min_length=1)
    arrived_at: Moment | None = None
    foreign: bool = False


class VisitorOut(Schema):
    id: int
    name: str
    id_kind: str
    id_number: str
    unit: str
    foreign: bool
    host_id: int
    purpose: str
    arrived_at: datetime
    left_at: datetime | None
    on_premises: bool

    @staticmethod
    def resolve_on_premises(visitor: Visitor) -> bool:
        return queries.on_premises(visitor)


class VisitorSignOutIn(Schema):
    left_at: Moment | None = None


class VisitorQuery(Schema):
    since: date | None = None
    until: date | None = None
    unit: Line = Field("", max_length=100)
    host_id: Id | None = None
    present: bool = False
    offset: Offset = 0
    limit: int = Field(100, ge=1, le=500)


class VisitorRegisterQuery(Schema):
    since: date | None = None
    until: date | None = None
    format: Literal["xlsx", "pdf"] = "xlsx"


@router.post("/visitors", response={201: VisitorOut})
def register_visitor(request: HttpRequest, payload: VisitorIn) -> Any:
    """Register a visitor: the security office (MANAGE_AREAS), or the host their own. A
    resident identity card number is checked (GB 11643; 422 ``id_number``)."""
    made = ops.register_visitor(actor=request.auth, **payload.dict())
    return Status(201, made)


@router.get("/visitors", response=list[VisitorOut])
def visitors(request: HttpRequest, query: Query[VisitorQuery]) -> Any:
    """The visitors the caller may know (the office: the organisation's; a host: their own),
    those on the premises first."""
    queries.check_period(query.since, query.until)
    found = queries.visitors(
        request.auth,
        since=query.since,
        until=query.until,
        unit=query.unit,
        host_id=query.host_id,
        present=query.present,
    )
    return list(found[query.offset : query.offset + query.limit])


@router.get("/visitors/register")
def visitors_register(request: HttpRequest, query: Query[VisitorRegisterQuery]) -> Any:
    """来访人员登记簿 of the period as .xlsx (document numbers in full) or PDF (masked but the
    last four characters); the office's, recorded in the audit log."""
    queries.check_period(query.since, query.until)
    exported = queries.export(request.auth, query.format, since=query.since, until=query.until)
    return attachment(exported.content, exported.filename, exported.content_type)


@router.get("/visitors/{visitor_id}", response=VisitorOut)
def visitor(request: HttpRequest, visitor_id: Id) -> Any:
    return queries.visitor(request.auth, visitor_id)


@router.post("/visitors/{visitor_id}/sign-out", response=VisitorOut)
def sign_out(request: HttpRequest, visitor_id: Id, payload: VisitorSignOutIn) -> Any:
    """The visitor leaves (the office or the host); 409 while still logged inside an area."""
    return ops.sign_out_visitor(actor=request.auth, visitor_id=visitor_id, left_at=payload.left_at)
