"""The equipment's panel of the home page: what I keep (DEV-LEDGER), each computer marked with
the date its backup is due (DEV-BACKUP) and whether its antivirus needs updating (DEV-AV)."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from baomi.access.mac import knower
from baomi.devices.queries import care
from baomi.devices.queries import ledger as devices

LIMIT = 20


def equipment(actor: Any) -> dict[str, Any] | None:
    person = knower(actor)
    if person is None:
        return None
    found = list(devices.held_by(actor)[:LIMIT])
    if not found:
        return None
    today = timezone.localdate()
    due = {r.asset.pk: r.due_by for r in care.backups_due(actor, today, custodian_id=person.pk)}
    stale = set(
        care.av_stale(actor, today).filter(custodian_id=person.pk).values_list("pk", flat=True)
    )
    for asset in found:
        asset.backup_due_by, asset.av_stale = due.get(asset.pk), asset.pk in stale
    return {"equipment": found}
