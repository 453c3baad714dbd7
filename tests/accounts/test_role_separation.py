"""三员分立 (ROLE-SEPARATION): nobody holds two of the three administrator roles, a person has
one working account, no account is all-powerful, and nobody changes their own role."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction

from baomi.access.roles import ADMIN_ROLES, Role
from baomi.accounts import operations
from baomi.accounts.models import Account
from baomi.core.errors import RuleViolation
from tests.factories import PASSWORD, audit_events

PAIRS = [(a, b) for a in ADMIN_ROLES for b in ADMIN_ROLES]


def create(person, role, username="second"):
    return operations.create_account(
        actor=None, username=username, role=role, password=PASSWORD, person_id=person.pk
    )


@pytest.mark.parametrize(("first", "second"), PAIRS)
def test_a_second_administrator_account_for_one_person_is_refused__ROLE_SEPARATION(
    world, first, second
):
    """Whether the second role differs from the first or repeats it, the person keeps one."""
    holder = world.account(first)
    with pytest.raises(RuleViolation) as exc:
        create(holder.person, second)
    assert exc.value.rule_id == "ROLE-SEPARATION"
    assert list(Account.objects.filter(person=holder.person)) == [holder]
    assert audit_events("operation.refused")[-1]["data"]["rule"] == "ROLE-SEPARATION"


@pytest.mark.parametrize("first", list(Role))
@pytest.mark.parametrize("second", [Role.STAFF, Role.CLERK, Role.LEADER])
def test_a_person_has_one_working_account__ROLE_SEPARATION(world, first, second):
    """A second account would be a second role: a leader is not also a clerk, an
    administrator not also a reader of documents."""
    holder = world.account(first)
    with pytest.raises(RuleViolation) as exc:
        create(holder.person, second)
    assert exc.value.rule_id == "ROLE-SEPARATION" and exc.value.conflict
    assert list(Account.objects.filter(person=holder.person)) == [holder]


def test_the_database_keeps_one_working_account_per_person__ROLE_SEPARATION(world):
    holder = world.account(Role.LEADER)
    with transaction.atomic(), pytest.raises(IntegrityError):
        Account.objects.create(username="bypass", role=Role.CLERK, person=holder.person)


@pytest.mark.parametrize(("first", "second"), PAIRS)
def test_the_database_refuses_a_second_administrator_role__ROLE_SEPARATION(world, first, second):
    """The unique constraint holds even for a write that bypasses the operation."""
    holder = world.account(first)
    with transaction.atomic(), pytest.raises(IntegrityError):
        Account.objects.create(username="bypass", role=second, person=holder.person)


def test_a_former_administrator_is_not_given_another_administrator_role__ROLE_SEPARATION(
    world,
):
    """The person who was a security officer (account since deactivated) cannot become the
    auditor through a new account."""
    admin = world.account(Role.SYSADMIN)
    officer = world.account(Role.SECURITY_OFFICER)
    world.account(Role.SECURITY_OFFICER)  # so that the organisation keeps one (ADMIN-DUAL)
    operations.deactivate_account(actor=admin, account_id=officer.pk)
    ordinary = create(officer.person, Role.STAFF)
    granter = world.account(Role.SECURITY_OFFICER)
    with pytest.raises(RuleViolation) as exc:
        operations.change_role(actor=granter, account_id=ordinary.pk, role=Role.AUDITOR)
    assert exc.value.rule_id == "ROLE-SEPARATION"
    ordinary.refresh_from_db()
    assert ordinary.role == Role.STAFF


def test_the_security_officer_grants_other_peoples_roles__ROLE_SEPARATION(world):
    officer = world.account(Role.SECURITY_OFFICER)
    staff = world.account(Role.STAFF)
    changed = operations.change_role(actor=officer, account_id=staff.pk, role=Role.CLERK)
    assert changed.role == Role.CLERK
    assert audit_events("accounts.role_changed")[-1]["data"] == {"from": "staff", "to": "clerk"}


@pytest.mark.parametrize("role", [Role.AUDITOR, Role.SYSADMIN, Role.STAFF])
def test_nobody_changes_their_own_role__ROLE_SEPARATION(world, role):
    officer = world.account(Role.SECURITY_OFFICER)
    with pytest.raises(RuleViolation) as exc:
        operations.change_role(actor=officer, account_id=officer.pk, role=role)
    assert exc.value.rule_id == "ROLE-SEPARATION"
    officer.refresh_from_db()
    assert officer.role == Role.SECURITY_OFFICER


def test_there_is_no_superuser__ROLE_SEPARATION():
    """No field, flag or manager method makes an account all-powerful."""
    fields = {f.name for f in Account._meta.get_fields()}
    assert not fields & {"is_superuser", "is_staff", "groups", "user_permissions"}
    assert not hasattr(Account, "is_superuser")
    assert not hasattr(Account.objects, "create_superuser")
    assert {c.name for c in Account._meta.constraints} >= {
        "one_admin_role_per_person",
        "one_active_account_per_person",
        "account_role_known",
    }


def test_an_unknown_role_is_refused_by_the_database__ROLE_SEPARATION(world):
    person = world.person()
    with transaction.atomic(), pytest.raises(IntegrityError):
        Account.objects.create(username="root", role="superuser", person=person)
