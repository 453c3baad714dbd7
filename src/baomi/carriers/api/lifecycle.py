"""JSON routes of the end of a copy's life: recall (RECALL-DUE), archives and their
consultation (ARCH-*), destruction (DESTROY-*), hand-over (HANDOVER), loss and leaks
(LOSS-REPORT) and inventories (INVENTORY). The operations make every check; a copy or
document the caller may not know answers 404 like a missing one (CLS-MAC)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from baomi.approvals.api import RequestOut
from baomi.carriers.api.schemas import CopyDetail, Id, Moment
from baomi.carriers.models import CopyState, DestructionMethod, HandoverReason
from baomi.carriers.operations import archives as archives_ops
from baomi.carriers.operations import destruction as destruction_ops
from baomi.carriers.operations import handover as handover_ops
from baomi.carriers.operations import inventory as inventory_ops
from baomi.carriers.operations import loss as loss_ops
from baomi.carriers.queries import lifecycle as queries
from baomi.core.inputs import Line, Text

router = Router(tags=["lifecycle"])


def _ids(related: Any) -> list[int]:
    return sorted(row.pk for row in related.all())


class CopiesIn(Schema):
    copy_ids: list[Id]


class RecallIn(CopiesIn):
    note: Line = ""


class VolumeIn(Schema):
    number: Line
    title: Line
    year: int
    retention_years: int | None = Field(None, ge=1, le=32767)


class VolumeOut(Schema):
    id: int
    number: str
    title: str
    year: int
    retention_years: int | None
    created_at: datetime


class AccessIn(Schema):
    """A person of the organisation (``applicant_id``), or a reader of an outside unit with
    the introduction letter stating what they seek (ARCH-ACCESS)."""

    document_ids: list[Id]
    purpose: Line
    applicant_id: Id | None = None
    outside_unit: Line = ""
    outside_reader: Line = ""
    introduction_letter: Line = ""


class AccessOut(Schema):
    """One line of the archive consultation register (ARCH-ACCESS); ``approval_id``: the
    office director's approval a classified scope needs, opened when registered."""

    id: int
    applicant_id: int | None
    outside_unit: str
    outside_reader: str
    introduction_letter: str
    purpose: str
    document_ids: list[int]
    approval_id: int | None
    registered_at: datetime
    read_at: datetime | None
    closed_at: datetime | None

    @staticmethod
    def resolve_document_ids(access: Any) -> list[int]:
        return _ids(access.documents)


class DocumentIdIn(Schema):
    document_id: Id


class ExcerptIn(DocumentIdIn):
    description: Line
    checked_by_id: Id


class ExcerptOut(Schema):
    id: int
    access_id: int
    document_id: int
    description: str
    checked_by_id: int
    stamped_at: datetime


class DestructionRequestIn(CopiesIn):
    reason: Text


class DestroyIn(CopiesIn):
    method: Line = Field(description=f"One of {', '.join(DestructionMethod.values)}")
    place: Line = Field(description="The designated place (DESTROY-PLACE)")
    operator_id: Id
    witness_ids: list[Id] = Field(description="At least DESTROY-WITNESS.min_witnesses")


class DestructionOut(Schema):
    id: int
    copy_ids: list[int]
    approval_id: int
    method: DestructionMethod
    place: str
    operator_id: int
    witness_ids: list[int]
    destroyed_at: datetime

    @staticmethod
    def resolve_copy_ids(destruction: Any) -> list[int]:
        return _ids(destruction.copies)

    @staticmethod
    def resolve_witness_ids(destruction: Any) -> list[int]:
        return _ids(destruction.witnesses)


class WitnessIn(Schema):
    witness_id: Id


class WitnessSignatureOut(Schema):
    """A witness's signature under a destruction (DESTROY-WITNESS): on their own login, or
    signed on paper and recorded by ``recorded_by_id``."""

    destruction_id: int
    witness_id: int
    signed_at: datetime
    on_paper: bool
    recorded_by_id: int


class HandoverIn(CopiesIn):
    from_person_id: Id
    to_person_id: Id
    reason: HandoverReason


class HandoverOut(Schema):
    id: int
    from_person_id: int
    to_person_id: int
    reason: HandoverReason
    copy_ids: list[int]
    approval_id: int
    created_at: datetime
    from_signed_at: datetime | None
    to_signed_at: datetime | None
    completed_at: datetime | None
    cancelled_at: datetime | None

    @staticmethod
    def resolve_copy_ids(handover: Any) -> list[int]:
        return _ids(handover.copies)


class LossIn(CopiesIn):
    discovered_at: Moment
    circumstances: Text
    leak: bool = False


class LossProgressIn(Schema):
    written: bool = False
    remedies: Text = ""
    findings: Text = ""
    concluded: bool = False
    reported_upward: bool = False


class LossReportOut(Schema):
    id: int
    copy_ids: list[int]
    leak: bool
    discovered_at: datetime
    reported_at: datetime
    circumstances: str
    written_due_at: datetime
    written_at: datetime | None
    remedies: str
    investigation_due_at: datetime
    concluded_at: datetime | None
    findings: str
    reported_upward_at: datetime | None

    @staticmethod
    def resolve_copy_ids(report: Any) -> list[int]:
        return _ids(report.copies)


