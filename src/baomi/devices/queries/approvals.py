"""Reads of the approvals asked about the equipment ledger's assets, for the asset page: the
requests of one operation (sanitising a medium, MEDIA-TAINT; a repair, DEV-REPAIR; a loan,
DEV-LEND; a disposal, DESTROY-APPROVE; standalone processing, DEV-STANDALONE) about one asset,
and among them the one still awaiting its approvers or the granted one an operation may now
use."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from baomi.access.actor import Actor
from baomi.access.mac import knower
from baomi.access.roles import Permission, has_permission
from baomi.approvals.models import ApprovalRequest, State
from baomi.approvals.queries import among, latest_about, same_params
from baomi.devices.models import AssetKind
from baomi.devices.queries import ledger

# The operation_name of each approved operation on an asset (baomi.devices.operations) and the
# subject type they all ask about.
SANITISE = "sanitise"
REPAIR = "repair"
LEND = "lend_asset"
DISPOSE = "dispose_assets"
STANDALONE = "standalone"
SUBJECT = "devices.asset"


def about(actor: Actor, asset_id: int, *operations: str) -> list[ApprovalRequest]:
    """The latest requests of ``operations`` about an asset of the ledger, newest first: every
    one for the security officer, who keeps the ledger; a person's own requests about an asset
    they keep; none about an asset the actor may not see."""
    found = ledger.assets(actor).filter(pk=asset_id).first()
    if found is None:
        return []
    requests = ApprovalRequest.objects.filter(organisation_id=found.organisation_id)
    if not has_permission(actor, Permission.MANAGE_DEVICES):
        person = knower(actor)
        if person is None:
            return []
        requests = requests.filter(requester=person)
    return latest_about(requests, SUBJECT, found.pk, operations)


def sanitisations(actor: Actor, medium_id: int) -> list[ApprovalRequest]:
    """The latest requests to sanitise a medium of the ledger, newest first; none for anyone
    but the security officer, nor for an asset that is not a medium."""
    if not has_permission(actor, Permission.MANAGE_DEVICES):
        return []
    if not ledger.assets(actor, kind=AssetKind.MEDIUM).filter(pk=medium_id).exists():
        return []
    return about(actor, medium_id, SANITISE)


# What each approved operation takes from its approval rather than from the page: the page
# fills its form with these parameters of the approval (a repair's vendor, a loan's borrower
# and date, a disposal's outcome, the level of standalone processing); the operation then asks
# for an approval with exactly the parameters it was given (baomi.devices.operations).
CHOSEN: dict[str, tuple[str, ...]] = {
    SANITISE: (),
    REPAIR: ("vendor",),
    LEND: ("borrower", "due_back"),
    DISPOSE: ("outcome",),
    STANDALONE: ("level",),
}


def _fits(request: ApprovalRequest, params: dict[str, Any] | None) -> bool:
    """Whether the operation, given ``params`` and the parameters it takes from the approval
    (``CHOSEN``), asks for exactly this approval's parameters: the equality
    ``consume_approval`` requires (``same_params``). Without ``params`` any fits: a page
    offering the approvals to pick from, whose parameters the approval chooses."""
    if params is None:
        return True
    taken = {k: request.params.get(k) for k in CHOSEN.get(request.operation, ())}
    return same_params(request, {**taken, **params})


def granted(
    requests: list[ApprovalRequest], params: dict[str, Any] | None = None
) -> ApprovalRequest | None:
    """Among ``requests``, an approval that may be used now (granted, unexpired, unused:
    ``baomi.approvals.queries.among``) for exactly the operation the page offers: ``params``
    (e.g. the sanitising of a medium at its present level, a disposal of exactly this asset)
    with the rest taken from the approval (``CHOSEN``); without ``params`` the first to pick
    from; or None."""
    return next((r for r in among(requests) if _fits(r, params)), None)


def pending(
    requests: list[ApprovalRequest], params: dict[str, Any] | None = None
) -> ApprovalRequest | None:
    """Among ``requests``, one still awaiting its approvers (unexpired) for the operation the
    page offers, parameters compared as ``granted`` does, or None."""
    at = timezone.now()
    return next(
        (
            r
            for r in requests
            if r.state == State.PENDING and r.expires_at > at and _fits(r, params)
        ),
        None,
    )
