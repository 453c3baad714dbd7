"""JSON routes of the incidents (INC-RECORD, LOSS-REPORT). The operations make every check: a
refusal by the rule answers 403 naming INC-RECORD (closing a serious incident not reported
upward or not investigated, a second investigation), a step done already 409, bad input 422
naming the field; an incident the caller may not know answers 404 like a missing one. A loss
is reported through the carriers' route (``POST /copies/loss``), which opens its incident."""

from __future__ import annotations

import datetime
from typing import Any, Literal

from django.http import HttpRequest
from ninja import Query, Router, Schema, Status
from pydantic import Field

from baomi.access.roles import Permission, actor_organisation_id, require
from baomi.core.inputs import Id, Line, Moment, Text, Year, text
from baomi.incidents.models import Incident, IncidentKind, PersonRole
from baomi.incidents.operations import incidents as ops
from baomi.incidents.queries import incidents as queries
from baomi.kit.pages import attachment

router = Router(tags=["incidents"])

LONG = Field(max_length=ops.LONG_TEXT)


class IncidentPersonIn(Schema):
    person_id: Id
    role: PersonRole = PersonRole.INVOLVED


class IncidentIn(Schema):
    kind: IncidentKind
    serious: bool = False
    level: int | None = Field(None, ge=1, le=4)
    title: Line = text(Incident, "title", min_length=1)
    account: Text = Field(min_length=1, max_length=ops.LONG_TEXT)
    occurred_at: Moment | None = None
    discovered_at: Moment
    place: Line = text(Incident, "place", "")
    people: list[IncidentPersonIn] = Field(default_factory=list, max_length=ops.MAX_NAMED)
    copy_ids: list[Id] = Field(default_factory=list, max_length=ops.MAX_NAMED)
    remedies: Text = Field("", max_length=ops.LONG_TEXT)


class NamedCopyOut(Schema):
    copy_id: int | None
    seen: bool
    document_number: str
    title: str
    copy_number: str
    level: str


class NamedPersonOut(Schema):
    person_id: int
    name: str
    role: str


class IncidentOut(Schema):
    id: int
    kind: str
    serious: bool
    level: int
    title: str
    discovered_at: datetime.datetime
    occurred_at: datetime.datetime | None
    place: str
    state: str
    loss_id: int | None
    reported_upward_at: datetime.datetime | None
    concluded_at: datetime.datetime | None
    closed_at: datetime.datetime | None
    report_overdue: bool
    investigation_overdue: bool


class IncidentDetailOut(IncidentOut):
    account: str
    remedies: str
    reported_to: str
    report_text: str
    investigation: str
    sanctions: str
    report_due: datetime.datetime
    investigation_due: datetime.datetime
    copies: list[NamedCopyOut]
    people: list[NamedPersonOut]
    next_steps: list[str]


class RemediesIn(Schema):
    remedies: Text = Field(min_length=1, max_length=ops.LONG_TEXT)


class ReportIn(Schema):
    reported_to: Line = text(Incident, "reported_to", ops.SUPERIOR, min_length=1)
    report_text: Text = Field(min_length=1, max_length=ops.LONG_TEXT)


class InvestigationIn(Schema):
    result: Text = Field(min_length=1, max_length=ops.LONG_TEXT)
    sanctions: Text = Field("", max_length=ops.LONG_TEXT)


class ListFilter(Schema):
    status: Literal["open", "report_overdue", "investigation_overdue", "closed"] | None = None
    year: Year | None = None


class IncidentRegisterFilter(Schema):
    format: Literal["xlsx", "pdf"] = "xlsx"
    year: Year | None = None


SUMMARY = (
    "id",
    "kind",
    "serious",
    "level",
    "title",
    "discovered_at",
    "occurred_at",
    "place",
    "state",
    "loss_id",
    "reported_upward_at",
    "concluded_at",
    "closed_at",
)


def _summary(item: Incident) -> dict[str, Any]:
    return {
        **{name: getattr(item, name) for name in SUMMARY},
        "report_overdue": queries.report_overdue(item),
        "investigation_overdue": queries.investigation_overdue(item),
    }


