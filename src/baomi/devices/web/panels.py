"""What the equipment ledger adds to other domains' pages (``baomi.seams.panels``)."""

from __future__ import annotations

from typing import Any

from baomi.devices.queries import ledger


def handover_equipment(actor: Any, *, person: Any) -> dict[str, Any] | None:
    """A person's hand-over page (HANDOVER): the equipment they keep as custodian. Equipment
    is handed over on each asset's page (DEV-LEDGER), by the officer who keeps the ledger:
    the only one this read lists it for; nothing to say to anyone else, or when they keep
    nothing."""
    equipment = list(ledger.held_by(actor, person.pk))
    return {"equipment": equipment} if equipment else None
