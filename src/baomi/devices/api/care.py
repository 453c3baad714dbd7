"""JSON routes of the equipment's care (RULES.md §7): repairs through the general office to a
designated vendor (DEV-REPAIR), lending outside (DEV-LEND), scrapping and destruction
(DESTROY-APPROVE, DESTROY-WITNESS, DESTROY-PLACE), antivirus and infections (DEV-AV),
backups (DEV-BACKUP), standalone processing (DEV-STANDALONE) and data integrity reviews
(DEV-INTEGRITY). The operations make every check; a refusal by a rule answers 403 (409 when
the asset is not at hand) naming it. An asset, record or department of another organisation,
or for anyone but the security officer a computer they do not keep, answers 404 like a
missing one."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status

from baomi.approvals.api import RequestOut
from baomi.approvals.models import ApprovalRequest
from baomi.core.inputs import Id, Line, Paging, Text, page, text
from baomi.devices.api.ledger import AssetOut, AssetPage
from baomi.devices.models import (
    Asset,
    Backup,
    Disposal,
    DisposalMethod,
    Infection,
    IntegrityReview,
    Loan,
    Outcome,
    Repair,
    StandaloneUse,
)
from baomi.devices.operations import away as away_ops
from baomi.devices.operations import disposal as disposal_ops
from baomi.devices.operations import upkeep as upkeep_ops
from baomi.devices.queries import care as queries

router = Router(tags=["devices"])

# The level of data processed on a standalone computer (the operation refuses any other).
ClassifiedLevel = Annotated[int, Field(ge=2, le=4, description="2 秘密, 3 机密, 4 绝密")]
# How many assets one disposal, and how many supervisors, a request may name.
MOST_ASSETS = 500
MOST_WITNESSES = 20


def _ids(related: Any) -> list[int]:
    return sorted(row.pk for row in related.all())


# Repairs and loans --------------------------------------------------------------------------


class RepairRequestIn(Schema):
    vendor: Line = text(Repair, "vendor", description="One of DEV-REPAIR.vendors")
    fault: Text = text(Repair, "fault")


class RepairIn(RepairRequestIn):
    storage_kept: Line = text(
        Repair,
        "storage_kept",
        "",
        description="A classified machine: which storage was removed and where it is kept",
    )


class RepairReturnIn(Schema):
    work_done: Text = text(Repair, "work_done")


class RepairOut(Schema):
    """One line of the repair record (DEV-REPAIR)."""

    id: int
    asset_id: int
    asset_number: str
    vendor: str
    fault: str
    approval_id: int
    storage_kept: str
    sent_at: datetime
    sent_by_id: int
    returned_at: datetime | None
    returned_by_id: int | None
    work_done: str

    @staticmethod
    def resolve_asset_number(repair: Any) -> str:
        return repair.asset.number


class RepairPage(Schema):
    next_offset: int | None
    items: list[RepairOut]


class AssetLoanIn(Schema):
    borrower: Line = text(Loan, "borrower", description="The borrowing organisation")
    due_back: date = Field(description="Not in the past")
    purpose: Text = text(Loan, "purpose")


class LoanReturnIn(Schema):
    condition: Text = text(Loan, "condition", description="The condition it came back in")


class LoanOut(Schema):
    """Equipment lent outside (DEV-LEND)."""

    id: int
    asset_id: int
    asset_number: str
    borrower: str
    purpose: str
    approval_id: int
    lent_at: datetime
    lent_by_id: int
    due_back: date
    returned_at: datetime | None
    returned_by_id: int | None
    condition: str

    @staticmethod
    def resolve_asset_number(loan: Any) -> str:
        return loan.asset.number


class LoanPage(Schema):
    next_offset: int | None
    items: list[LoanOut]


# Disposals ----------------------------------------------------------------------------------


class DisposalRequestIn(Schema):
    asset_ids: list[Id] = Field(min_length=1, max_length=MOST_ASSETS)
    outcome: Outcome
    reason: Text = Field(max_length=2000)


class DisposalIn(Schema):
    asset_ids: list[Id] = Field(min_length=1, max_length=MOST_ASSETS)
    outcome: Outcome
    method: DisposalMethod = Field(
        description="plain only for scrapping what never held classified data (DESTROY-PLACE)"
    )
    place: Line = text(Disposal, "place", description="The designated place (DESTROY-PLACE)")
    operator_id: Id
    witness_ids: list[Id] = Field(
        max_length=MOST_WITNESSES,
        description="At least DESTROY-WITNESS.min_witnesses, the operator not among them",
    )


class DisposalOut(Schema):
    """Assets scrapped or destroyed (DESTROY-APPROVE, DESTROY-WITNESS, DESTROY-PLACE)."""

    id: int
    asset_ids: list[int]
    outcome: Outcome
    method: DisposalMethod
    place: str
    approval_id: int
    operator_id: int
    witness_ids: list[int]
    disposed_at: datetime
    recorded_by_id: int

    @staticmethod
    def resolve_asset_ids(disposal: Any) -> list[int]:
        return _ids(disposal.assets)

    @staticmethod
    def resolve_witness_ids(disposal: Any) -> list[int]:
        return _ids(disposal.witnesses)


class DisposalPage(Schema):
    next_offset: int | None
    items: list[DisposalOut]


class DisposalWitnessIn(Schema):
    witness_id: Id


class DisposalSignatureOut(Schema):
    """A supervisor's signature under a disposal (DESTROY-WITNESS): on their own login, or
    signed on the paper destruction list and recorded by ``recorded_by_id``."""

    disposal_id: int
    witness_id: int
    signed_at: datetime
    on_paper: bool
    recorded_by_id: int


class DisposalToSignOut(Schema):
    """A disposal waiting for the caller's signature as a supervisor (DESTROY-WITNESS); its
    assets stay in the ledger of those who may see them."""

    id: int
    outcome: Outcome
    method: DisposalMethod
    place: str
    operator_id: int
    disposed_at: datetime
    asset_count: int


# Antivirus, backups, standalone use, integrity ----------------------------------------------


class AntivirusIn(Schema):
    signatures_on: date = Field(description="The date of the signatures; not in the future")
    product: Line | None = text(Asset, "antivirus", None, description="Default: unchanged")


class InfectionIn(Schema):
    virus: Line = text(Infection, "virus")


class TreatmentIn(Schema):
    treatment: Text = text(Infection, "treatment")


class InfectionOut(Schema):
    """A virus found on a computer (DEV-AV): out of use until cleared."""

    id: int
    asset_id: int
    asset_number: str
    virus: str
    found_at: datetime
    reported_by_id: int
    cleared_at: datetime | None
    cleared_by_id: int | None
    treatment: str

    @staticmethod
    def resolve_asset_number(infection: Any) -> str:
        return infection.asset.number


class InfectionPage(Schema):
    next_offset: int | None
    items: list[InfectionOut]


class BackupIn(Schema):
    on: date = Field(description="Not in the future")
    target: Line = text(Backup, "target", description="Where the files were backed up to")


class BackupOut(Schema):
    id: int
    asset_id: int
    on: date
    target: str
    recorded_by_id: int
    recorded_at: datetime


class BackupDueOut(Schema):
    """A computer holding important files (DEV-BACKUP) with its last backup; ``due_by``: the
    end of the current period when it has no backup in it yet (null: done); ``missed``: no
    backup in the period before."""

    asset: AssetOut
    last: date | None
    due_by: date | None
    missed: bool


class StandaloneIn(Schema):
    level: ClassifiedLevel
    purpose: Text = text(StandaloneUse, "purpose")


class FinishIn(Schema):
    treatment: Text = text(
        StandaloneUse,
        "treatment",
        description="How the data was deleted and the machine treated (DEV-STANDALONE)",
    )


class StandaloneOut(Schema):
    """Classified data processed on a standalone computer (DEV-STANDALONE)."""

    id: int
    computer_id: int
    computer_number: str | None = Field(
        description="Null for a computer the caller may not see in the ledger (handed to "
        "someone else since): named by its id only (CLS-MAC)"
    )
    person_id: int
    level: int
    purpose: str
    approval_id: int
    started_at: datetime
    started_by_id: int
    finished_at: datetime | None
    finished_by_id: int | None
    treatment: str


class StandalonePage(Schema):
    next_offset: int | None
    items: list[StandaloneOut]


class IntegrityReviewIn(Schema):
    department_id: Id
    reviewed_on: date = Field(description="Not in the future")
    findings: Text = text(IntegrityReview, "findings")
    anomaly: bool = Field(
        False, description="An unexplained modification, move or deletion: raises an alert"
    )


class IntegrityReviewOut(Schema):
    """A department's review of its stored data (DEV-INTEGRITY)."""

    id: int
    department_id: int
    department: str
    reviewed_on: date
    reviewer_id: int
    recorded_by_id: int
    findings: str
    anomaly: bool
    alert_id: int | None

    @staticmethod
    def resolve_department(review: Any) -> str:
        return review.department.name


