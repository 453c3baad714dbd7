"""Logging in and out: AUTH-LOCKOUT's single answer, AUTH-SESSION's start, audited logout."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from baomi.access.roles import Role
from baomi.accounts.middleware import LOGIN_AT
from baomi.accounts.operations import attempt_login, deactivate_account
from baomi.rulebook import book
from tests.factories import PASSWORD, audit_events


def login(username: str, password: str) -> tuple[Client, object]:
    client = Client()
    return client, client.post(reverse("login"), {"username": username, "password": password})


def login_error(response) -> str:
    match = re.search(r"data-login-error>(.*?)</div>", response.content.decode(), re.S)
    assert match, "no login error shown"
    return match.group(1).strip()


def test_login_starts_the_session_and_records_the_time__AUTH_SESSION(world):
    account = world.account(Role.STAFF)
    client, response = login(account.username, PASSWORD)
    assert response.status_code == 302 and response.url == reverse("home")
    assert isinstance(client.session[LOGIN_AT], float)
    assert client.get("/").status_code == 200
    assert audit_events("auth.login")[-1]["actor"] == account.username


def test_login_failure_reads_the_same_for_every_cause__AUTH_LOCKOUT(world):
    """An unknown user, a wrong password, a locked account (even with the right password) and
    a deactivated account all get the same page: nothing tells which it was."""
    locked = world.account(Role.STAFF)
    limit = book.param(None, "AUTH-LOCKOUT", "max_failures")
    for _ in range(limit):
        attempt_login(username=locked.username, password="wrong-password")
    gone = world.account(Role.STAFF)
    admin = world.account(Role.SYSADMIN)
    deactivate_account(actor=admin, account_id=gone.pk)
    wrong = world.account(Role.STAFF)

    attempts = [
        login("nobody-of-that-name", PASSWORD),
        login(wrong.username, "wrong-password"),
        login(locked.username, PASSWORD),
        login(gone.username, PASSWORD),
    ]
    assert {response.status_code for _client, response in attempts} == {200}
    assert len({login_error(response) for _client, response in attempts}) == 1
    assert not any("_auth_user_id" in client.session for client, _response in attempts)


def test_logout_is_a_post_and_is_recorded(world):
    account = world.account(Role.STAFF)
    client, _ = login(account.username, PASSWORD)
    assert client.get(reverse("logout")).status_code == 405
    response = client.post(reverse("logout"))
    assert response.status_code == 302 and response.url == reverse("login")
    assert audit_events("auth.logout")[-1]["actor"] == account.username
    assert client.get("/").status_code == 302


@pytest.mark.parametrize("language,expected", [("zh-hans", "登录失败"), ("en", "Login failed")])
def test_the_login_failure_message_is_translated(db, language, expected):
    client = Client()
    client.cookies["django_language"] = language
    response = client.post(reverse("login"), {"username": "x", "password": "y"})
    assert expected in login_error(response)
