"""An account whose password someone else set changes it at its first login, whatever made it
(AUTH-PASSWORD): created on the accounts page, through the API or by ``baomi setup``, or reset
by the system administrator on the page or through the API. Until then every page sends it to
the password page and the API refuses it (403, naming AUTH-PASSWORD). Only the demo's and the
test factories' accounts (``one_time=False``, the installer's) start with a lasting one."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import NoReverseMatch, reverse

from baomi.access.roles import Role
from baomi.accounts.models import Account
from baomi.seams.navigation import NAVIGATION
from tests.factories import PASSWORD
from tests.web.conftest import signed_in

FIRST = "First-Given-2026"
MINE = "Mine-Chosen-2026x"


def _pages() -> list[str]:
    """Every page of the navigation that takes no argument."""
    urls = []
    for item in NAVIGATION:
        try:
            urls.append(reverse(item.key))
        except NoReverseMatch:
            continue
    return urls


def _first_login(username: str, password: str) -> Client:
    """Sign in with the password someone else set and find every page and the API closed
    until it is changed; change it; find them open."""
    client = Client()
    assert client.login(username=username, password=password)
    account = Account.objects.get(username=username)
    assert account.password_must_change
    password_page = reverse("own_password")
    pages = _pages()
    assert len(pages) > 10
    for url in pages:
        response = client.get(url)
        assert (response.status_code, response.url) == (302, password_page), url
    assert client.get(password_page).status_code == 200
    refused = client.get("/api/v1/documents")
    assert refused.status_code == 403 and "AUTH-PASSWORD" in refused.json()["message"]
    assert client.get("/api/v1/me").json()["password_must_change"] is True
    changed = client.post(
        password_page, {"current_password": password, "new_password": MINE, "repeated": MINE}
    )
    assert changed.status_code == 303
    account.refresh_from_db()
    assert not account.password_must_change and account.check_password(MINE)
    assert client.get(reverse("home")).status_code == 200
    assert client.get("/api/v1/me").status_code == 200
    return client


@pytest.fixture
def admin(world):
    return world.account(Role.SYSADMIN, username="admin")


def test_an_account_made_on_the_accounts_page__AUTH_PASSWORD(world, admin):
    person = world.person()
    response = signed_in(admin).post(
        reverse("accounts"), {"username": "newbie", "person": person.pk, "password": FIRST}
    )
    assert response.status_code in (302, 303)
    _first_login("newbie", FIRST)


def test_an_account_made_through_the_api__AUTH_PASSWORD(world, admin, api):
    person = world.person()
    r = api(admin).post(
        "/accounts", {"username": "newbie", "person_id": person.pk, "password": FIRST}
    )
    assert r.status_code == 201 and r.json()["password_must_change"] is True
    _first_login("newbie", FIRST)


def test_the_administrators_made_by_setup__AUTH_PASSWORD(db):
    out = io.StringIO()
    call_command(
        "setup",
        "--organisation=某单位",
        "--sysadmin=甲:sys-a",
        "--security-officer=乙:sec-b",
        "--auditor=丙:aud-c",
        stdout=out,
    )
    passwords = {line.split()[0]: line.split()[-1] for line in out.getvalue().splitlines()[1:4]}
    assert set(passwords) == {"sys-a", "sec-b", "aud-c"}
    for username, password in passwords.items():
        _first_login(username, password)


def test_a_password_reset_on_the_accounts_page__AUTH_PASSWORD(world, admin):
    staff = world.account(Role.STAFF, username="reset-me")
    response = signed_in(admin).post(
        reverse("account_password", args=[staff.pk]), {"password": FIRST}
    )
    assert response.status_code in (302, 303)
    _first_login("reset-me", FIRST)


def test_a_password_reset_through_the_api__AUTH_PASSWORD(world, admin, api):
    staff = world.account(Role.CLERK, username="reset-me")
    r = api(admin).post(f"/accounts/{staff.pk}/password", {"password": FIRST})
    assert r.status_code == 200 and r.json()["password_must_change"] is True
    _first_login("reset-me", FIRST)


def test_an_account_with_a_lasting_password_goes_straight_in(world):
    """The installer's own accounts (the demo's, ``one_time=False``) are the exception."""
    world.account(Role.STAFF, username="lasting")
    client = Client()
    assert client.login(username="lasting", password=PASSWORD)
    assert not Account.objects.get(username="lasting").password_must_change
    assert client.get(reverse("home")).status_code == 200
