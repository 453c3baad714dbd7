"""Every change to accounts: created, role changed, password reset, unlocked, logins."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta
from typing import Any

from django.contrib.auth.hashers import make_password
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from baomi.access.roles import ADMIN_ROLES, Permission, Role, require, require_or_installer
from baomi.accounts.models import Account, ApiToken, LoginFailure
from baomi.audit.actions import register_action
from baomi.audit.models import Outcome
from baomi.audit.operation import operation
from baomi.audit.recorder import record_event
from baomi.core.errors import Conflict, InvalidInput, NotFound, RuleViolation
from baomi.org.models import Person
from baomi.rulebook import book

ACCOUNT_CREATED = register_action("accounts.created", gettext_lazy("Account created"))
ACCOUNT_ROLE_CHANGED = register_action(
    "accounts.role_changed", gettext_lazy("Account role changed")
)
PASSWORD_SET = register_action("accounts.password_set", gettext_lazy("Password set"))
ACCOUNT_UNLOCKED = register_action("accounts.unlocked", gettext_lazy("Account unlocked"))
ACCOUNT_DEACTIVATED = register_action("accounts.deactivated", gettext_lazy("Account deactivated"))
LOGIN = register_action("auth.login", gettext_lazy("Logged in"))
LOGIN_FAILED = register_action("auth.login_failed", gettext_lazy("Login failed"))
LOCKED = register_action("auth.locked", gettext_lazy("Account locked"))
LOGOUT = register_action("auth.logout", gettext_lazy("Logged out"))
SESSION_EXPIRED = register_action("auth.session_expired", gettext_lazy("Session expired"))
TOKEN_CREATED = register_action("auth.token_created", gettext_lazy("API token created"))

TOKEN_PREFIX = "bm"


def _check_role_and_person(role: str, person: Person, account: Account | None = None) -> None:
    if role not in Role.values:
        raise InvalidInput(_("Unknown role %(role)s.") % {"role": role}, field="role")
    if role in ADMIN_ROLES:
        others = Account.objects.filter(person=person, role__in=ADMIN_ROLES)
        other = others.exclude(pk=account.pk).first() if account else others.first()
        if other is not None and other.role != role:
            raise RuleViolation(
                "ROLE-SEPARATION",
                _("三员分立: this person already holds the role %(role)s.")
                % {"role": Role(other.role).label},
                conflict=True,
            )


def _person_for(actor: Any, person_id: int) -> Person:
    person = Person.objects.filter(pk=person_id).first()
    org = getattr(getattr(actor, "person", None), "organisation_id", None)
    if person is None or (org is not None and person.organisation_id != org):
        raise NotFound(_("No such person."))
    return person


def _validated_password(password: str, account: Account | None = None) -> str:
    try:
        validate_password(password, user=account)
    except ValidationError as exc:
        raise InvalidInput(" ".join(exc.messages), field="password") from None
    return password


@operation
def create_account(
    *, actor: Any, username: str, role: str, password: str, person_id: int
) -> Account:
    """Create a login for a person (system administrator; ``actor=None`` is the installer).
    Every account acts for exactly one person of the organisation chart."""
    if actor is not None:
        require(actor, Permission.MANAGE_ACCOUNTS)
    username = username.strip()
    if not username:
        raise InvalidInput(_("A username is required."), field="username")
    if Account.objects.filter(username=username).exists():
        raise Conflict(_("The username %(name)s is taken.") % {"name": username})
    person = _person_for(actor, person_id)
    _check_role_and_person(role, person)
    account = Account(username=username, role=role, person=person)
    account.set_password(_validated_password(password, account))
    try:
        account.save()
    except IntegrityError:
        raise RuleViolation(
            "ROLE-SEPARATION",
            _("三员分立: this person already holds an administrator role."),
            conflict=True,
        ) from None
    record_event(
        actor=actor,
        action=ACCOUNT_CREATED,
        subject=account,
        data={"username": username, "role": role, "person_id": person_id},
        organisation_id=person.organisation_id,
    )
    return account


def _account(actor: Any, account_id: int) -> Account:
    """An account of the actor's organisation (or any, for the installer), locked."""
    # of=self: lock the account row only, not the person joined to it.
    account = (
        Account.objects.select_for_update(of=("self",))
        .select_related("person")
        .filter(pk=account_id)
        .first()
    )
    org = getattr(getattr(actor, "person", None), "organisation_id", None)
    if account is None or (org is not None and account.person.organisation_id != org):
        raise NotFound(_("No such account."))
    return account