class IntegrityReviewPage(Schema):
    next_offset: int | None
    items: list[IntegrityReviewOut]


class RecordsOut(Schema):
    """An asset's care records; repairs and loans only for the security officer."""

    repairs: list[RepairOut]
    loans: list[LoanOut]
    infections: list[InfectionOut]
    backups: list[BackupOut] = Field(description="The latest twelve")
    standalone: list[StandaloneOut]


def _created(approval: ApprovalRequest) -> Any:
    return Status(201, approval)


# Repairs ------------------------------------------------------------------------------------


@router.post("/assets/{asset_id}/repair-requests", response={201: RequestOut})
def request_repair(request: HttpRequest, asset_id: Id, payload: RepairRequestIn) -> Any:
    """Report a fault and ask the office director to approve a repair by a designated vendor
    (DEV-REPAIR; a vendor not designated, or a medium that has held classified data, is
    refused with 403)."""
    return _created(
        away_ops.request_repair(actor=request.auth, asset_id=asset_id, **payload.dict())
    )


@router.post("/assets/{asset_id}/repairs", response={201: RepairOut})
def send_to_repair(request: HttpRequest, asset_id: Id, payload: RepairIn) -> Any:
    """Hand the asset to the vendor under the granted approval, opening its repair record
    (DEV-REPAIR); a classified machine goes without its storage, ``storage_kept`` saying
    where it stays (403 without)."""
    repair = away_ops.send_to_repair(actor=request.auth, asset_id=asset_id, **payload.dict())
    return Status(201, repair)


