"""JSON routes of the seals (SEAL-LOG). The operations make every check: a refusal by the rule
answers 403 naming SEAL-LOG (a use or take-out without its approval, more impressions than
approved, a lock-up while the seal is out), a step out of order 409, bad input 422 naming the
field; a seal, use or take-out the caller may not know answers 404 like a missing one."""

from __future__ import annotations

import datetime
from typing import Any, Literal

from django.http import HttpRequest
from ninja import Query, Router, Schema, Status
from pydantic import Field

from baomi.core.inputs import Id, Line, Year, text
from baomi.kit.pages import attachment
from baomi.seals.models import MAX_IMPRESSIONS, Seal, SealKind, SealTakeOut, SealUse
from baomi.seals.operations import seals as ops
from baomi.seals.queries import seals as queries

router = Router(tags=["seals"])


class SealRegisterIn(Schema):
    name: Line = text(Seal, "name", min_length=1)
    kind: SealKind
    keeper_id: Id
    number: Line = text(Seal, "number", "")
    location: Line = text(Seal, "location", "")
    since: datetime.date | None = None


class SealOut(Schema):
    id: int
    name: str
    kind: str
    number: str
    keeper_id: int
    location: str
    registered_at: datetime.datetime
    active: bool


class SealKeeperIn(Schema):
    keeper_id: Id


class SealLockIn(Schema):
    day: datetime.date | None = None


class SealLockOut(Schema):
    id: int
    seal_id: int
    day: datetime.date
    confirmed_by_id: int
    confirmed_at: datetime.datetime


class SealLockDayOut(Schema):
    day: datetime.date
    working: bool
    confirmed: bool
    out: bool
    flagged: bool


class SealDetailOut(SealOut):
    out_take_out_id: int | None
    lock_up_record: list[SealLockDayOut]


class SealUseIn(Schema):
    seal_id: Id
    document: Line = text(SealUse, "document", min_length=1)
    impressions: int = Field(1, ge=1, le=MAX_IMPRESSIONS)
    recipient: Line = text(SealUse, "recipient", "")


class SealUseOut(Schema):
    id: int
    seal_id: int
    requested_by_id: int
    requested_at: datetime.datetime
    document: str
    recipient: str
    impressions: int
    approval_id: int | None
    state: str
    status: str
    used_at: datetime.datetime | None
    impressions_made: int | None
    letter_number: str
    note: str

    @staticmethod
    def resolve_status(item: SealUse) -> str:
        return queries.use_status(item)


class SealUseDetailOut(SealUseOut):
    next_steps: list[str]


class SealUseLogIn(Schema):
    impressions: int | None = Field(None, ge=1, le=MAX_IMPRESSIONS)
    letter_number: Line = text(SealUse, "letter_number", "")
    note: Line = text(SealUse, "note", "")


class SealTakeOutIn(Schema):
    seal_id: Id
    destination: Line = text(SealTakeOut, "destination", min_length=1)
    purpose: Line = text(SealTakeOut, "purpose", min_length=1)
    due_back_at: datetime.datetime
    taken_by_id: Id | None = None


class SealTakeOutOut(Schema):
    id: int
    seal_id: int
    taken_by_id: int
    requested_by_id: int
    requested_at: datetime.datetime
    destination: str
    purpose: str
    due_back_at: datetime.datetime
    approval_id: int | None
    state: str
    status: str
    out_at: datetime.datetime | None
    returned_at: datetime.datetime | None
    return_confirmed_by_id: int | None

    @staticmethod
    def resolve_status(item: SealTakeOut) -> str:
        return queries.take_out_status(item)


class SealTakeOutDetailOut(SealTakeOutOut):
    next_steps: list[str]


def _seal_detail(request: HttpRequest, seal_id: int) -> Any:
    item = queries.seal(request.auth, seal_id)
    out = queries.out_now(item.pk)
    item.out_take_out_id = out.pk if out else None  # type: ignore[attr-defined]
    item.lock_up_record = [  # type: ignore[attr-defined]
        {
            "day": line.day,
            "working": line.working,
            "confirmed": line.lock_up is not None,
            "out": line.out,
            "flagged": line.flagged,
        }
        for line in queries.lock_up_record(request.auth, item)
    ]
    return item


def _use_detail(request: HttpRequest, use_id: int) -> SealUse:
    item = queries.use(request.auth, use_id)
    item.next_steps = queries.use_steps(request.auth, item)  # type: ignore[attr-defined]
    return item


def _take_out_detail(request: HttpRequest, take_out_id: int) -> SealTakeOut:
    item = queries.take_out(request.auth, take_out_id)
    item.next_steps = queries.take_out_steps(request.auth, item)  # type: ignore[attr-defined]
    return item


@router.get("/seals", response=list[SealOut])
def seals(request: HttpRequest) -> Any:
    """The seals the caller may know: the office's register (MANAGE_SEALS), else the seals
    they keep."""
    return list(queries.seals(request.auth)[:500])


@router.get("/seals/offered", response=list[SealOut])
def offered(request: HttpRequest) -> Any:
    """The seals in use the caller may ask to use or take out."""
    return list(queries.offered(request.auth)[:500])


@router.post("/seals", response={201: SealDetailOut})
def register_seal(request: HttpRequest, payload: SealRegisterIn) -> Any:
    """Register a seal with its keeper (MANAGE_SEALS)."""
    item = ops.register_seal(actor=request.auth, **payload.dict())
    return Status(201, _seal_detail(request, item.pk))


