"""Reads of accounts."""

from __future__ import annotations

import copy
import hmac

from django.db.models import QuerySet
from django.utils import timezone

from baomi.access.actor import Actor
from baomi.access.roles import Permission, actor_organisation_id, has_permission, require
from baomi.accounts.models import Account, AdminChange, ApiToken, ChangeState
from baomi.accounts.tokens import TOKEN_PREFIX, token_digest
from baomi.core import refdata


def account_for_token(token: str) -> Account | None:
    """The active, unlocked account a token belongs to, or None: a locked account's tokens are
    refused while it is locked (AUTH-LOCKOUT). A read: changes nothing.

    The token's row with its account, person, rank and department is read once per process
    and again after any change of tokens, accounts or the chart (``core.refdata``, kind
    ACCOUNTS: a revoked token, a locked, unlocked or deactivated account, a changed role take
    effect on the next request, in every process); the caller gets a copy of its own."""
    parts = token.split("_", 2)
    if len(parts) != 3 or parts[0] != TOKEN_PREFIX:
        return None
    prefix = parts[1]

    def read() -> ApiToken | None:
        return (
            ApiToken.objects.select_related("account__person__rank", "account__person__department")
            .filter(prefix=prefix, revoked_at=None, account__is_active=True)
            .first()
        )

    # Only tokens found are kept: a made-up prefix is read each time, never remembered.
    row = refdata.cached(
        refdata.INSTALLATION, refdata.ACCOUNTS, ("token", prefix), read, keep_none=False
    )
    if row is None or not hmac.compare_digest(row.digest, token_digest(parts[2])):
        return None
    locked_until = row.account.locked_until
    if locked_until is not None and locked_until > timezone.now():
        return None
    # A copy of the account and of its person (what a request may annotate); the rank and the
    # department are shared, read-only.
    account = copy.copy(row.account)
    account.person = copy.copy(row.account.person)
    return account


def accounts(actor: Actor) -> QuerySet[Account]:
    """The accounts of people of the actor's organisation, for the system administrator
    (MANAGE_ACCOUNTS) and the security officer who grants their roles (GRANT_ROLES)."""
    if not has_permission(actor, Permission.GRANT_ROLES):
        require(actor, Permission.MANAGE_ACCOUNTS)
    return Account.objects.filter(
        person__organisation_id=actor_organisation_id(actor)
    ).select_related("person")


def account_id(username: str) -> int | None:
    """The id of the account named ``username`` (``baomi token create`` names it so), or None."""
    return Account.objects.filter(username=username).values_list("pk", flat=True).first()


def pending_admin_changes(actor: Actor) -> QuerySet[AdminChange]:
    """The changes of administrators awaiting a second administrator's agreement in the
    actor's organisation (ADMIN-DUAL), for the three administrators."""
    require(actor, Permission.AGREE_ADMIN_CHANGE)
    return AdminChange.objects.filter(
        organisation_id=actor_organisation_id(actor), state=ChangeState.PENDING
    ).select_related("account__person", "requested_by__person")


def tokens(actor: Actor, account_id: int | None = None) -> QuerySet[ApiToken]:
    """The API tokens still in force of the actor's own account or, for the system
    administrator, of ``account_id`` of the organisation. Never the secret (only its hash is
    stored)."""
    rows = ApiToken.objects.filter(revoked_at=None).order_by("-created_at", "-pk")
    if account_id is None or account_id == actor.pk:
        return rows.filter(account=actor)
    require(actor, Permission.MANAGE_ACCOUNTS)
    return rows.filter(
        account_id=account_id, account__person__organisation_id=actor_organisation_id(actor)
    )


def token_id(prefix: str) -> int | None:
    """The id of the token whose public prefix is ``prefix`` (the operator's shell), or None."""
    return ApiToken.objects.filter(prefix=prefix).values_list("pk", flat=True).first()
