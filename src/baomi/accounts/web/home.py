"""The accounts' panels of the home page: for the system administrator (JOURNEYS §8) the locked
accounts they may unlock (AUTH-LOCKOUT), the accounts whose holder must still change the
password set for them (AUTH-PASSWORD) and the accounts created lately; for the three
administrators the changes awaiting their agreement (ADMIN-DUAL). The locked accounts and the
changes are the accounts entry's 待办 badge."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from baomi.access.roles import Permission, has_permission
from baomi.accounts import queries

LIMIT = 20
RECENT_DAYS = 7


def _unlocks(actor: Any) -> bool:
    return has_permission(actor, Permission.UNLOCK_ACCOUNTS) and has_permission(
        actor, Permission.MANAGE_ACCOUNTS
    )


def _locked(actor: Any) -> Any:
    return queries.accounts(actor).filter(locked_until__gt=timezone.now())


def locked(actor: Any) -> dict[str, Any] | None:
    if not _unlocks(actor):
        return None
    found = list(_locked(actor))
    return {"locked": found} if found else None


def _to_agree(actor: Any) -> Any:
    """ADMIN-DUAL: the pending changes another administrator asked for, still in time."""
    return (
        queries.pending_admin_changes(actor)
        .exclude(requested_by=actor)
        .filter(expires_at__gt=timezone.now())
    )


def admin_changes(actor: Any) -> dict[str, Any] | None:
    if not has_permission(actor, Permission.AGREE_ADMIN_CHANGE):
        return None
    found = list(_to_agree(actor)[:LIMIT])
    return {"changes": found} if found else None


def accounts_work(actor: Any) -> dict[str, Any] | None:
    """The accounts whose holder must change the password set for them, and those created in
    the last ``RECENT_DAYS`` days."""
    if not has_permission(actor, Permission.MANAGE_ACCOUNTS):
        return None
    mine = queries.accounts(actor).filter(is_active=True)
    since = timezone.now() - timedelta(days=RECENT_DAYS)
    return {
        "must_change": list(mine.filter(password_must_change=True).order_by("username")[:LIMIT]),
        "created": list(mine.filter(created_at__gte=since).order_by("-created_at")[:LIMIT]),
    }


def pending_count(actor: Any) -> int:
    """The accounts entry's 待办: locked accounts to unlock, changes to agree to."""
    count = _locked(actor).count() if _unlocks(actor) else 0
    if has_permission(actor, Permission.AGREE_ADMIN_CHANGE):
        count += _to_agree(actor).count()
    return count
