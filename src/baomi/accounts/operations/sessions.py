"""Signing in and out (AUTH-LOCKOUT, AUTH-SESSION) and API tokens."""

from __future__ import annotations

import secrets
from datetime import timedelta

from django.contrib.auth.hashers import make_password
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from baomi.access.actor import Actor
from baomi.access.roles import Permission, has_permission, require
from baomi.accounts.models import Account, ApiToken, LoginFailure
from baomi.accounts.operations._common import in_organisation, lock_account
from baomi.accounts.tokens import TOKEN_PREFIX, token_digest
from baomi.audit.actions import register_action
from baomi.audit.models import Outcome
from baomi.audit.operation import operation
from baomi.audit.recorder import record_event
from baomi.core.errors import Conflict, NotFound
from baomi.rulebook import book

LOGIN = register_action("auth.login", gettext_lazy("Logged in"))
LOGIN_FAILED = register_action("auth.login_failed", gettext_lazy("Login failed"))
LOCKED = register_action("auth.locked", gettext_lazy("Account locked"))
LOGOUT = register_action("auth.logout", gettext_lazy("Logged out"))
SESSION_EXPIRED = register_action("auth.session_expired", gettext_lazy("Session expired"))
TOKEN_CREATED = register_action("auth.token_created", gettext_lazy("API token created"))
TOKEN_REVOKED = register_action("auth.token_revoked", gettext_lazy("API token revoked"))

# A password hash to spend the same time on when the username is unknown.
_DUMMY_HASH = None


@operation
def attempt_login(*, actor: None = None, username: str, password: str) -> Account | None:
    """Check a password under AUTH-LOCKOUT. Return the account, or None for every failure
    (unknown user, wrong password, locked or inactive account): the same answer for all."""
    global _DUMMY_HASH
    now = timezone.now()
    account = (
        Account.objects.select_for_update(of=("self",))
        .select_related("person")
        .filter(username=username)
        .first()
    )
    if account is None:
        _DUMMY_HASH = _DUMMY_HASH or make_password("baomi-timing-equaliser")
        Account(password=_DUMMY_HASH).check_password(password)
        LoginFailure.objects.create(username=username[:150], at=now)
        record_event(
            actor=None,
            action=LOGIN_FAILED,
            outcome=Outcome.DENIED,
            data={"username": username[:150], "reason": "unknown"},
        )
        return None
    org = account.person.organisation_id
    policy = book.effective(org, "AUTH-LOCKOUT").params
    password_ok = account.check_password(password)
    if account.locked_until and account.locked_until > now:
        record_event(
            actor=account,
            action=LOGIN_FAILED,
            outcome=Outcome.DENIED,
            subject=account,
            data={"reason": "locked", "rule": "AUTH-LOCKOUT"},
        )
        return None
    if password_ok and account.is_active:
        LoginFailure.objects.filter(account=account).delete()
        if account.locked_until:
            account.locked_until = None
            account.save(update_fields=["locked_until"])
        record_event(actor=account, action=LOGIN, subject=account)
        return account
    LoginFailure.objects.create(username=username, account=account, at=now)
    reason = "inactive" if password_ok else "password"
    record_event(
        actor=account,
        action=LOGIN_FAILED,
        outcome=Outcome.DENIED,
        subject=account,
        data={"reason": reason},
    )
    window = now - timedelta(minutes=policy["window_minutes"])
    failures = LoginFailure.objects.filter(account=account, at__gte=window).count()
    if failures >= policy["max_failures"]:
        account.locked_until = now + timedelta(minutes=policy["lock_minutes"])
        account.save(update_fields=["locked_until"])
        record_event(
            actor=account,
            action=LOCKED,
            outcome=Outcome.DENIED,
            subject=account,
            data={
                "rule": "AUTH-LOCKOUT",
                "failures": failures,
                "until": account.locked_until.isoformat(),
            },
        )
    return None


@operation
def record_logout(*, actor: Account, expired: bool = False) -> None:
    """Record the end of a session (AUTH-SESSION when it ran out)."""
    record_event(
        actor=actor,
        action=SESSION_EXPIRED if expired else LOGOUT,
        subject=actor,
        data={"rule": "AUTH-SESSION"} if expired else {},
    )


@operation
def create_token(*, actor: Actor | None, account_id: int, label: str = "") -> str:
    """Create an API token for ``account_id`` (one's own; ``actor=None`` is the operator's
    shell). Return the secret, shown once."""
    if actor is not None:
        require(actor, Permission.CREATE_OWN_TOKEN)
        if actor.pk != account_id:
            raise NotFound(_("No such account."))
    account = lock_account(actor, account_id)
    if not account.is_active:
        raise Conflict(_("The account is not active."))
    prefix = secrets.token_hex(6)
    secret = secrets.token_urlsafe(32)
    ApiToken.objects.create(
        account=account, prefix=prefix, digest=token_digest(secret), label=label
    )
    record_event(actor=actor, action=TOKEN_CREATED, subject=account, data={"prefix": prefix})
    return f"{TOKEN_PREFIX}_{prefix}_{secret}"


@operation
def revoke_token(*, actor: Actor | None, token_id: int) -> ApiToken:
    """Revoke one API token: one's own, or any of the organisation's accounts' (system
    administrator; ``actor=None`` is the operator's shell)."""
    rows = ApiToken.objects.select_for_update(of=("self",)).select_related("account__person")
    token = in_organisation(actor, rows, token_id, lambda t: t.account.person, _("No such token."))
    others = actor is not None and token.account_id != actor.pk
    if others and not has_permission(actor, Permission.MANAGE_ACCOUNTS):
        raise NotFound(_("No such token."))
    if token.revoked_at is not None:
        raise Conflict(_("The token is already revoked."))
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    record_event(
        actor=actor,
        action=TOKEN_REVOKED,
        subject=token.account,
        data={"prefix": token.prefix},
        organisation_id=token.account.person.organisation_id,
    )
    return token
