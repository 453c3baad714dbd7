"""The accounts page of the system administrator: create with role and person, unlock,
reset a password, deactivate (ROLE-SEPARATION, AUTH-LOCKOUT)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from baomi.access.roles import Role
from baomi.accounts.models import Account
from baomi.accounts.operations import attempt_login
from baomi.rulebook import book
from tests.factories import PASSWORD
from tests.web.conftest import signed_in

NEW_PASSWORD = "Another-password-2026"


@pytest.fixture
def admin(world):
    return signed_in(world.account(Role.SYSADMIN))


def test_the_administrator_creates_an_account_with_role_and_person(world, admin):
    person = world.person(name="新人")
    response = admin.post(
        reverse("accounts"),
        {
            "username": "xinren",
            "role": Role.STAFF,
            "person": person.pk,
            "password": NEW_PASSWORD,
        },
    )
    assert response.status_code == 303
    account = Account.objects.get(username="xinren")
    assert (account.role, account.person_id) == (Role.STAFF, person.pk)
    assert 'data-account="xinren"' in admin.get(reverse("accounts")).content.decode()


def test_a_second_administrator_role_for_one_person_is_refused__ROLE_SEPARATION(world, admin):
    auditor = world.account(Role.AUDITOR)
    response = admin.post(
        reverse("accounts"),
        {
            "username": "double",
            "role": Role.SECURITY_OFFICER,
            "person": auditor.person_id,
            "password": NEW_PASSWORD,
        },
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 409
    assert 'data-rule="ROLE-SEPARATION"' in response.content.decode()
    assert not Account.objects.filter(username="double").exists()


def test_unlocking_a_locked_account__AUTH_LOCKOUT(world, admin):
    locked = world.account(Role.STAFF)
    for _ in range(book.param(None, "AUTH-LOCKOUT", "max_failures")):
        attempt_login(username=locked.username, password="wrong")
    assert "data-locked" in admin.get(reverse("accounts")).content.decode()
    assert attempt_login(username=locked.username, password=PASSWORD) is None
    response = admin.post(reverse("account_unlock", args=[locked.pk]))
    assert response.status_code == 303
    assert attempt_login(username=locked.username, password=PASSWORD) is not None


def test_resetting_a_password(world, admin):
    account = world.account(Role.STAFF)
    response = admin.post(
        reverse("account_password", args=[account.pk]), {"password": NEW_PASSWORD}
    )
    assert response.status_code == 303
    assert attempt_login(username=account.username, password=NEW_PASSWORD) is not None


def test_a_weak_password_is_refused(world, admin):
    account = world.account(Role.STAFF)
    response = admin.post(
        reverse("account_password", args=[account.pk]), {"password": "123"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 400
    assert attempt_login(username=account.username, password=PASSWORD) is not None


def test_deactivating_an_account(world, admin):
    account = world.account(Role.STAFF)
    assert admin.post(reverse("account_deactivate", args=[account.pk])).status_code == 303
    account.refresh_from_db()
    assert account.is_active is False


def test_the_security_officer_cannot_manage_accounts(world):
    officer = signed_in(world.account(Role.SECURITY_OFFICER))
    target = world.account(Role.STAFF)
    assert officer.post(reverse("account_deactivate", args=[target.pk])).status_code == 403
    target.refresh_from_db()
    assert target.is_active


def test_the_administrators_home_lists_locked_accounts__AUTH_LOCKOUT(world, admin):
    locked = world.account(Role.STAFF)
    assert 'id="locked"' not in admin.get("/").content.decode()
    for _ in range(book.param(None, "AUTH-LOCKOUT", "max_failures")):
        attempt_login(username=locked.username, password="wrong")
    html = admin.get("/").content.decode()
    assert 'id="locked"' in html and locked.username in html
