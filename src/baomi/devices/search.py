"""Equipment in the global search: by asset number (资产编号), serial, make and model or
location, however the number is written (``core.matching``), among the assets the searching
person may see (the organisation's ledger for the security officer, their own assets for
anyone else: ``queries.ledger.assets``). The nearest number first."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from baomi.core.matching import closeness, matches
from baomi.devices.queries import ledger
from baomi.seams.search import Hit


def assets(actor: Any, text: str, limit: int) -> list[Hit]:
    found = (
        ledger.assets(actor)
        .filter(
            matches("number", text)
            | matches("serial", text)
            | matches("make_model", text)
            | matches("location", text)
        )
        .annotate(closeness=closeness("number", text))
        .order_by("closeness", "number", "pk")[:limit]
    )
    return [
        Hit(
            f"{asset.number} {asset.get_type_display()}",
            reverse("asset", args=[asset.pk]),
            asset.level,
            kind=_("Asset"),
            closeness=asset.closeness,
        )
        for asset in found
    ]
