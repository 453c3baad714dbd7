"""Equipment in the global search: by number, serial and the ledger's other search fields,
among the assets the searching person may see (the organisation's ledger for the security
officer, their own assets for anyone else: ``queries.ledger.assets``)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from baomi.devices.queries import ledger
from baomi.seams.search import Hit


def assets(actor: Any, text: str, limit: int) -> list[Hit]:
    found = ledger.assets(actor, search=text).order_by("number", "pk")[:limit]
    return [
        Hit(
            f"{asset.number} {asset.get_type_display()}",
            reverse("asset", args=[asset.pk]),
            asset.level,
        )
        for asset in found
    ]
