"""The uses of media shown on an asset's page (MEDIA-REGISTERED): on a computer, the media
used on it; for a medium, the computers it was used on. Refused attempts are listed too."""

from __future__ import annotations

from django.db.models import Q

from baomi.access.actor import Actor
from baomi.devices.models import AssetKind, MediaUse
from baomi.devices.queries import ledger


def media_uses(actor: Actor, asset_id: int, limit: int | None = None) -> list[MediaUse]:
    """The uses of media on or of an asset ``actor`` may see (NotFound otherwise), newest
    first, at most ``limit``. Each has ``other``: the asset on the other side (the medium
    used on a computer, the computer a medium was used on) as a ``ledger.Related``, numbered
    only for a viewer who may see it; None for a medium not in the ledger (shown as it was
    presented)."""
    seen = ledger.asset(actor, asset_id)
    found = (
        MediaUse.objects.filter(organisation_id=seen.organisation_id)
        .filter(Q(computer_id=seen.pk) | Q(medium_id=seen.pk))
        .select_related("person", "recorded_by")
    )
    uses = list(found[:limit] if limit is not None else found)
    on_computer = seen.kind == AssetKind.COMPUTER
    kind = AssetKind.MEDIUM if on_computer else AssetKind.COMPUTER
    others = {u.pk: u.medium_id if on_computer else u.computer_id for u in uses}
    named = ledger.related(actor, [(pk, kind) for pk in others.values() if pk is not None])
    for use in uses:
        use.other = named.get(others[use.pk])
    return uses
