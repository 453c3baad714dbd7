"""The approvals' panel of the home page: what awaits my approval."""

from __future__ import annotations

from typing import Any

from baomi.access.roles import Permission, has_permission
from baomi.approvals import queries
from baomi.seams.approvals import describe

LIMIT = 20


def awaiting(actor: Any) -> dict[str, Any]:
    decides = has_permission(actor, Permission.DECIDE_APPROVAL)
    found = []
    if decides:
        found = [
            (r, describe(actor, r.subject_type, r.subject_id))
            for r in queries.awaiting(actor)[:LIMIT]
        ]
    return {"awaiting": found, "decides": decides}
