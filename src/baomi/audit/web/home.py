"""The audit trail's panel of the home page, for the auditor (JOURNEYS §7): verify the chain
now, the latest signed checkpoints and how many events came after the last one, and the
refusals of the last week to review."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from baomi.access.roles import Permission, has_permission
from baomi.audit import queries
from baomi.audit.models import Outcome

RECENT_CHECKPOINTS = 3
REVIEW_DAYS = 7


def chain(actor: Any) -> dict[str, Any] | None:
    if not has_permission(actor, Permission.READ_AUDIT):
        return None
    found = queries.checkpoints(actor, limit=RECENT_CHECKPOINTS)
    last_seq = found[0].seq if found else 0
    since = timezone.localdate() - timedelta(days=REVIEW_DAYS - 1)
    return {
        "checkpoints": found,
        "after_checkpoint": queries.events(actor).filter(seq__gt=last_seq).count(),
        "refusals": queries.events(actor, outcome=Outcome.DENIED, date_from=since).count(),
        "since": since,
    }
