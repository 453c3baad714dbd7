"""The approvals' panels of the home page: what awaits my approval (for those who decide) and
the requests I made that still await a decision (JOURNEYS §3); the count of the first is the
待办 badge of the approvals entry."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from baomi.access.roles import Permission, has_permission
from baomi.approvals import queries
from baomi.approvals.models import State
from baomi.seams.approvals import describe

LIMIT = 20


def awaiting(actor: Any) -> dict[str, Any] | None:
    if not has_permission(actor, Permission.DECIDE_APPROVAL):
        return None
    found = [
        (r, describe(actor, r.subject_type, r.subject_id)) for r in queries.awaiting(actor)[:LIMIT]
    ]
    return {"awaiting": found, "decides": True}


def awaiting_count(actor: Any) -> int:
    if not has_permission(actor, Permission.DECIDE_APPROVAL):
        return 0
    return queries.awaiting(actor).count()


def waiting_for(actor: Any) -> dict[str, Any] | None:
    """My requests still awaiting a decision, with who decides next; None when there are none."""
    if not has_permission(actor, Permission.REQUEST_APPROVAL):
        return None
    pending = queries.mine(actor).filter(state=State.PENDING, expires_at__gt=timezone.now())
    found = [
        (r, describe(actor, r.subject_type, r.subject_id))
        for r in pending.order_by("-created_at", "-pk")[:LIMIT]
    ]
    return {"waiting": found} if found else None
