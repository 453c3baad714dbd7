"""What the ledger refuses, as pure checks shared by the single registration
(``operations.ledger``) and the file import (``imports``): the levels an asset may carry, the
airgap (DEV-AIRGAP) and the statuses set by the ledger itself. Imports no Django model."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from baomi.core.levels import Level

# An asset holds unclassified data (0) or classified data of a level (秘密, 机密, 绝密).
ASSET_LEVELS = (Level.PUBLIC, Level.CONFIDENTIAL, Level.SECRET, Level.TOP_SECRET)
# Statuses the ledger sets directly; the others come with their own approved operations.
LEDGER_STATUSES = ("in_use", "spare")
# Which operation sets each other status (named in the refusal).
STATUS_OPERATION = {
    "in_repair": gettext_lazy("the repair operation (DEV-REPAIR)"),
    "lent": gettext_lazy("the lending operation (DEV-LEND)"),
    "scrapped": gettext_lazy("scrapping"),
    "destroyed": gettext_lazy("destruction"),
}


def is_asset_level(value: object) -> bool:
    return not isinstance(value, bool) and isinstance(value, int) and value in ASSET_LEVELS


def airgap_refusal(*, kind: str, level: int, network: str, wireless: bool) -> str | None:
    """DEV-AIRGAP: why a classified computer or office device may not be so, or None. Media
    have no network of their own (MEDIA-NO-CROSS guards their uses)."""
    if kind == "medium" or level < Level.CONFIDENTIAL:
        return None
    if network == "internet":
        return _("A classified device is never connected to the internet.")
    if wireless:
        return _("A classified device has no wireless hardware.")
    return None