@operation
def change_role(*, actor: Any, account_id: int, role: str) -> Account:
    require(actor, Permission.MANAGE_ACCOUNTS)
    account = _account(actor, account_id)
    if account.pk == actor.pk:
        raise RuleViolation("ROLE-SEPARATION", _("Nobody changes their own role."))
    _check_role_and_person(role, account.person, account)
    old, account.role = account.role, role
    account.save(update_fields=["role"])
    record_event(
        actor=actor, action=ACCOUNT_ROLE_CHANGED, subject=account, data={"from": old, "to": role}
    )
    return account


@operation
def set_password(*, actor: Any, account_id: int, password: str) -> Account:
    """Reset another account's password (system administrator). One's own password changes
    only with the current one (``change_own_password``)."""
    require_or_installer(actor, Permission.MANAGE_ACCOUNTS)
    if actor is not None and account_id == actor.pk:
        raise InvalidInput(_("Change your own password with your current one."), field="password")
    account = _account(actor, account_id)
    account.set_password(_validated_password(password, account))
    account.save(update_fields=["password"])
    record_event(actor=actor, action=PASSWORD_SET, subject=account)
    return account


@operation
def change_own_password(*, actor: Any, current_password: str, new_password: str) -> Account:
    """Change one's own password, proving the current one first."""
    account = _account(actor, actor.pk)
    if not account.check_password(current_password):
        raise InvalidInput(_("The current password is wrong."), field="current_password")
    if current_password == new_password:
        raise InvalidInput(
            _("Choose a password different from the current one."), field="new_password"
        )
    account.set_password(_validated_password(new_password, account))
    account.save(update_fields=["password"])
    record_event(actor=actor, action=PASSWORD_SET, subject=account, data={"own": True})
    return account


@operation
def unlock_account(*, actor: Any, account_id: int) -> Account:
    require(actor, Permission.UNLOCK_ACCOUNTS)
    account = _account(actor, account_id)
    account.locked_until = None
    account.save(update_fields=["locked_until"])
    LoginFailure.objects.filter(account=account).delete()
    record_event(actor=actor, action=ACCOUNT_UNLOCKED, subject=account)
    return account


@operation
def deactivate_account(*, actor: Any, account_id: int) -> Account:
    require(actor, Permission.MANAGE_ACCOUNTS)
    account = _account(actor, account_id)
    if account.pk == actor.pk:
        raise Conflict(_("You cannot deactivate your own account."))
    account.is_active = False
    account.save(update_fields=["is_active"])
    ApiToken.objects.filter(account=account, revoked_at=None).update(revoked_at=timezone.now())
    record_event(actor=actor, action=ACCOUNT_DEACTIVATED, subject=account)
    return account


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
def create_token(*, actor: Any, account_id: int, label: str = "") -> str:
    """Create an API token for ``account_id`` (one's own; ``actor=None`` is the operator's
    shell). Return the secret, shown once."""
    if actor is not None:
        require(actor, Permission.CREATE_OWN_TOKEN)
        if actor.pk != account_id:
            raise NotFound(_("No such account."))
    account = _account(actor, account_id)
    if not account.is_active:
        raise Conflict(_("The account is not active."))
    prefix = secrets.token_hex(6)
    secret = secrets.token_urlsafe(32)
    ApiToken.objects.create(
        account=account, prefix=prefix, digest=token_digest(secret), label=label
    )
    record_event(actor=actor, action=TOKEN_CREATED, subject=account, data={"prefix": prefix})
    return f"{TOKEN_PREFIX}_{prefix}_{secret}"


def token_digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()
