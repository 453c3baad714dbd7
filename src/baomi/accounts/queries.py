"""Reads of accounts."""

from __future__ import annotations

import hmac

from baomi.accounts.models import Account, ApiToken
from baomi.accounts.operations import TOKEN_PREFIX, token_digest


def account_for_token(token: str) -> Account | None:
    """The active account a token belongs to, or None. A read: changes nothing."""
    parts = token.split("_", 2)
    if len(parts) != 3 or parts[0] != TOKEN_PREFIX:
        return None
    row = (
        ApiToken.objects.select_related("account__person")
        .filter(prefix=parts[1], revoked_at=None, account__is_active=True)
        .first()
    )
    if row is None or not hmac.compare_digest(row.digest, token_digest(parts[2])):
        return None
    return row.account
