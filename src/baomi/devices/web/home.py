"""The equipment's panels of the home page: the disposals waiting for my signature as a
supervisor (DESTROY-WITNESS, counted in the home entry's 待办 badge); what I keep (DEV-LEDGER),
each computer marked with the date its backup is due (DEV-BACKUP) and whether its antivirus
needs updating (DEV-AV); for the security office, the equipment alerts (their count is the
ledger entry's 待办 badge)."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from baomi.access.mac import knower
from baomi.access.roles import Permission, has_permission
from baomi.devices.queries import care
from baomi.devices.queries import ledger as devices

LIMIT = 20


def to_witness(actor: Any) -> dict[str, Any] | None:
    """The disposals I supervised and have not signed yet (DESTROY-WITNESS); None when none."""
    found = list(care.to_witness(actor)[:LIMIT])
    return {"disposals": found} if found else None


def to_witness_count(actor: Any) -> int:
    return care.to_witness(actor).count()


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


def _watches(actor: Any) -> bool:
    """The security office keeps the ledger and watches its alerts."""
    return has_permission(actor, Permission.MANAGE_DEVICES)


def alerts(actor: Any) -> dict[str, Any] | None:
    """The security office's equipment watch: open alerts (refused media uses, DEV-AIRGAP,
    check findings), computers out of use after an infection and stale antivirus (DEV-AV)."""
    if not _watches(actor):
        return None
    open_alerts = devices.alerts(actor)
    return {
        "alerts": list(open_alerts[:LIMIT]),
        "alert_count": open_alerts.count(),
        "infected": care.infections(actor).count(),
        "av_stale": care.av_stale(actor, timezone.localdate()).count(),
    }


def alert_count(actor: Any) -> int:
    """The equipment ledger's 待办: the open alerts."""
    return devices.alerts(actor).count() if _watches(actor) else 0
