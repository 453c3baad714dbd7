"""JSON routes of travel abroad (PPL-ABROAD) and the passports the office keeps. The
operations make every check: a refusal by the rule answers 403 naming PPL-ABROAD (or
ROLE-SEPARATION), a step out of order 409, bad input 422 naming the field; a trip or passport
the caller may not know (another's, another organisation's) answers 404 like a missing one."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema, Status

from baomi.core.inputs import Id, Line, Text, text
from baomi.people.models import Passport, Travel, TravelState
from baomi.people.operations import travel as ops
from baomi.people.queries import travel as queries

router = Router(tags=["people"])


class TravelAbroadIn(Schema):
    """A trip to ask approval for: ``person_id`` is the caller's own person unless the
    security office records the request for another (also one in their cooling-off period)."""

    destination: Line = text(Travel, "destination", min_length=1)
    purpose: Text = text(Travel, "purpose", min_length=1)
    departs: date
    returns: date
    person_id: Id | None = None


class TravelAbroadOut(Schema):
    id: int
    person_id: int
    destination: str
    purpose: str
    departs: date
    returns: date
    state: str
    status: str
    requested_by_id: int
    approval_id: int | None
    briefed_on: date | None
    briefed_by_id: int | None
    briefing: str
    passport_out_at: datetime | None
    passport_back_at: datetime | None
    departed_on: date | None
    returned_on: date | None
    reported_on: date | None
    report: str
    report_due: date | None
    report_overdue: bool

    @staticmethod
    def resolve_status(trip: Travel) -> str:
        return queries.status(trip)

    @staticmethod
    def resolve_report_due(trip: Travel) -> date | None:
        return queries.report_due(trip)

    @staticmethod
    def resolve_report_overdue(trip: Travel) -> bool:
        return queries.report_overdue(trip)


class TravelAbroadDetailOut(TravelAbroadOut):
    next_steps: list[str]


class TravelBriefingIn(Schema):
    briefing: Text = text(Travel, "briefing", min_length=1)
    briefed_on: date | None = None
    briefed_by_id: Id | None = None


class TravelDepartIn(Schema):
    departed_on: date | None = None


class TravelReturnIn(Schema):
    returned_on: date | None = None


class TravelReportIn(Schema):
    report: Text = text(Travel, "report", min_length=1)


class KeptPassportIn(Schema):
    person_id: Id
    number: Line = text(Passport, "number", min_length=1)
    kind: Line = text(Passport, "kind", "")
    expires: date | None = None


class KeptPassportOut(Schema):
    id: int
    person_id: int
    number: str
    kind: str
    expires: date | None
    out: bool


class PassportHandOutIn(Schema):
    travel_id: Id


def _detail(request: HttpRequest, travel_id: int) -> Travel:
    """The trip as the caller may know it, with what they may do next."""
    trip = queries.travel(request.auth, travel_id)
    trip.next_steps = queries.next_steps(request.auth, trip)  # type: ignore[attr-defined]
    return trip


@router.post("/travels", response={201: TravelAbroadDetailOut})
def request_travel(request: HttpRequest, payload: TravelAbroadIn) -> Any:
    """Ask approval to travel abroad; the approval request goes to the approvers of the
    person's class (PPL-ABROAD ``approvers`` / ``core_approvers``)."""
    trip = ops.request_travel(actor=request.auth, **payload.dict())
    return Status(201, _detail(request, trip.pk))


@router.get("/travels", response=list[TravelAbroadOut])
def travels(request: HttpRequest, status: TravelState | None = None) -> Any:
    """The caller's own trips; to the security office, those of its organisation. ``status``
    narrows them (``approved`` and ``refused`` follow the approval of a requested trip)."""
    return queries.with_report_days(queries.travels(request.auth, status=status or "")[:500])


@router.get("/travels/{travel_id}", response=TravelAbroadDetailOut)
def travel(request: HttpRequest, travel_id: Id) -> Any:
    """One trip with what the caller may do next (``next_steps``)."""
    return _detail(request, travel_id)


@router.post("/travels/{travel_id}/briefing", response=TravelAbroadDetailOut)
def briefing(request: HttpRequest, travel_id: Id, payload: TravelBriefingIn) -> Any:
    """The security office records the pre-departure briefing; it uses the trip's granted
    approval (403 PPL-ABROAD without one for this person, destination and dates)."""
    ops.record_briefing(actor=request.auth, travel_id=travel_id, **payload.dict())
    return _detail(request, travel_id)


@router.post("/travels/{travel_id}/depart", response=TravelAbroadDetailOut)
def depart(request: HttpRequest, travel_id: Id, payload: TravelDepartIn) -> Any:
    """The departure: 403 PPL-ABROAD unless approved and briefed."""
    ops.depart(actor=request.auth, travel_id=travel_id, **payload.dict())
    return _detail(request, travel_id)


@router.post("/travels/{travel_id}/return", response=TravelAbroadDetailOut)
def return_(request: HttpRequest, travel_id: Id, payload: TravelReturnIn) -> Any:
    ops.record_return(actor=request.auth, travel_id=travel_id, **payload.dict())
    return _detail(request, travel_id)


@router.post("/travels/{travel_id}/report", response=TravelAbroadDetailOut)
def report(request: HttpRequest, travel_id: Id, payload: TravelReportIn) -> Any:
    ops.file_report(actor=request.auth, travel_id=travel_id, **payload.dict())
    return _detail(request, travel_id)


@router.post("/travels/{travel_id}/cancel", response=TravelAbroadDetailOut)
def cancel(request: HttpRequest, travel_id: Id) -> Any:
    ops.cancel_travel(actor=request.auth, travel_id=travel_id)
    return _detail(request, travel_id)


@router.get("/passports", response=list[KeptPassportOut])
def passports(request: HttpRequest, person_id: Id | None = None) -> Any:
    """The passports the office keeps (its organisation's; anyone else's own)."""
    return list(queries.passports(request.auth, person_id=person_id)[:500])


@router.post("/passports", response={201: KeptPassportOut})
def register_passport(request: HttpRequest, payload: KeptPassportIn) -> Any:
    return Status(201, ops.register_passport(actor=request.auth, **payload.dict()))


@router.post("/passports/{passport_id}/hand-out", response=KeptPassportOut)
def hand_out(request: HttpRequest, passport_id: Id, payload: PassportHandOutIn) -> Any:
    """Hand a kept passport out for an approved and briefed trip (403 PPL-ABROAD else)."""
    return ops.hand_out_passport(
        actor=request.auth, passport_id=passport_id, travel_id=payload.travel_id
    )


@router.post("/passports/{passport_id}/return", response=KeptPassportOut)
def return_passport(request: HttpRequest, passport_id: Id) -> Any:
    return ops.return_passport(actor=request.auth, passport_id=passport_id)
