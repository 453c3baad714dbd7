"""The audit trail's panel of the home page: verify the chain now, for the auditor."""

from __future__ import annotations

from typing import Any

from baomi.access.roles import Permission, has_permission


def chain(actor: Any) -> dict[str, Any] | None:
    return {} if has_permission(actor, Permission.READ_AUDIT) else None