@router.get("/seals/uses", response=list[SealUseOut])
def uses(request: HttpRequest, seal_id: Id | None = None, mine: bool = False) -> Any:
    """The uses the caller may know (the office's, a keeper's seals', one's own requests)."""
    return list(queries.uses(request.auth, seal_id=seal_id, mine=mine)[:500])


@router.post("/seals/uses", response={201: SealUseDetailOut})
def request_use(request: HttpRequest, payload: SealUseIn) -> Any:
    """Ask to use a seal: the request goes to the approvers of SEAL-LOG."""
    item = ops.request_use(actor=request.auth, **payload.dict())
    return Status(201, _use_detail(request, item.pk))


@router.get("/seals/uses/{use_id}", response=SealUseDetailOut)
def use(request: HttpRequest, use_id: Id) -> Any:
    return _use_detail(request, use_id)


@router.post("/seals/uses/{use_id}/log", response=SealUseDetailOut)
def log_use(request: HttpRequest, use_id: Id, payload: SealUseLogIn) -> Any:
    """The keeper logs the use: 403 SEAL-LOG without its granted approval or for more
    impressions than approved."""
    ops.log_use(actor=request.auth, use_id=use_id, **payload.dict())
    return _use_detail(request, use_id)


@router.post("/seals/uses/{use_id}/withdraw", response=SealUseDetailOut)
def withdraw_use(request: HttpRequest, use_id: Id) -> Any:
    ops.withdraw_use(actor=request.auth, use_id=use_id)
    return _use_detail(request, use_id)


@router.get("/seals/take-outs", response=list[SealTakeOutOut])
def take_outs(request: HttpRequest, seal_id: Id | None = None, mine: bool = False) -> Any:
    return list(queries.take_outs(request.auth, seal_id=seal_id, mine=mine)[:500])


@router.post("/seals/take-outs", response={201: SealTakeOutDetailOut})
def request_take_out(request: HttpRequest, payload: SealTakeOutIn) -> Any:
    """Ask to take a seal out (forbidden in principle): the request goes to the take-out
    approvers of SEAL-LOG, with the time it is back."""
    item = ops.request_take_out(actor=request.auth, **payload.dict())
    return Status(201, _take_out_detail(request, item.pk))


@router.get("/seals/take-outs/{take_out_id}", response=SealTakeOutDetailOut)
def take_out(request: HttpRequest, take_out_id: Id) -> Any:
    return _take_out_detail(request, take_out_id)


@router.post("/seals/take-outs/{take_out_id}/hand-out", response=SealTakeOutDetailOut)
def hand_out(request: HttpRequest, take_out_id: Id) -> Any:
    """The keeper hands the seal out: 403 SEAL-LOG without the granted approval."""
    ops.hand_out(actor=request.auth, take_out_id=take_out_id)
    return _take_out_detail(request, take_out_id)


@router.post("/seals/take-outs/{take_out_id}/return", response=SealTakeOutDetailOut)
def return_seal(request: HttpRequest, take_out_id: Id) -> Any:
    ops.return_seal(actor=request.auth, take_out_id=take_out_id)
    return _take_out_detail(request, take_out_id)


@router.post("/seals/take-outs/{take_out_id}/withdraw", response=SealTakeOutDetailOut)
def withdraw_take_out(request: HttpRequest, take_out_id: Id) -> Any:
    ops.withdraw_take_out(actor=request.auth, take_out_id=take_out_id)
    return _take_out_detail(request, take_out_id)


class SealRegisterFilter(Schema):
    format: Literal["xlsx", "pdf"] = "xlsx"
    seal_id: Id | None = None
    year: Year | None = None


@router.get("/seals/register")
def use_register(request: HttpRequest, filters: Query[SealRegisterFilter]) -> Any:
    """The seal use register (用印登记簿) as an .xlsx workbook or a PDF (MANAGE_SEALS); the
    export is recorded in the audit log. At most 20,000 lines: a longer register answers 422
    naming ``year`` (export a year, or a seal, at a time)."""
    export = queries.export_register(
        request.auth, filters.format, seal_id=filters.seal_id, year=filters.year
    )
    return attachment(export.content, export.filename, export.content_type)


@router.get("/seals/{seal_id}", response=SealDetailOut)
def seal(request: HttpRequest, seal_id: Id) -> Any:
    """A seal with its lock-up record of the last days and the take-out under way."""
    return _seal_detail(request, seal_id)


@router.post("/seals/{seal_id}/keeper", response=SealDetailOut)
def change_keeper(request: HttpRequest, seal_id: Id, payload: SealKeeperIn) -> Any:
    ops.change_keeper(actor=request.auth, seal_id=seal_id, keeper_id=payload.keeper_id)
    return _seal_detail(request, seal_id)


@router.post("/seals/{seal_id}/deactivate", response=SealDetailOut)
def deactivate(request: HttpRequest, seal_id: Id) -> Any:
    ops.deactivate_seal(actor=request.auth, seal_id=seal_id)
    return _seal_detail(request, seal_id)


@router.post("/seals/{seal_id}/lock", response={201: SealLockOut})
def confirm_locked(request: HttpRequest, seal_id: Id, payload: SealLockIn) -> Any:
    """The keeper (or the office) confirms the seal is locked in the safe after the day's
    work: 403 SEAL-LOG while it is out."""
    return Status(201, ops.confirm_locked(actor=request.auth, seal_id=seal_id, day=payload.day))
