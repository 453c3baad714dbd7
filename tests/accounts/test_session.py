"""AUTH-SESSION: an idle session ends after 10 minutes, every session 8 hours after login."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from baomi.access.roles import Role
from baomi.accounts.middleware import LOGIN_AT
from baomi.rulebook.operations import set_rule
from tests.factories import PASSWORD, audit_events


@pytest.fixture
def account(world):
    return world.account(Role.STAFF)


def client_logged_in(account, *, hours_ago: float = 0) -> Client:
    client = Client()
    client.force_login(account)
    session = client.session
    session[LOGIN_AT] = (timezone.now() - timedelta(hours=hours_ago)).timestamp()
    session.save()
    return client


def test_an_idle_session_expires_after_ten_minutes__AUTH_SESSION(account):
    """Every request renews the session's expiry to the idle limit."""
    client = client_logged_in(account)
    assert client.get("/").status_code == 200
    assert client.session.get_expiry_age() == 10 * 60


def test_the_rulebook_shortens_the_idle_limit__AUTH_SESSION(world, account):
    officer = world.account(Role.SECURITY_OFFICER, dept="office")
    set_rule(actor=officer, rule_id="AUTH-SESSION", params={"idle_minutes": 5})
    client = client_logged_in(account)
    client.get("/")
    assert client.session.get_expiry_age() == 5 * 60


def test_a_session_older_than_eight_hours_is_logged_out__AUTH_SESSION(account):
    client = client_logged_in(account, hours_ago=9)
    response = client.get("/")
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
    assert "_auth_user_id" not in client.session
    [event] = audit_events("auth.session_expired")
    assert event["subject_id"] == str(account.pk)
    assert event["data"] == {"rule": "AUTH-SESSION"}
    assert client.get("/").url.startswith(reverse("login"))


def test_a_session_younger_than_eight_hours_goes_on__AUTH_SESSION(account):
    client = client_logged_in(account, hours_ago=7.9)
    assert client.get("/").status_code == 200
    assert not audit_events("auth.session_expired")


def test_a_session_without_its_login_time_counts_from_now__AUTH_SESSION(account):
    client = Client()
    client.force_login(account)
    assert client.get("/").status_code == 200
    assert abs(client.session[LOGIN_AT] - timezone.now().timestamp()) < 60


def test_a_login_through_the_page_starts_the_clock__AUTH_SESSION(account):
    client = Client()
    response = client.post("/login/", {"username": account.username, "password": "x"})
    assert response.status_code == 200  # refused: the form again
    client.post("/login/", {"username": account.username, "password": PASSWORD})
    assert abs(client.session[LOGIN_AT] - timezone.now().timestamp()) < 60


@pytest.mark.parametrize(("minutes", "goes_on"), [(8 * 60 - 1, True), (8 * 60 + 1, False)])
def test_the_eight_hour_limit_at_its_boundary__AUTH_SESSION(account, minutes, goes_on):
    """A minute inside the limit the session goes on; a minute beyond it ends."""
    client = client_logged_in(account, hours_ago=minutes / 60)
    assert (client.get("/").status_code == 200) is goes_on
    assert bool(audit_events("auth.session_expired")) is not goes_on
