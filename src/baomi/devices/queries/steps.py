"""What comes next for one asset (RULES.md §7), as the person asking may see and do it: for
each workflow of the asset, the step it is at and the operation (named as in
``baomi.devices.operations``) that comes next. The asset page offers exactly these steps and
the API's asset detail returns them, so a client is told what the page shows.

For the security officer: a repair by a designated vendor (DEV-REPAIR; a medium that holds or
has held classified data never leaves for repair), a loan outside (DEV-LEND), the asset's
scrapping or destruction (DESTROY-APPROVE) and a medium's sanitising (MEDIA-TAINT); on a
computer, for its custodian and the officer, standalone processing (DEV-STANDALONE) and the
upkeep records (DEV-AV, DEV-BACKUP). Each approved workflow goes: nothing asked (the request
is next), awaiting the approvers, approved (the operation is next), and for a repair or a loan
away until it is back (the return is next)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from baomi.access.actor import Actor
from baomi.access.mac import knower
from baomi.access.roles import Permission, has_permission
from baomi.approvals.models import ApprovalRequest
from baomi.devices.ledger_rules import LEDGER_STATUSES
from baomi.devices.models import GONE, Asset, AssetKind, Loan, Repair, StandaloneUse
from baomi.devices.queries import approvals as approval_reads
from baomi.devices.queries import care
from baomi.rulebook import book

# The step a workflow is at.
NONE = "none"  # nothing asked: the request comes next
PENDING = "pending"  # awaiting the approvers: nothing to do but wait
GRANTED = "granted"  # approved: the operation itself comes next
OPEN = "open"  # at the vendor or lent: the return comes next
NEVER = "never"  # a classified medium is never repaired (DEV-REPAIR)
RUNNING = "running"  # a standalone use in progress is finished first (DEV-STANDALONE)

# The next operations of each workflow (baomi.devices.operations).
REQUEST_REPAIR, SEND_TO_REPAIR, RETURN_FROM_REPAIR = (
    "request_repair",
    "send_to_repair",
    "return_from_repair",
)
REQUEST_LOAN, LEND_ASSET, RETURN_LOAN = "request_loan", "lend_asset", "return_loan"
REQUEST_DISPOSAL, DISPOSE = "request_disposal", "dispose"
REQUEST_STANDALONE, START_STANDALONE, FINISH_STANDALONE = (
    "request_standalone",
    "start_standalone",
    "finish_standalone",
)
REQUEST_SANITISATION, SANITISE = "request_sanitisation", "sanitise"
UPKEEP = ("record_av_update", "report_infection", "record_backup")


@dataclass(frozen=True)
class RepairStep:
    """DEV-REPAIR: ``open`` the repair record while at the vendor; ``granted`` the approval
    to send it, then ``keeps_storage``: a machine that holds or has held classified data
    goes without its storage; ``vendors`` the designated vendors a request may name (none:
    nothing can be asked yet)."""

    state: str
    next: str | None
    open: Repair | None = None
    granted: ApprovalRequest | None = None
    pending: ApprovalRequest | None = None
    keeps_storage: bool = False
    vendors: tuple[str, ...] = ()


@dataclass(frozen=True)
class LoanStep:
    """DEV-LEND: ``open`` the loan while lent; ``granted`` the approval naming the borrower
    and the date it is due back."""

    state: str
    next: str | None
    open: Loan | None = None
    granted: ApprovalRequest | None = None
    pending: ApprovalRequest | None = None


@dataclass(frozen=True)
class DisposalStep:
    """DESTROY-APPROVE: the scrapping or destruction of this asset alone; ``outcome`` the
    approved one (scrapped or destroyed)."""

    state: str
    next: str | None
    granted: ApprovalRequest | None = None
    pending: ApprovalRequest | None = None
    outcome: str | None = None


@dataclass(frozen=True)
class StandaloneStep:
    """DEV-STANDALONE by the person asking: ``running`` the uses in progress they may finish
    (the officer: any); ``state`` None when they may ask for none (the computer is not at
    hand, or their role knows no items)."""

    state: str | None
    next: str | None
    running: tuple[StandaloneUse, ...] = ()
    granted: ApprovalRequest | None = None
    pending: ApprovalRequest | None = None


@dataclass(frozen=True)
class SanitiseStep:
    """MEDIA-TAINT: a medium that is classified or has held classified data is re-used only
    after sanitising approved by the office director; ``requests`` every request to sanitise
    it (listed also once it is sanitised or gone); ``state`` None when it needs none."""

    state: str | None
    next: str | None
    requests: tuple[ApprovalRequest, ...] = ()
    sanitisable: bool = False
    granted: ApprovalRequest | None = None
    pending: ApprovalRequest | None = None


@dataclass(frozen=True)
class AssetSteps:
    """The next steps of one asset for one person; None for a workflow they do not see.
    ``records`` and ``requests`` (the approvals asked about its care) are what the steps
    were read from."""

    records: care.Records
    requests: list[ApprovalRequest]
    repair: RepairStep | None
    loan: LoanStep | None
    disposal: DisposalStep | None
    standalone: StandaloneStep | None
    sanitise: SanitiseStep | None
    upkeep: tuple[str, ...]


def holds_classified(asset: Asset) -> bool:
    """The asset is classified or has held classified data."""
    return asset.is_classified or asset.tainted


def never_repaired(asset: Asset) -> bool:
    """DEV-REPAIR: a medium that holds or has held classified data never leaves for repair;
    when it fails it is destroyed."""
    return asset.kind == AssetKind.MEDIUM and holds_classified(asset)


def _at_hand(asset: Asset) -> bool:
    return asset.status in LEDGER_STATUSES


def _state(granted: Any, pending: Any) -> str:
    return GRANTED if granted else PENDING if pending else NONE


def _of(requests: list[ApprovalRequest], operation: str) -> list[ApprovalRequest]:
    return [r for r in requests if r.operation == operation]


def _vendors(actor: Actor) -> tuple[str, ...]:
    """The organisation's designated repair vendors (the rulebook's DEV-REPAIR.vendors)."""
    person = getattr(actor, "person", None)
    if person is None:
        return ()
    return tuple(book.param(person.organisation_id, "DEV-REPAIR", "vendors"))


def _repair(
    actor: Actor, asset: Asset, requests: list[ApprovalRequest], records: care.Records
) -> RepairStep | None:
    """The repair step the asset is at (DEV-REPAIR): at the vendor (its return is next), or
    at hand: asking, awaiting the office director, or approved (sending it is next)."""
    open_repair = next((r for r in records.repairs if r.returned_at is None), None)
    if open_repair is not None:
        return RepairStep(OPEN, RETURN_FROM_REPAIR, open=open_repair)
    if not _at_hand(asset):
        return None
    if never_repaired(asset):
        return RepairStep(NEVER, None)  # a classified medium is destroyed when it fails
    asked = _of(requests, approval_reads.REPAIR)
    granted, pending = approval_reads.granted(asked), approval_reads.pending(asked)
    if granted:
        return RepairStep(
            GRANTED, SEND_TO_REPAIR, granted=granted, keeps_storage=holds_classified(asset)
        )
    if pending:
        return RepairStep(PENDING, None, pending=pending)
    vendors = _vendors(actor)
    return RepairStep(NONE, REQUEST_REPAIR if vendors else None, vendors=vendors)


def _loan(asset: Asset, requests: list[ApprovalRequest], records: care.Records) -> LoanStep | None:
    """The loan step (DEV-LEND): lent (its return is next), or at hand: asking, awaiting the
    leader, or approved (lending it to the approved borrower until the date is next)."""
    open_loan = next((r for r in records.loans if r.returned_at is None), None)
    if open_loan is not None:
        return LoanStep(OPEN, RETURN_LOAN, open=open_loan)
    if not _at_hand(asset):
        return None
    asked = _of(requests, approval_reads.LEND)
    granted, pending = approval_reads.granted(asked), approval_reads.pending(asked)
    state = _state(granted, pending)
    following = {GRANTED: LEND_ASSET, NONE: REQUEST_LOAN}.get(state)
    return LoanStep(state, following, granted=granted, pending=pending)


def _disposal(asset: Asset, requests: list[ApprovalRequest]) -> DisposalStep | None:
    """The disposal step of this asset alone (DESTROY-APPROVE): asking, awaiting the leader,
    or approved (recording it, with the method, place, operator and supervisors, is next)."""
    if not _at_hand(asset):
        return None
    alone = {"assets": [asset.pk]}
    asked = _of(requests, approval_reads.DISPOSE)
    granted = approval_reads.granted(asked, alone)
    pending = approval_reads.pending(asked, alone)
    state = _state(granted, pending)
    return DisposalStep(
        state,
        {GRANTED: DISPOSE, NONE: REQUEST_DISPOSAL}.get(state),
        granted=granted,
        pending=pending,
        outcome=granted.params.get("outcome") if granted else None,
    )


def _standalone(
    actor: Actor,
    asset: Asset,
    requests: list[ApprovalRequest],
    records: care.Records,
    manages: bool,
) -> StandaloneStep:
    """Standalone processing on a computer (DEV-STANDALONE) by the actor: asking, awaiting the
    leader, or approved (beginning is next); and the uses in progress they may finish."""
    person = knower(actor)
    me = person.pk if person is not None else None
    running = tuple(
        u for u in records.standalone if u.finished_at is None and (manages or u.person_id == me)
    )
    if any(u.finished_at is None for u in records.standalone):
        # One use at a time: it is finished first.
        return StandaloneStep(RUNNING, FINISH_STANDALONE if running else None, running=running)
    if person is None or not _at_hand(asset):
        return StandaloneStep(None, None)
    asked = _of(requests, approval_reads.STANDALONE)
    granted = approval_reads.granted(asked, {"person": me})
    pending = approval_reads.pending(asked, {"person": me})
    state = _state(granted, pending)
    following = {GRANTED: START_STANDALONE, NONE: REQUEST_STANDALONE}.get(state)
    return StandaloneStep(state, following, granted=granted, pending=pending)


def _sanitise(actor: Actor, asset: Asset) -> SanitiseStep | None:
    """For a medium: the requests to sanitise it (MEDIA-TAINT), and for one that is
    classified or has held classified data the step: asking the office director (while none
    is pending or granted), awaiting, or approved (recording the sanitising is next)."""
    if asset.kind != AssetKind.MEDIUM:
        return None
    requests = tuple(approval_reads.sanitisations(actor, asset.pk))
    sanitisable = holds_classified(asset) and asset.status not in GONE
    if not sanitisable:
        return SanitiseStep(None, None, requests=requests) if requests else None
    granted = approval_reads.granted(list(requests), {"level": asset.level})
    pending = approval_reads.pending(list(requests))
    state = _state(granted, pending)
    return SanitiseStep(
        state,
        {GRANTED: SANITISE, NONE: REQUEST_SANITISATION}.get(state),
        requests=requests,
        sanitisable=True,
        granted=granted,
        pending=pending,
    )


def next_steps(actor: Actor, asset: Asset) -> AssetSteps:
    """The next steps of ``asset`` (as ``ledger.asset`` gives it to ``actor``) for
    ``actor``: repair, loan, disposal and sanitising for the security officer; standalone
    processing and the upkeep records (antivirus, infection, backup) on a computer for its
    custodian and the officer."""
    manages = has_permission(actor, Permission.MANAGE_DEVICES)
    records = care.asset_records(actor, asset.pk)
    requests = approval_reads.about(
        actor,
        asset.pk,
        approval_reads.REPAIR,
        approval_reads.LEND,
        approval_reads.DISPOSE,
        approval_reads.STANDALONE,
    )
    computer = asset.kind == AssetKind.COMPUTER
    return AssetSteps(
        records=records,
        requests=requests,
        repair=_repair(actor, asset, requests, records) if manages else None,
        loan=_loan(asset, requests, records) if manages else None,
        disposal=_disposal(asset, requests) if manages else None,
        standalone=_standalone(actor, asset, requests, records, manages) if computer else None,
        sanitise=_sanitise(actor, asset) if manages else None,
        upkeep=UPKEEP if computer and _at_hand(asset) else (),
    )
