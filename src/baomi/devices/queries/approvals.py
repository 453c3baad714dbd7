"""Reads of the approvals asked about the equipment ledger's assets, for the asset page of the
security officer (MANAGE_DEVICES): the requests to sanitise a medium that has held classified
data (MEDIA-TAINT), and the one a sanitising may now use."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from baomi.access.roles import Permission, has_permission
from baomi.approvals.models import ApprovalRequest, State
from baomi.devices.models import Asset, AssetKind
from baomi.devices.queries import ledger

# The operation_name and subject type of a sanitising (baomi.devices.operations.media).
SANITISE = "sanitise"
SUBJECT = "devices.asset"
# The latest requests shown about one medium.
REQUESTS_SHOWN = 20


def sanitisations(actor: Any, medium_id: int) -> list[ApprovalRequest]:
    """The latest requests to sanitise a medium of the ledger, newest first; none for anyone
    but the security officer, who keeps the ledger, nor for an asset they may not see."""
    if not has_permission(actor, Permission.MANAGE_DEVICES):
        return []
    medium = ledger.assets(actor, kind=AssetKind.MEDIUM).filter(pk=medium_id).first()
    if medium is None:
        return []
    return list(
        ApprovalRequest.objects.filter(
            organisation_id=medium.organisation_id,
            operation=SANITISE,
            subject_type=SUBJECT,
            subject_id=str(medium.pk),
        )
        .select_related("requester")
        .prefetch_related("steps__approver")
        .order_by("-pk")[:REQUESTS_SHOWN]
    )


def _live(request: ApprovalRequest, at: Any) -> bool:
    return request.expires_at > at


def granted(requests: list[ApprovalRequest], medium: Asset) -> ApprovalRequest | None:
    """Among ``requests``, a granted, unexpired approval the sanitising of ``medium`` as it
    is now may use (one granted for its present level), or None."""
    at = timezone.now()
    for r in requests:
        if r.state == State.GRANTED and _live(r, at) and r.params == {"level": medium.level}:
            return r
    return None


def pending(requests: list[ApprovalRequest]) -> ApprovalRequest | None:
    """Among ``requests``, one still awaiting its approvers (unexpired), or None."""
    at = timezone.now()
    return next((r for r in requests if r.state == State.PENDING and _live(r, at)), None)