class InventoryIn(Schema):
    department_id: Id | None = Field(None, description="With its sub-departments; null: all")


class InventoryOut(Schema):
    id: int
    department_id: int | None
    started_at: datetime
    closed_at: datetime | None


class CheckIn(Schema):
    copy_id: Id
    found_with_id: Id | None = Field(None, description="Whom it was found with, if anyone")
    note: Line = ""


class InventoryLineOut(Schema):
    copy_id: int
    expected: bool
    expected_holder_id: int | None
    expected_state: CopyState
    found_at: datetime | None
    found_with_id: int | None
    note: str


class ReconciliationOut(Schema):
    inventory: InventoryOut
    shortages: list[InventoryLineOut] = Field(description="Expected, not found")
    unexpected: list[InventoryLineOut] = Field(description="Found, not expected")
    elsewhere: list[InventoryLineOut] = Field(description="Found with another holder")


# Recall and archives ------------------------------------------------------------------------


@router.post("/copies/recall", response=list[CopyDetail])
def recall(request: HttpRequest, payload: RecallIn) -> Any:
    """清退: copies with their custodian go back to their issuer (RECALL-DUE)."""
    return archives_ops.recall(actor=request.auth, copy_ids=payload.copy_ids, note=payload.note)


@router.post("/archive/volumes", response={201: VolumeOut})
def create_volume(request: HttpRequest, payload: VolumeIn) -> Any:
    """立卷: a new archive volume (ARCH-FILE); a number already used is 409."""
    return Status(201, archives_ops.create_volume(actor=request.auth, **payload.dict()))


@router.post("/archive/volumes/{volume_id}/copies", response=list[CopyDetail])
def archive(request: HttpRequest, volume_id: Id, payload: CopiesIn) -> Any:
    """归档: file copies with their custodian into the volume, held by nobody (ARCH-FILE)."""
    return archives_ops.archive(actor=request.auth, copy_ids=payload.copy_ids, volume_id=volume_id)


@router.post("/archive/accesses", response={201: AccessOut})
def register_archive_access(request: HttpRequest, payload: AccessIn) -> Any:
    """查档登记: register an application to consult archived documents (ARCH-ACCESS); a
    classified scope opens the office director's approval request."""
    return Status(201, archives_ops.register_archive_access(actor=request.auth, **payload.dict()))


@router.post("/archive/accesses/{access_id}/reading", response=AccessOut)
def open_reading(request: HttpRequest, access_id: Id) -> Any:
    """The reader sits down in the archive room, using the approval (ARCH-ACCESS)."""
    return archives_ops.open_reading(actor=request.auth, access_id=access_id)


@router.post("/archive/accesses/{access_id}/consultations", response=AccessOut)
def consult(request: HttpRequest, access_id: Id, payload: DocumentIdIn) -> Any:
    """Hand a file of the registered scope to the reader; outside it 403 (ARCH-ACCESS)."""
    return archives_ops.consult(
        actor=request.auth, access_id=access_id, document_id=payload.document_id
    )


@router.post("/archive/accesses/{access_id}/excerpts", response={201: ExcerptOut})
def record_excerpt(request: HttpRequest, access_id: Id, payload: ExcerptIn) -> Any:
    """An excerpt leaves the archive room checked and stamped by someone other than the
    reader (ARCH-EXCERPT)."""
    excerpt = archives_ops.record_excerpt(actor=request.auth, access_id=access_id, **payload.dict())
    return Status(201, excerpt)


@router.post("/archive/accesses/{access_id}/close", response=AccessOut)
def close_access(request: HttpRequest, access_id: Id) -> Any:
    """The reader leaves: the consultation is closed in the register."""
    return archives_ops.close_access(actor=request.auth, access_id=access_id)


# Destruction and hand-over ------------------------------------------------------------------


@router.post("/destruction-requests", response={201: RequestOut})
def request_destruction(request: HttpRequest, payload: DestructionRequestIn) -> Any:
    """Ask the leader in charge (archived copies: the archive approvers) to approve
    destroying copies (DESTROY-APPROVE)."""
    return Status(201, destruction_ops.request_destruction(actor=request.auth, **payload.dict()))


@router.post("/destructions", response={201: DestructionOut})
def destroy(request: HttpRequest, payload: DestroyIn) -> Any:
    """销毁: destroy approved copies (DESTROY-APPROVE) by a designated method at a designated
    place (DESTROY-PLACE), supervised by enough witnesses other than the operator
    (DESTROY-WITNESS)."""
    return Status(201, destruction_ops.destroy(actor=request.auth, **payload.dict()))


@router.get("/destructions/to-witness", response=list[DestructionOut])
def to_witness(request: HttpRequest) -> Any:
    """The destructions naming the caller as a witness that they have not signed yet
    (DESTROY-WITNESS), oldest first."""
    return queries.to_witness(request.auth).prefetch_related("copies", "witnesses")


