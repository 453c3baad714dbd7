"""Reads of accounts."""

from __future__ import annotations

import hmac

from django.db.models import Q, QuerySet
from django.utils import timezone

from baomi.access.actor import Actor
from baomi.access.roles import Permission, actor_organisation_id, has_permission, require
from baomi.accounts.models import Account, AdminChange, ApiToken, ChangeState
from baomi.accounts.tokens import TOKEN_PREFIX, token_digest


def account_for_token(token: str) -> Account | None:
    """The active, unlocked account a token belongs to, or None: a locked account's tokens are
    refused while it is locked (AUTH-LOCKOUT). A read: changes nothing."""
    parts = token.split("_", 2)
    if len(parts) != 3 or parts[0] != TOKEN_PREFIX:
        return None
    row = (
        ApiToken.objects.select_related("account__person__rank", "account__person__department")
        .filter(prefix=parts[1], revoked_at=None, account__is_active=True)
        .filter(Q(account__locked_until=None) | Q(account__locked_until__lte=timezone.now()))
        .first()
    )
    if row is None or not hmac.compare_digest(row.digest, token_digest(parts[2])):
        return None
    return row.account


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