@router.post("/repairs/{repair_id}/return", response=RepairOut)
def return_from_repair(request: HttpRequest, repair_id: Id, payload: RepairReturnIn) -> Any:
    """Close the repair record with the work done; the asset is in use again (409 when it
    has already come back)."""
    return away_ops.return_from_repair(
        actor=request.auth, repair_id=repair_id, work_done=payload.work_done
    )


@router.get("/repairs", response=RepairPage)
def repairs(request: HttpRequest, paging: Query[Paging], open_only: bool = False) -> Any:
    """The repair record, newest first; ``open_only``: still at the vendor."""
    return page(queries.repairs(request.auth, open_only=open_only), paging)


# Loans --------------------------------------------------------------------------------------


@router.post("/assets/{asset_id}/loan-requests", response={201: RequestOut})
def request_loan(request: HttpRequest, asset_id: Id, payload: AssetLoanIn) -> Any:
    """Ask the leader in charge to approve lending the asset to another organisation
    (DEV-LEND)."""
    return _created(away_ops.request_loan(actor=request.auth, asset_id=asset_id, **payload.dict()))


@router.post("/assets/{asset_id}/loans", response={201: LoanOut})
def lend_asset(request: HttpRequest, asset_id: Id, payload: AssetLoanIn) -> Any:
    """Lend the asset under the granted approval for this borrower and date (DEV-LEND; 403
    without one)."""
    loan = away_ops.lend_asset(actor=request.auth, asset_id=asset_id, **payload.dict())
    return Status(201, loan)


@router.post("/loans/{loan_id}/return", response=LoanOut)
def return_loan(request: HttpRequest, loan_id: Id, payload: LoanReturnIn) -> Any:
    """Record that the lent asset came back, and in which condition; it is in use again."""
    return away_ops.return_loan(actor=request.auth, loan_id=loan_id, condition=payload.condition)


