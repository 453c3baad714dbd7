"""JSON routes of using copies away from the circulation desk: reproduction (COPY-*), loans
(LOAN-*), taking out and abroad (CARRY-*), outside meetings (CIRC-MEETING-RETURN) and the fax
register (FAX-*), cipher telegrams included (CIPHER). A copy away from its custodian comes
back by ``POST /copies/{copy_id}/return``. A copy the caller may not know answers 404 like a
missing one (CLS-MAC)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from baomi.approvals.api import RequestOut
from baomi.carriers.api.schemas import CustodyOut, Id, text
from baomi.carriers.models import Custody, FaxChannel, FaxDirection, FaxEntry
from baomi.carriers.operations import use
from baomi.core.inputs import Line, Text

router = Router(tags=["use"])

METHODS = ", ".join(use.METHODS)


class ReproductionRequestIn(Schema):
    count: int
    method: Line = Field(description=f"One of {METHODS}")
    reason: Text = ""


class ReproductionIn(Schema):
    count: int
    method: Line = Field(description=f"One of {METHODS}")
    made_by_id: Id
    outside: bool = Field(False, description="Outside the organisation: always refused")


class ReproductionOut(Schema):
    """One line of the reproduction register (COPY-APPROVE); the new copies are copies of the
    same document (COPY-AS-ORIGINAL): ``GET /documents/{document_id}/copies``."""

    id: int
    document_id: int
    source_id: int
    method: str
    count: int
    approval_id: int | None
    made_by_id: int
    made_at: datetime


class LoanIn(Schema):
    borrower_id: Id
    due_date: date = Field(description="Within LOAN-DUE.max_days")
    purpose: Line = text(Custody, "purpose")


class TakeOutRequestIn(Schema):
    destination: Line = text(Custody, "destination")
    due_date: date
    purpose: Line = text(Custody, "purpose")
    abroad: bool = Field(False, description="Abroad or to a foreign-affairs event")


class TakeOutIn(TakeOutRequestIn):
    person_id: Id


class MeetingIn(Schema):
    person_id: Id
    meeting: Line = text(Custody, "destination", description="The meeting's name and place")
    meeting_date: date


class FaxIn(Schema):
    direction: FaxDirection
    channel: FaxChannel
    level: int = Field(
        description="0 public … 4 top secret (CLS-MARK); a fax naming a document carries the "
        "document's level instead"
    )
    counterparty: Line = text(FaxEntry, "counterparty")
    pages: int = Field(1, ge=1, le=99_999)
    document_id: Id | None = None
    recipient_id: Id | None = Field(None, description="Who a received fax goes to")


class FaxOut(Schema):
    id: int
    direction: FaxDirection
    channel: FaxChannel
    level: int
    document_id: int | None
    counterparty: str
    pages: int
    at: datetime
    operator_id: int
    recipient_id: int | None


@router.post("/copies/{copy_id}/reproduction-requests", response={201: RequestOut})
def request_reproduction(request: HttpRequest, copy_id: Id, payload: ReproductionRequestIn) -> Any:
    """Ask to reproduce a copy: CONFIDENTIAL and SECRET by the requester's department head
    (COPY-APPROVE), TOP_SECRET by its issuer (COPY-TS); a cipher telegram only excerpted
    (CIPHER)."""
    created = use.request_reproduction(actor=request.auth, copy_id=copy_id, **payload.dict())
    return Status(201, created)


@router.post("/copies/{copy_id}/reproductions", response={201: ReproductionOut})
def reproduce(request: HttpRequest, copy_id: Id, payload: ReproductionIn) -> Any:
    """Register a reproduction by the custodian, using the approval COPY-APPROVE or COPY-TS
    needs (403 with that ``rule`` without one); never outside (COPY-OUTSIDE)."""
    return Status(201, use.reproduce(actor=request.auth, copy_id=copy_id, **payload.dict()))


@router.post("/copies/{copy_id}/loan-requests", response={201: RequestOut})
def request_loan(request: HttpRequest, copy_id: Id, payload: LoanIn) -> Any:
    """Ask to borrow a classified copy: both sides' leaders approve (LOAN-APPROVE), for a due
    date within LOAN-DUE.max_days (LOAN-DUE). The borrower asks, or a clerk for them."""
    return Status(201, use.request_loan(actor=request.auth, copy_id=copy_id, **payload.dict()))


@router.post("/copies/{copy_id}/loan", response={201: CustodyOut})
def lend(request: HttpRequest, copy_id: Id, payload: LoanIn) -> Any:
    """借阅登记: the custodian lends the copy, using the approval of a classified loan
    (LOAN-APPROVE), due back by the end of the due date's working day (LOAN-DUE)."""
    return Status(201, use.lend(actor=request.auth, copy_id=copy_id, **payload.dict()))


@router.post("/copies/{copy_id}/take-out-requests", response={201: RequestOut})
def request_take_out(request: HttpRequest, copy_id: Id, payload: TakeOutRequestIn) -> Any:
    """Ask to take a classified copy out oneself: the leader in charge approves, the head of
    the organisation for TOP_SECRET (CARRY-APPROVE) and abroad (CARRY-ABROAD); never a cipher
    telegram (CIPHER)."""
    created = use.request_take_out(actor=request.auth, copy_id=copy_id, **payload.dict())
    return Status(201, created)


@router.post("/copies/{copy_id}/take-out", response={201: CustodyOut})
def take_out(request: HttpRequest, copy_id: Id, payload: TakeOutIn) -> Any:
    """携带外出登记: the custodian hands the copy to the person taking it out, using the
    approval CARRY-APPROVE or CARRY-ABROAD needs."""
    return Status(201, use.take_out(actor=request.auth, copy_id=copy_id, **payload.dict()))


@router.post("/copies/{copy_id}/meeting", response={201: CustodyOut})
def to_meeting(request: HttpRequest, copy_id: Id, payload: MeetingIn) -> Any:
    """The custodian hands the copy to a person going to an outside meeting; it is due back
    at the end of the meeting day's work (CIRC-MEETING-RETURN). Never a cipher telegram."""
    return Status(201, use.to_meeting(actor=request.auth, copy_id=copy_id, **payload.dict()))


@router.post("/faxes", response={201: FaxOut})
def record_fax(request: HttpRequest, payload: FaxIn) -> Any:
    """Register a fax sent or received (FAX-REGISTER): a classified fax only over the
    encrypted fax (FAX-NO-PUBLIC), naming its registered document, received only by a
    department head or their designee; a cipher telegram never (CIPHER)."""
    return Status(201, use.record_fax(actor=request.auth, **payload.dict()))
