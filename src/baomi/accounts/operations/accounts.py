"""Managing accounts under 三员分立 (ROLE-SEPARATION): the system administrator creates and
disables accounts and resets passwords but grants no role; the security officer grants roles;
the auditor watches both. Changing who holds one of the three administrator roles, or resetting
one's password, waits for a second of the three (ADMIN-DUAL, an ``AdminChange``). A password set
by anyone but its holder is one-time (AUTH-PASSWORD)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.contrib.auth.hashers import make_password
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from baomi.access.actor import Actor
from baomi.access.roles import (
    ADMIN_ROLES,
    Permission,
    Role,
    actor_organisation_id,
    require,
    require_or_installer,
)
from baomi.accounts.models import (
    Account,
    AdminChange,
    ApiToken,
    ChangeKind,
    ChangeState,
    LoginFailure,
)
from baomi.accounts.operations._common import in_organisation, lock_account
from baomi.audit.actions import register_action
from baomi.audit.operation import operation
from baomi.audit.recorder import record_event
from baomi.core import refdata
from baomi.core.errors import Conflict, InvalidInput, NotFound
from baomi.org.models import Person
from baomi.org.operations import refuse_oneself
from baomi.rulebook import book

ACCOUNT_CREATED = register_action("accounts.created", gettext_lazy("Account created"))
ACCOUNT_ROLE_CHANGED = register_action(
    "accounts.role_changed", gettext_lazy("Account role changed")
)
PASSWORD_SET = register_action("accounts.password_set", gettext_lazy("Password set"))
ACCOUNT_UNLOCKED = register_action("accounts.unlocked", gettext_lazy("Account unlocked"))
ACCOUNT_DEACTIVATED = register_action("accounts.deactivated", gettext_lazy("Account deactivated"))
ADMIN_CHANGE_ASKED = register_action(
    "accounts.admin_change_asked", gettext_lazy("Administrator change awaiting agreement")
)
ADMIN_CHANGE_AGREED = register_action(
    "accounts.admin_change_agreed", gettext_lazy("Administrator change agreed")
)
ADMIN_CHANGE_REFUSED = register_action(
    "accounts.admin_change_refused", gettext_lazy("Administrator change refused")
)

# Roles the organisation may never be left without (ADMIN-DUAL).
INDISPENSABLE_ROLES = (Role.SECURITY_OFFICER, Role.AUDITOR)


def _check_role_and_person(role: str, person: Person, account: Account | None = None) -> None:
    if role not in Role.values:
        raise InvalidInput(_("Unknown role %(role)s.") % {"role": role}, field="role")
    if role in ADMIN_ROLES:
        others = Account.objects.filter(person=person, role__in=ADMIN_ROLES)
        other = others.exclude(pk=account.pk).first() if account else others.first()
        book.require(
            None,
            "ROLE-SEPARATION",
            other is None or other.role == role,
            _("三员分立: this person already holds the role %(role)s.")
            % {"role": Role(other.role).label if other else ""},
            conflict=True,
        )


def _validated_password(password: str, account: Account | None = None) -> str:
    try:
        validate_password(password, user=account)
    except ValidationError as exc:
        raise InvalidInput(" ".join(exc.messages), field="password") from None
    return password


def _keeps_organisation_staffed(account: Account, *, new_role: str | None = None) -> None:
    """ADMIN-DUAL: refuse a change that leaves the organisation without an active security
    officer or auditor (the account losing its role, being deactivated or its person leaving:
    ``new_role`` None)."""
    if not account.is_active or account.role not in INDISPENSABLE_ROLES:
        return
    if new_role == account.role:
        return
    others = Account.objects.filter(
        person__organisation_id=account.person.organisation_id,
        role=account.role,
        is_active=True,
    ).exclude(pk=account.pk)
    book.require(
        None,
        "ADMIN-DUAL",
        others.exists(),
        _("This would leave the organisation without a %(role)s: appoint another first.")
        % {"role": Role(account.role).label},
        conflict=True,
    )


def _revoke_tokens(account: Account) -> int:
    revoked = ApiToken.objects.filter(account=account, revoked_at=None).update(
        revoked_at=timezone.now()
    )
    # An update sends no signal: the tokens' stamp is set here, in the same transaction
    # (core.refdata), so that no process accepts them on its next request.
    refdata.bump(refdata.INSTALLATION, refdata.ACCOUNTS)
    return revoked


@operation
def create_account(
    *,
    actor: Actor | None,
    username: str,
    password: str,
    person_id: int,
    role: str = Role.STAFF,
    one_time: bool = True,
) -> Account:
    """Create a login for a person (system administrator; ``actor=None`` is the installer).
    Every account acts for exactly one person of the organisation chart, and a person has one
    working account. The system administrator creates staff accounts only: roles are granted
    by the security officer (ROLE-SEPARATION). The first password is one-time (AUTH-PASSWORD);
    only the installer may set a lasting one (``one_time=False``, the demo)."""
    if actor is not None:
        require(actor, Permission.MANAGE_ACCOUNTS)
        one_time = True
        book.require(
            None,
            "ROLE-SEPARATION",
            role == Role.STAFF,
            _(
                "The system administrator creates staff accounts only: the security officer "
                "grants roles."
            ),
        )
    username = username.strip()
    if not username:
        raise InvalidInput(_("A username is required."), field="username")
    if Account.objects.filter(username=username).exists():
        raise Conflict(_("The username %(name)s is taken.") % {"name": username})
    person = in_organisation(actor, Person.objects, person_id, lambda p: p, _("No such person."))
    if not person.is_active:
        raise Conflict(_("The person has left."))
    _check_role_and_person(role, person)
    book.require(
        None,
        "ROLE-SEPARATION",
        not Account.objects.filter(person=person, is_active=True).exists(),
        _("This person already has a working account: one person, one login."),
        conflict=True,
    )
    account = Account(username=username, role=role, person=person, password_must_change=one_time)
    account.set_password(_validated_password(password, account))
    _save_separated(account)
    record_event(
        actor=actor,
        action=ACCOUNT_CREATED,
        subject=account,
        data={"username": username, "role": role, "person_id": person_id, "one_time": one_time},
        organisation_id=person.organisation_id,
    )
    return account


def _save_separated(account: Account, fields: list[str] | None = None) -> None:
    """Save the account; the database's own 三员分立 constraint is the last word when two
    requests race (ROLE-SEPARATION)."""
    try:
        with transaction.atomic():
            account.save(update_fields=fields)
    except IntegrityError:
        book.require(
            None,
            "ROLE-SEPARATION",
            False,
            _("三员分立: this person already holds an administrator role."),
            conflict=True,
        )


def _ask_second_administrator(
    actor: Actor, account: Account, kind: str, *, role: str = "", password: str = ""
) -> AdminChange:
    """Open the change for a second of the three administrators to agree to (ADMIN-DUAL)."""
    now = timezone.now()
    hours = book.param(account.person.organisation_id, "ADMIN-DUAL", "valid_hours")
    change = AdminChange.objects.create(
        organisation_id=account.person.organisation_id,
        account=account,
        kind=kind,
        role=role,
        password=make_password(password) if password else "",
        requested_by=actor,
        requested_at=now,
        expires_at=now + timedelta(hours=hours),
    )
    record_event(
        actor=actor,
        action=ADMIN_CHANGE_ASKED,
        subject=change,
        data={
            "rule": "ADMIN-DUAL",
            "kind": kind,
            "account_id": account.pk,
            "from": account.role,
            "to": role,
        },
    )
    return change


def _needs_second_administrator(
    actor: Actor | None, account: Account, role: str | None = None
) -> bool:
    """ADMIN-DUAL: a change to an administrator (or making someone one), asked by an account
    (the installer's shell sets up the first three alone)."""
    return actor is not None and (account.role in ADMIN_ROLES or role in ADMIN_ROLES)


@operation
def change_role(*, actor: Actor, account_id: int, role: str) -> Account | AdminChange:
    """Grant another account a role (security officer; ROLE-SEPARATION). Granting or taking
    away an administrator role is not done at once: it waits for a second administrator's
    agreement (ADMIN-DUAL) and the change awaiting it is returned."""
    require(actor, Permission.GRANT_ROLES)
    account = lock_account(actor, account_id)
    refuse_oneself(actor, account.person_id, _("Nobody changes their own role."))
    if not account.is_active:
        raise Conflict(_("The account is not active."))
    _check_role_and_person(role, account.person, account)
    if role == account.role:
        raise Conflict(_("The account already has this role."))
    _keeps_organisation_staffed(account, new_role=role)
    if _needs_second_administrator(actor, account, role):
        return _ask_second_administrator(actor, account, ChangeKind.ROLE, role=role)
    return _apply_role(actor, account, role)


def _apply_role(actor: Actor, account: Account, role: str, **data: Any) -> Account:
    old, account.role = account.role, role
    _save_separated(account, ["role"])
    record_event(
        actor=actor,
        action=ACCOUNT_ROLE_CHANGED,
        subject=account,
        data={"from": old, "to": role, **data},
    )
    return account


@operation
def set_password(*, actor: Actor | None, account_id: int, password: str) -> Account | AdminChange:
    """Reset another account's password (system administrator). The password is one-time:
    the account can do nothing until its holder changes it, and its API tokens are revoked
    (AUTH-PASSWORD). An administrator's password is reset only once a second administrator
    agrees (ADMIN-DUAL): the change awaiting agreement is returned. One's own password changes
    only with the current one (``change_own_password``)."""
    require_or_installer(actor, Permission.MANAGE_ACCOUNTS)
    account = lock_account(actor, account_id)
    if actor is not None and account.pk == actor.pk:
        raise InvalidInput(_("Change your own password with your current one."), field="password")
    _validated_password(password, account)
    if _needs_second_administrator(actor, account):
        return _ask_second_administrator(actor, account, ChangeKind.PASSWORD, password=password)
    account.set_password(password)
    return _apply_password(actor, account)


def _apply_password(actor: Actor | None, account: Account, **data: Any) -> Account:
    account.password_must_change = True
    account.save(update_fields=["password", "password_must_change"])
    revoked = _revoke_tokens(account)
    record_event(
        actor=actor,
        action=PASSWORD_SET,
        subject=account,
        data={"rule": "AUTH-PASSWORD", "one_time": True, "tokens_revoked": revoked, **data},
    )
    return account


def _lock_change(actor: Actor, change_id: int) -> AdminChange:
    change = (
        AdminChange.objects.select_for_update(of=("self",))
        .select_related("account__person", "requested_by")
        .filter(pk=change_id, organisation_id=actor_organisation_id(actor))
        .first()
    )
    if change is None:
        raise NotFound(_("No such change."))
    if change.state != ChangeState.PENDING:
        raise Conflict(_("The change has already been decided."))
    return change


def _second_administrator(actor: Actor, change: AdminChange) -> None:
    """ADMIN-DUAL: the one who agrees is another of the three administrators, in another of
    the three roles than the one who asked (two system administrators are not two controls),
    and not the person whose account is changed."""
    require(actor, Permission.AGREE_ADMIN_CHANGE)
    book.require(
        None,
        "ADMIN-DUAL",
        actor.person_id not in (change.requested_by.person_id, change.account.person_id)
        and actor.role != change.requested_by.role,
        _(
            "A second administrator must agree: in another role than the one who asked, and "
            "not the one whose account it changes."
        ),
    )


def _decide(actor: Actor, change: AdminChange, state: str, action: str) -> None:
    change.state, change.decided_by, change.decided_at = state, actor, timezone.now()
    change.save(update_fields=["state", "decided_by", "decided_at"])
    record_event(
        actor=actor,
        action=action,
        subject=change,
        data={"rule": "ADMIN-DUAL", "kind": change.kind, "account_id": change.account_id},
    )


@operation
def agree_admin_change(*, actor: Actor, change_id: int) -> Account:
    """Agree, as a second administrator, to a change awaiting agreement, and carry it out
    (ADMIN-DUAL). The change is checked again as it is now (ROLE-SEPARATION, the
    organisation keeping a security officer and an auditor)."""
    change = _lock_change(actor, change_id)
    _second_administrator(actor, change)
    if change.expires_at <= timezone.now():
        raise Conflict(_("The change has expired: ask again."))
    account = lock_account(actor, change.account_id)
    if not account.is_active:
        raise Conflict(_("The account is not active."))
    if change.kind == ChangeKind.ROLE:
        _check_role_and_person(change.role, account.person, account)
        _keeps_organisation_staffed(account, new_role=change.role)
    _decide(actor, change, ChangeState.AGREED, ADMIN_CHANGE_AGREED)
    asked = {"asked_by": change.requested_by_id, "agreed_by": actor.pk, "rule": "ADMIN-DUAL"}
    if change.kind == ChangeKind.ROLE:
        return _apply_role(change.requested_by, account, change.role, **asked)
    account.password = change.password
    return _apply_password(change.requested_by, account, **asked)


@operation
def refuse_admin_change(*, actor: Actor, change_id: int) -> AdminChange:
    """Refuse a change awaiting agreement (a second administrator), or withdraw one's own."""
    change = _lock_change(actor, change_id)
    if change.requested_by_id != actor.pk:
        _second_administrator(actor, change)
    _decide(actor, change, ChangeState.REFUSED, ADMIN_CHANGE_REFUSED)
    return change


@operation
def change_own_password(*, actor: Actor, current_password: str, new_password: str) -> Account:
    """Change one's own password, proving the current one first. This is the one thing an
    account whose password was set by someone else may do (AUTH-PASSWORD)."""
    account = lock_account(actor, actor.pk)
    if not account.check_password(current_password):
        raise InvalidInput(_("The current password is wrong."), field="current_password")
    if current_password == new_password:
        raise InvalidInput(
            _("Choose a password different from the current one."), field="new_password"
        )
    account.set_password(_validated_password(new_password, account))
    account.password_must_change = False
    account.save(update_fields=["password", "password_must_change"])
    record_event(actor=actor, action=PASSWORD_SET, subject=account, data={"own": True})
    return account


@operation
def unlock_account(*, actor: Actor, account_id: int) -> Account:
    require(actor, Permission.UNLOCK_ACCOUNTS)
    account = lock_account(actor, account_id)
    refuse_oneself(actor, account.person_id, _("Nobody unlocks their own account."))
    account.locked_until = None
    account.save(update_fields=["locked_until"])
    LoginFailure.objects.filter(account=account).delete()
    record_event(actor=actor, action=ACCOUNT_UNLOCKED, subject=account)
    return account


def _deactivate(actor: Actor, account: Account, **data: Any) -> None:
    _keeps_organisation_staffed(account)
    account.is_active = False
    account.save(update_fields=["is_active"])
    revoked = _revoke_tokens(account)
    record_event(
        actor=actor,
        action=ACCOUNT_DEACTIVATED,
        subject=account,
        data={"tokens_revoked": revoked, **data},
        organisation_id=account.person.organisation_id,
    )


@operation
def deactivate_account(*, actor: Actor, account_id: int) -> Account:
    """Deactivate an account and revoke its API tokens (system administrator). Refused for
    one's own and for the last security officer or auditor (ADMIN-DUAL)."""
    require(actor, Permission.MANAGE_ACCOUNTS)
    account = lock_account(actor, account_id)
    if account.pk == actor.pk:
        raise Conflict(_("You cannot deactivate your own account."))
    if not account.is_active:
        raise Conflict(_("The account is not active."))
    _deactivate(actor, account)
    return account


def close_accounts(*, actor: Actor, person: Person) -> None:
    """Deactivate every working account of a person who is leaving and revoke its tokens, in
    the departure's own transaction (registered with ``baomi.org.leaving``). Refused while the
    person is the organisation's last security officer or auditor (ADMIN-DUAL)."""
    for account in (
        Account.objects.select_for_update(of=("self",))
        .select_related("person")
        .filter(person=person, is_active=True)
        .order_by("pk")
    ):
        _deactivate(actor, account, reason="left")
