"""Reads of accounts."""

from __future__ import annotations

import hmac
from typing import Any

from django.db.models import QuerySet

from baomi.access.roles import Permission, actor_organisation_id, require
from baomi.accounts.models import Account, ApiToken
from baomi.accounts.operations import TOKEN_PREFIX, token_digest


def account_for_token(token: str) -> Account | None:
    """The active account a token belongs to, or None. A read: changes nothing."""
    parts = token.split("_", 2)
    if len(parts) != 3 or parts[0] != TOKEN_PREFIX:
        return None
    row = (
        ApiToken.objects.select_related("account__person__rank", "account__person__department")
        .filter(prefix=parts[1], revoked_at=None, account__is_active=True)
        .first()
    )
    if row is None or not hmac.compare_digest(row.digest, token_digest(parts[2])):
        return None
    return row.account


def accounts(actor: Any) -> QuerySet[Account]:
    """The accounts the system administrator manages (MANAGE_ACCOUNTS): those of people of
    the actor's organisation."""
    require(actor, Permission.MANAGE_ACCOUNTS)
    return Account.objects.filter(
        person__organisation_id=actor_organisation_id(actor)
    ).select_related("person")


def account_id(username: str) -> int | None:
    """The id of the account named ``username`` (for filtering the audit log), or None."""
    return Account.objects.filter(username=username).values_list("pk", flat=True).first()