@router.post("/destructions/{destruction_id}/witness", response={201: WitnessSignatureOut})
def confirm_witness(request: HttpRequest, destruction_id: Id) -> Any:
    """监销: a witness named under the destruction signs it on their own login
    (DESTROY-WITNESS)."""
    return Status(
        201, destruction_ops.confirm_witness(actor=request.auth, destruction_id=destruction_id)
    )


@router.post("/destructions/{destruction_id}/paper-signatures", response={201: WitnessSignatureOut})
def record_witness_signature(request: HttpRequest, destruction_id: Id, payload: WitnessIn) -> Any:
    """The clerk records that a named witness signed the paper destruction list
    (DESTROY-WITNESS)."""
    return Status(
        201,
        destruction_ops.record_witness_signature(
            actor=request.auth, destruction_id=destruction_id, **payload.dict()
        ),
    )


@router.post("/handover-requests", response={201: RequestOut})
def request_handover(request: HttpRequest, payload: HandoverIn) -> Any:
    """Ask the giver's leader to approve a hand-over (HANDOVER): the giver asks, or the clerk
    or security officer for them; leaving or changing post lists every copy."""
    return Status(201, handover_ops.request_handover(actor=request.auth, **payload.dict()))


@router.post("/handovers", response={201: HandoverOut})
def hand_over(request: HttpRequest, payload: HandoverIn) -> Any:
    """移交清册: list an approved hand-over; both sides then sign (HANDOVER)."""
    return Status(201, handover_ops.hand_over(actor=request.auth, **payload.dict()))


@router.get("/handovers", response=list[HandoverOut])
def open_handovers(request: HttpRequest) -> Any:
    """Hand-overs listed and not completed, oldest first, whose copies the caller may know."""
    return queries.open_handovers(request.auth)


@router.post("/handovers/{handover_id}/signature", response=HandoverOut)
def sign_handover(request: HttpRequest, handover_id: Id) -> Any:
    """The giver or the receiver signs; when both have, the copies move at once (HANDOVER)."""
    return handover_ops.sign_handover(actor=request.auth, handover_id=handover_id)


@router.post("/handovers/{handover_id}/cancel", response=HandoverOut)
def cancel_handover(request: HttpRequest, handover_id: Id) -> Any:
    """A party or the register keeper closes a hand-over that cannot complete (HANDOVER)."""
    return handover_ops.cancel_handover(actor=request.auth, handover_id=handover_id)


# Loss and inventory -------------------------------------------------------------------------


@router.post("/loss-reports", response={201: LossReportOut})
def report_loss(request: HttpRequest, payload: LossIn) -> Any:
    """报告: report missing or leaked copies at once; the written report and the
    investigation fall due from the discovery (LOSS-REPORT)."""
    return Status(201, loss_ops.report_loss(actor=request.auth, **payload.dict()))


@router.get("/loss-reports", response=list[LossReportOut])
def loss_reports(request: HttpRequest, open_only: bool = False) -> Any:
    """Loss and leak reports, newest first, whose copies the caller may know; ``open_only``:
    the investigation not concluded."""
    return queries.loss_reports(request.auth, open_only=open_only)


@router.post("/loss-reports/{report_id}/progress", response=LossReportOut)
def record_loss_progress(request: HttpRequest, report_id: Id, payload: LossProgressIn) -> Any:
    """The security officer records the handling of a loss, each step once (LOSS-REPORT)."""
    return loss_ops.record_loss_progress(actor=request.auth, report_id=report_id, **payload.dict())


@router.post("/copies/{copy_id}/found", response=CopyDetail)
def found_again(request: HttpRequest, copy_id: Id) -> Any:
    """A lost copy is found: back with its custodian (LOSS-REPORT)."""
    return loss_ops.found_again(actor=request.auth, copy_id=copy_id)


@router.post("/inventories", response={201: InventoryOut})
def start_inventory(request: HttpRequest, payload: InventoryIn) -> Any:
    """定期清查: open an inventory of the copies expected, those the caller may know
    (INVENTORY)."""
    created = inventory_ops.start_inventory(actor=request.auth, department_id=payload.department_id)
    return Status(201, created)


@router.post("/inventories/{inventory_id}/checks", response={201: InventoryLineOut})
def check_copy(request: HttpRequest, inventory_id: Id, payload: CheckIn) -> Any:
    """Record a copy physically found, with whom if not in the cabinet (INVENTORY)."""
    line = inventory_ops.check_copy(actor=request.auth, inventory_id=inventory_id, **payload.dict())
    return Status(201, line)


@router.post("/inventories/{inventory_id}/close", response=InventoryOut)
def close_inventory(request: HttpRequest, inventory_id: Id) -> Any:
    """Close the inventory; its shortages are then traced (INVENTORY, LOSS-REPORT)."""
    return inventory_ops.close_inventory(actor=request.auth, inventory_id=inventory_id)


@router.get("/inventories/{inventory_id}/reconciliation", response=ReconciliationOut)
def reconciliation(request: HttpRequest, inventory_id: Id) -> Any:
    """Expected copies against what was found, over the copies the caller may know."""
    return queries.reconciliation(request.auth, inventory_id)
