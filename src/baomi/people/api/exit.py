"""JSON routes of the exit cases (PPL-EXIT, HANDOVER), for the security office: open a case
for a cleared person, read it with its checklist (``steps``, ``next_step``: the query the page
shows), record the commitment letter (where the paper is kept, or its scan in base64, bounded),
withdraw a case opened by mistake (with the reason) and complete a move. A case of leaving is
completed by ``POST /org/people/{id}/left``. Another organisation's case or person answers
404."""

from __future__ import annotations

import base64
import binascii
from datetime import date, datetime
from typing import Any, Literal

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status

from baomi.core.errors import InvalidInput
from baomi.core.inputs import Id, Line
from baomi.people.operations import _papers
from baomi.people.operations import exit as operations
from baomi.people.queries import exit as queries

router = Router(tags=["people"])

# A scan in base64 is 4/3 of its bytes: the field is bounded before decoding.
SCAN_FIELD_MAX = 4 * (_papers.DEFAULT_SCAN_MAX_BYTES // 3 + 1)


class ExitCaseIn(Schema):
    """``kind``: ``leave`` (leaving the organisation) or ``move`` (moving off a classified
    post); ``reason`` a line of at most 500 characters."""

    kind: Literal["leave", "move"]
    reason: Line = Field("", max_length=500)


class ExitCommitmentIn(Schema):
    """The signed 保密承诺书: the day, the version of the text, and where the paper is kept
    and/or its scan (PDF, JPEG or PNG, base64; at most PEOPLE_SCAN_MAX_BYTES)."""

    signed_on: date
    version: Line = Field(..., max_length=_papers.MAX_VERSION)
    kept_in: Line = Field("", max_length=_papers.MAX_KEPT_IN)
    scan: Line | None = Field(None, max_length=SCAN_FIELD_MAX)
    scan_name: Line | None = Field(None, max_length=_papers.MAX_NAME)


class ExitWithdrawIn(Schema):
    """Why the case is withdrawn: a line of 1 to 500 characters."""

    reason: Line = Field(..., min_length=1, max_length=operations.MAX_REASON)


class ExitStepOut(Schema):
    key: str
    label: str
    done: bool | None
    lines: list[str]
    url: str


class ExitPeriodOut(Schema):
    clearance: int
    clearance_label: str
    years: int
    starts: date
    ends: date
    started: bool


class ExitCaseOut(Schema):
    id: int
    person_id: int
    kind: str
    clearance: int
    reason: str
    opened_at: datetime
    closed_at: datetime | None
    commitment_id: int | None


class ExitCaseDetailOut(ExitCaseOut):
    steps: list[ExitStepOut]
    next_step: str | None
    withdrawn: bool
    cooling_off: ExitPeriodOut


def _detail(request: HttpRequest, case_id: int) -> dict[str, Any]:
    found = queries.checklist(request.auth, case_id)
    case = found.case
    return {
        "id": case.pk,
        "person_id": case.person_id,
        "kind": case.kind,
        "clearance": case.clearance,
        "reason": case.reason,
        "opened_at": case.opened_at,
        "closed_at": case.closed_at,
        "commitment_id": case.commitment_id,
        "steps": [s.__dict__ for s in found.steps],
        "next_step": found.next_step,
        "withdrawn": found.withdrawn,
        "cooling_off": {**found.period.__dict__, "clearance_label": found.period.clearance_label},
    }


@router.post("/people/{person_id}/exit-cases", response={201: ExitCaseDetailOut})
def open_case(request: HttpRequest, person_id: Id, payload: ExitCaseIn) -> Any:
    """Open the exit case of a cleared person (security office). Refused (403, ``rule``
    PPL-EXIT) for a person without a clearance; 409 when one is open already or the person
    has left."""
    case = operations.open_exit_case(
        actor=request.auth, person_id=person_id, kind=payload.kind, reason=payload.reason
    )
    return Status(201, _detail(request, case.pk))


@router.get("/exit-cases", response=list[ExitCaseOut])
def cases(request: HttpRequest, open_only: bool = False) -> Any:
    """The organisation's exit cases, newest first; ``open_only=true``: the open ones."""
    return queries.exit_cases(request.auth, open_only=open_only)


@router.get("/exit-cases/{case_id}", response=ExitCaseDetailOut)
def case(request: HttpRequest, case_id: Id) -> Any:
    """One exit case with its checklist: each step done or not (``null``: not asked of the
    case's kind), its lines (what is still held; the accounts to close) and ``next_step``;
    ``cooling_off`` the 脱密期 that starts on completion, or has started."""
    return _detail(request, case_id)


def _scan(value: str | None) -> bytes | None:
    if value is None:
        return None
    try:
        return base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise InvalidInput(_("The scan is not base64."), field="scan") from exc


@router.post("/exit-cases/{case_id}/commitment", response=ExitCaseDetailOut)
def commitment(request: HttpRequest, case_id: Id, payload: ExitCommitmentIn) -> Any:
    """Record the commitment letter signed for an open case (422 naming the field: a scan or
    ``kept_in`` is required; a scan must be a PDF, JPEG or PNG); 409 for a closed case."""
    operations.record_commitment(
        actor=request.auth,
        case_id=case_id,
        signed_on=payload.signed_on,
        version=payload.version,
        kept_in=payload.kept_in,
        scan=_scan(payload.scan),
        scan_name=payload.scan_name,
    )
    return _detail(request, case_id)


@router.post("/exit-cases/{case_id}/withdraw", response=ExitCaseDetailOut)
def withdraw(request: HttpRequest, case_id: Id, payload: ExitWithdrawIn) -> Any:
    """Withdraw an open case opened by mistake (security office): it closes without a
    cooling-off period (``withdrawn`` true) and no longer counts for leaving. 422 naming
    ``reason`` without one; 409 for a closed case or a person who has left; 403 (``rule``
    ROLE-SEPARATION) for a case about oneself."""
    operations.withdraw_exit_case(actor=request.auth, case_id=case_id, reason=payload.reason)
    return _detail(request, case_id)


@router.post("/exit-cases/{case_id}/complete", response=ExitCaseDetailOut)
def complete(request: HttpRequest, case_id: Id) -> Any:
    """Complete a case of moving off a classified post: refused (403, ``rule`` PPL-EXIT) while
    the person holds anything, without the commitment letter or while they still have a
    clearance; 409 for a case of leaving (marked as left instead) or a closed one."""
    operations.complete_move(actor=request.auth, case_id=case_id)
    return _detail(request, case_id)
