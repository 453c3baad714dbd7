"""The backups' panel of the system administrator's home page: the last backup that succeeded
and the last that failed, when the next is due, and whether it is late (DEV-BACKUP)."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from baomi.access.roles import Permission, has_permission
from baomi.backups import queries


def backups(actor: Any) -> dict[str, Any] | None:
    if not has_permission(actor, Permission.CONFIGURE):
        return None
    return {"backups": queries.status(actor, timezone.now())}
