"""How the subject of an equipment approval (a repair, a loan, a disposal, a sanitising, a
standalone use) is told: the asset's number, type and custodian, for its keepers and its
approvers only."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from baomi.devices.queries import ledger as devices
from baomi.seams.approvals import Subject
from baomi.seams.navigation import allows


def asset(actor: Any, subject_id: int) -> Subject | None:
    found = devices.asked_about(actor, subject_id)
    if found is None:
        return None
    keeper = found.custodian.name if found.custodian else "—"
    url = reverse("asset", args=[found.pk]) if allows("devices", actor) else "#"
    return Subject(f"{found.number} {found.get_type_display()} · {keeper}", found.level, url)