def _detail(request: HttpRequest, incident_id: int) -> dict[str, Any]:
    actor = request.auth
    item = queries.incident(actor, incident_id)
    data = _summary(item)
    data.update(
        account=item.account,
        remedies=item.remedies,
        reported_to=item.reported_to,
        report_text=item.report_text,
        investigation=item.investigation,
        sanctions=item.sanctions,
        report_due=queries.report_due(item),
        investigation_due=queries.investigation_due(item),
        copies=[
            {
                "copy_id": c.copy_id if c.seen else None,
                "seen": c.seen,
                "document_number": c.number,
                "title": c.title,
                "copy_number": c.copy_number,
                "level": c.level,
            }
            for c in queries.named_copies(actor, item)
        ],
        people=[
            {"person_id": n.person_id, "name": n.person.name, "role": n.role}
            for n in queries.named_people(item)
        ],
        next_steps=queries.steps(actor, item),
    )
    return data


@router.get("/incidents", response=list[IncidentOut])
def incidents(request: HttpRequest, filters: Query[ListFilter]) -> Any:
    """The incidents the caller may know (the office's, else those they reported)."""
    found = queries.incidents(request.auth, status=filters.status, year=filters.year)
    return [_summary(item) for item in found]


@router.post("/incidents", response={201: IncidentDetailOut})
def record(request: HttpRequest, payload: IncidentIn) -> Any:
    """The security officer records an incident (OVERSEE)."""
    data = payload.dict()
    data["people"] = [{"person_id": p["person_id"], "role": str(p["role"])} for p in data["people"]]
    item = ops.record_incident(actor=request.auth, **data)
    return Status(201, _detail(request, item.pk))


@router.get("/incidents/register")
def register(request: HttpRequest, filters: Query[IncidentRegisterFilter]) -> Any:
    """The incident register (泄密事件登记簿) as .xlsx or PDF; recorded in the audit log."""
    export = queries.export_register(request.auth, filters.format, year=filters.year)
    return attachment(export.content, export.filename, export.content_type)


@router.get("/incidents/count")
def count(request: HttpRequest, year: Year) -> Any:
    """The year's incidents by kind (the annual report's count, target: zero); the office's."""
    require(request.auth, Permission.OVERSEE)
    return queries.count_for_year(actor_organisation_id(request.auth), year)


@router.get("/incidents/{incident_id}", response=IncidentDetailOut)
def incident(request: HttpRequest, incident_id: Id) -> Any:
    return _detail(request, incident_id)


@router.get("/incidents/{incident_id}/report.pdf")
def printed(request: HttpRequest, incident_id: Id) -> Any:
    """The 泄密事件报告 as a PDF marked with the incident's level."""
    found = queries.printed(request.auth, incident_id)
    return attachment(found.content, found.filename, "application/pdf")


@router.post("/incidents/{incident_id}/remedies", response=IncidentDetailOut)
def remedies(request: HttpRequest, incident_id: Id, payload: RemediesIn) -> Any:
    ops.record_remedies(actor=request.auth, incident_id=incident_id, remedies=payload.remedies)
    return _detail(request, incident_id)


@router.post("/incidents/{incident_id}/report", response=IncidentDetailOut)
def report_upward(request: HttpRequest, incident_id: Id, payload: ReportIn) -> Any:
    """The report upward, once; a late one is recorded as late."""
    ops.report_upward(actor=request.auth, incident_id=incident_id, **payload.dict())
    return _detail(request, incident_id)


@router.post("/incidents/{incident_id}/investigation", response=IncidentDetailOut)
def investigation(request: HttpRequest, incident_id: Id, payload: InvestigationIn) -> Any:
    ops.record_investigation(actor=request.auth, incident_id=incident_id, **payload.dict())
    return _detail(request, incident_id)


@router.post("/incidents/{incident_id}/close", response=IncidentDetailOut)
def close(request: HttpRequest, incident_id: Id) -> Any:
    """Close: 403 INC-RECORD while a serious incident is not reported upward or investigated."""
    ops.close_incident(actor=request.auth, incident_id=incident_id)
    return _detail(request, incident_id)