@router.get("/loans", response=LoanPage)
def loans(request: HttpRequest, paging: Query[Paging], open_only: bool = False) -> Any:
    """Equipment lent outside, newest first; ``open_only``: not back yet."""
    return page(queries.loans(request.auth, open_only=open_only), paging)


# Disposals ----------------------------------------------------------------------------------


@router.post("/disposal-requests", response={201: RequestOut})
def request_disposal(request: HttpRequest, payload: DisposalRequestIn) -> Any:
    """Ask the leader in charge to approve scrapping or destroying these assets
    (DESTROY-APPROVE)."""
    return _created(disposal_ops.request_disposal(actor=request.auth, **payload.dict()))


@router.post("/disposals", response={201: DisposalOut})
def dispose(request: HttpRequest, payload: DisposalIn) -> Any:
    """报废/销毁: the approved assets leave the ledger (DESTROY-APPROVE), by a designated
    method at a named place (DESTROY-PLACE), supervised by enough witnesses other than the
    operator (DESTROY-WITNESS)."""
    return Status(201, disposal_ops.dispose(actor=request.auth, **payload.dict()))


@router.get("/disposals", response=DisposalPage)
def disposals(request: HttpRequest, paging: Query[Paging]) -> Any:
    """Scrapped and destroyed assets with their supervisors, newest first."""
    return page(queries.disposals(request.auth), paging)


@router.get("/disposals/to-witness", response=list[DisposalToSignOut])
def disposals_to_witness(request: HttpRequest) -> Any:
    """The disposals naming the caller as a supervisor that they have not signed yet
    (DESTROY-WITNESS), oldest first."""
    return queries.to_witness(request.auth)


@router.post("/disposals/{disposal_id}/witness", response={201: DisposalSignatureOut})
def confirm_witness(request: HttpRequest, disposal_id: Id) -> Any:
    """监销: a supervisor named under the disposal signs it on their own login
    (DESTROY-WITNESS)."""
    return Status(201, disposal_ops.confirm_witness(actor=request.auth, disposal_id=disposal_id))


@router.post("/disposals/{disposal_id}/paper-signatures", response={201: DisposalSignatureOut})
def record_witness_signature(
    request: HttpRequest, disposal_id: Id, payload: DisposalWitnessIn
) -> Any:
    """The security officer records that a named supervisor signed the paper destruction list
    (DESTROY-WITNESS)."""
    return Status(
        201,
        disposal_ops.record_witness_signature(
            actor=request.auth, disposal_id=disposal_id, **payload.dict()
        ),
    )


# Antivirus and infections -------------------------------------------------------------------


@router.post("/assets/{asset_id}/antivirus", response=AssetOut)
def record_av_update(request: HttpRequest, asset_id: Id, payload: AntivirusIn) -> Any:
    """Record the antivirus signatures updated on a computer (DEV-AV), and the product when
    it changed; by its custodian or the security officer. The date never goes back (409)."""
    changes = payload.dict(exclude_none=True)
    return upkeep_ops.record_av_update(actor=request.auth, computer_id=asset_id, **changes)


@router.post("/assets/{asset_id}/infections", response={201: InfectionOut})
def report_infection(request: HttpRequest, asset_id: Id, payload: InfectionIn) -> Any:
    """Report a virus found on a computer (DEV-AV): it is out of use until the security
    office clears it, and the office gets an alert."""
    infection = upkeep_ops.report_infection(
        actor=request.auth, computer_id=asset_id, virus=payload.virus
    )
    return Status(201, infection)


@router.post("/infections/{infection_id}/clear", response=InfectionOut)
def clear_infection(request: HttpRequest, infection_id: Id, payload: TreatmentIn) -> Any:
    """The security office clears an infection with what was done (DEV-AV)."""
    return upkeep_ops.clear_infection(
        actor=request.auth, infection_id=infection_id, treatment=payload.treatment
    )


@router.get("/infections", response=InfectionPage)
def infections(request: HttpRequest, paging: Query[Paging], open_only: bool = True) -> Any:
    """Infections reported, newest first; ``open_only`` (default): computers still out of
    use."""
    return page(queries.infections(request.auth, open_only=open_only), paging)


