"""The accounts' panel of the home page: the locked accounts, for the administrator who may
unlock them (AUTH-LOCKOUT)."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from baomi.access.roles import Permission, has_permission
from baomi.accounts import queries


def locked(actor: Any) -> dict[str, Any] | None:
    if not (
        has_permission(actor, Permission.UNLOCK_ACCOUNTS)
        and has_permission(actor, Permission.MANAGE_ACCOUNTS)
    ):
        return None
    found = list(queries.accounts(actor).filter(locked_until__gt=timezone.now()))
    return {"locked": found} if found else None
