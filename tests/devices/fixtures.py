"""Assets written straight into the ledger for the tests of media uses and physical checks
(tests may write models): they do not go through the registering operation."""

from __future__ import annotations

import itertools
from typing import Any

from django.utils import timezone

from baomi.devices.models import KIND_OF_TYPE, Asset, AssetType

_numbers = itertools.count(1)


def make_asset(organisation_id: int, type: str = AssetType.USB_STICK, **kw: Any) -> Asset:
    """An asset of ``type`` in use, numbered ZC-… unless ``number`` is given."""
    now = timezone.now()
    kw.setdefault("number", f"ZC-{next(_numbers):05d}")
    return Asset.objects.create(
        organisation_id=organisation_id,
        kind=KIND_OF_TYPE[AssetType(type)],
        type=type,
        registered_at=now,
        updated_at=now,
        **kw,
    )
