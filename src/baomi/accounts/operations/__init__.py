"""Every change to accounts, one module per part:

- ``accounts``: creating, granting roles, resetting passwords (one-time), unlocking,
  deactivating, a departure's accounts, and the changes of administrators that wait for a
  second of the three (ROLE-SEPARATION, ADMIN-DUAL, AUTH-PASSWORD)
- ``sessions``: signing in and out (AUTH-LOCKOUT, AUTH-SESSION) and API tokens

``_common`` holds the shared steps; an operation never calls another operation.
"""

from baomi.accounts.operations.accounts import (
    agree_admin_change,
    change_own_password,
    change_role,
    close_accounts,
    create_account,
    deactivate_account,
    refuse_admin_change,
    set_password,
    unlock_account,
)
from baomi.accounts.operations.sessions import (
    LOGIN_FAILED,
    TOKEN_CREATED,
    TOKEN_PREFIX,
    attempt_login,
    create_token,
    record_logout,
    revoke_token,
    token_digest,
)

__all__ = [
    "LOGIN_FAILED",
    "TOKEN_CREATED",
    "TOKEN_PREFIX",
    "agree_admin_change",
    "attempt_login",
    "change_own_password",
    "change_role",
    "close_accounts",
    "create_account",
    "create_token",
    "deactivate_account",
    "record_logout",
    "refuse_admin_change",
    "revoke_token",
    "set_password",
    "token_digest",
    "unlock_account",
]
