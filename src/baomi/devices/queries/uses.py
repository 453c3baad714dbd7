"""The uses of media shown on an asset's page (MEDIA-REGISTERED): on a computer, the media
used on it; for a medium, the computers it was used on. Refused attempts are listed too."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from baomi.devices.models import MediaUse
from baomi.devices.queries import ledger


def media_uses(actor: Any, asset_id: int) -> QuerySet[MediaUse]:
    """The uses of media on or of an asset ``actor`` may see (NotFound otherwise)."""
    seen = ledger.asset(actor, asset_id)
    return (
        MediaUse.objects.filter(organisation_id=seen.organisation_id)
        .filter(Q(computer_id=seen.pk) | Q(medium_id=seen.pk))
        .select_related("computer", "medium", "person", "recorded_by")
    )
