"""JSON routes of the access log of the secure areas (要害部位出入登记, AREA-ACCESS). The
operations make every check: a refusal answers 403 naming AREA-ACCESS (no permission, no
escort, an escort who does not keep the area nor is assigned to it) or ROLE-SEPARATION
(logging one's own entry), bad input 422 naming the field (an assigned person: ``person_id``),
an entry the caller may not know 404 like a missing one."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status

from baomi.areas.models import AreaEntry
from baomi.areas.operations import access as ops
from baomi.areas.queries import access as queries
from baomi.core.inputs import Id, Line, Moment, Offset, text
from baomi.kit.pages import attachment

router = Router(tags=["areas"])


class AreaEntryRequestIn(Schema):
    """Ask ahead: ``person_id`` or ``visitor_id`` (exactly one) enters ``area_id`` on ``day``."""

    area_id: Id
    day: date
    purpose: Line = text(AreaEntry, "purpose", min_length=1)
    person_id: Id | None = None
    visitor_id: Id | None = None


class AreaEntryRequestOut(Schema):
    id: int
    state: str
    params: dict[str, Any]
    expires_at: datetime


class AreaEntryIn(Schema):
    """Log an entry: under the approval asked ahead (``on_the_spot`` false) or granted on the
    spot by the area's keeper logging it."""

    area_id: Id
    purpose: Line = text(AreaEntry, "purpose", min_length=1)
    person_id: Id | None = None
    visitor_id: Id | None = None
    escort_id: Id | None = None
    on_the_spot: bool = False
    entered_at: Moment | None = None


class AreaExitIn(Schema):
    left_at: Moment | None = None


class AreaEntryOut(Schema):
    id: int
    area_id: int
    person_id: int | None
    visitor_id: int | None
    purpose: str
    approval_id: int | None
    granted_by_id: int | None
    escort_id: int | None
    entered_at: datetime
    left_at: datetime | None


class AreaEntryQuery(Schema):
    area_id: Id | None = None
    since: date | None = None
    until: date | None = None
    open: bool = False
    offset: Offset = 0
    limit: int = Field(100, ge=1, le=500)


class AreaAccessRegisterQuery(Schema):
    area_id: Id | None = None
    since: date | None = None
    until: date | None = None
    format: Literal["xlsx", "pdf"] = "xlsx"


@router.post("/area-entries/requests", response={201: AreaEntryRequestOut})
def request_entry(request: HttpRequest, payload: AreaEntryRequestIn) -> Any:
    """Ask ahead for an entry; the approval goes to the head of the area's department."""
    made = ops.request_entry(actor=request.auth, **payload.dict())
    return Status(201, made)


@router.post("/area-entries", response={201: AreaEntryOut})
def log_entry(request: HttpRequest, payload: AreaEntryIn) -> Any:
    """Log an entry (the area's keeper or the security office): 403 AREA-ACCESS without an
    approval for this area, entrant and day or the keeper's grant, or without an escort where
    one is needed; 422 ``person_id`` for someone assigned (they enter without permission)."""
    made = ops.log_entry(actor=request.auth, **payload.dict())
    return Status(201, made)


@router.get("/area-entries", response=list[AreaEntryOut])
def entries(request: HttpRequest, query: Query[AreaEntryQuery]) -> Any:
    """The entries the caller may know (the office: the organisation's; a keeper: their
    areas'), open ones first."""
    queries.check_period(query.since, query.until)
    found = queries.entries(
        request.auth,
        area_id=query.area_id,
        since=query.since,
        until=query.until,
        open_only=query.open,
    )
    return list(found[query.offset : query.offset + query.limit])


@router.get("/area-entries/register")
def access_register(request: HttpRequest, query: Query[AreaAccessRegisterQuery]) -> Any:
    """要害部位出入登记簿 as .xlsx or PDF, recorded in the audit log."""
    queries.check_period(query.since, query.until)
    exported = queries.export(
        request.auth, query.format, area_id=query.area_id, since=query.since, until=query.until
    )
    return attachment(exported.content, exported.filename, exported.content_type)


@router.get("/area-entries/{entry_id}", response=AreaEntryOut)
def entry(request: HttpRequest, entry_id: Id) -> Any:
    return queries.entry(request.auth, entry_id)


@router.post("/area-entries/{entry_id}/exit", response=AreaEntryOut)
def log_exit(request: HttpRequest, entry_id: Id, payload: AreaExitIn) -> Any:
    """The time out (not before the time in); 409 once logged."""
    return ops.log_exit(actor=request.auth, entry_id=entry_id, left_at=payload.left_at)