@router.get("/antivirus-stale", response=AssetPage)
def antivirus_stale(request: HttpRequest, paging: Query[Paging]) -> Any:
    """Computers at hand without an antivirus product or with signatures older than
    DEV-AV.signature_days, oldest first: the organisation's for the security officer, the
    caller's own otherwise."""
    return page(queries.av_stale(request.auth, timezone.localdate()), paging)


# Backups ------------------------------------------------------------------------------------


@router.post("/assets/{asset_id}/backups", response={201: BackupOut})
def record_backup(request: HttpRequest, asset_id: Id, payload: BackupIn) -> Any:
    """Record a backup of a computer's important files, and where to (DEV-BACKUP)."""
    backup = upkeep_ops.record_backup(actor=request.auth, computer_id=asset_id, **payload.dict())
    return Status(201, backup)


class BackupsDueQuery(Schema):
    limit: int = Field(200, ge=1, le=1000)


@router.get("/backups-due", response=list[BackupDueOut])
def backups_due(request: HttpRequest, query: Query[BackupsDueQuery]) -> Any:
    """The computers holding important files, those needing a backup first, at most
    ``limit`` (200 by default): ``per_month`` times a month (DEV-BACKUP)."""
    return queries.backups_due(request.auth, timezone.localdate(), limit=query.limit)


# Standalone processing ----------------------------------------------------------------------


@router.post("/assets/{asset_id}/standalone-requests", response={201: RequestOut})
def request_standalone(request: HttpRequest, asset_id: Id, payload: StandaloneIn) -> Any:
    """Ask the leader in charge to approve processing classified data on this standalone
    computer (DEV-STANDALONE: classified for the level, on no network, without wireless;
    DEV-AV: not infected)."""
    return _created(
        upkeep_ops.request_standalone(actor=request.auth, computer_id=asset_id, **payload.dict())
    )


@router.post("/assets/{asset_id}/standalone", response={201: StandaloneOut})
def start_standalone(request: HttpRequest, asset_id: Id, payload: StandaloneIn) -> Any:
    """Begin the approved processing (DEV-STANDALONE; 403 without the approval)."""
    use = upkeep_ops.start_standalone(actor=request.auth, computer_id=asset_id, **payload.dict())
    return Status(201, queries.standalone_use(request.auth, use.pk))


@router.post("/standalone/{use_id}/finish", response=StandaloneOut)
def finish_standalone(request: HttpRequest, use_id: Id, payload: FinishIn) -> Any:
    """Close the use with the deletion of the data and the machine's treatment
    (DEV-STANDALONE; 403 when they are not recorded)."""
    use = upkeep_ops.finish_standalone(
        actor=request.auth, use_id=use_id, treatment=payload.treatment
    )
    return queries.standalone_use(request.auth, use.pk)


@router.get("/standalone", response=StandalonePage)
def standalone_uses(request: HttpRequest, paging: Query[Paging], open_only: bool = False) -> Any:
    """Standalone processing, newest first: the organisation's for the security officer, the
    caller's own otherwise; ``open_only``: not finished yet."""
    return page(queries.standalone_uses(request.auth, open_only=open_only), paging)


# Data integrity reviews ---------------------------------------------------------------------


@router.post("/integrity-reviews", response={201: IntegrityReviewOut})
def record_integrity_review(request: HttpRequest, payload: IntegrityReviewIn) -> Any:
    """Record a department's review of its stored data (DEV-INTEGRITY), by one of its people
    or the security officer; an unexplained change (``anomaly``) raises an alert."""
    review = upkeep_ops.record_integrity_review(actor=request.auth, **payload.dict())
    return Status(201, review)


@router.get("/integrity-reviews", response=IntegrityReviewPage)
def integrity_reviews(request: HttpRequest, paging: Query[Paging]) -> Any:
    """Data integrity reviews, latest first: the organisation's for the security officer,
    the caller's department's otherwise."""
    return page(queries.integrity_reviews(request.auth), paging)


# One asset's records ------------------------------------------------------------------------


@router.get("/assets/{asset_id}/records", response=RecordsOut)
def asset_records(request: HttpRequest, asset_id: Id) -> Any:
    """An asset's repairs, loans, infections, latest backups and standalone uses."""
    return queries.asset_records(request.auth, asset_id)
