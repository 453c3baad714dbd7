"""AUTH-LOCKOUT: 5 failed logins within 15 minutes lock an account for 30 minutes, and every
failure is answered the same way, whatever its cause."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth import authenticate
from django.test import Client
from django.utils import timezone

from baomi.access.roles import Role
from baomi.accounts import operations
from baomi.accounts.models import Account, LoginFailure
from baomi.core.errors import RuleViolation
from baomi.rulebook.operations import set_rule
from tests.factories import PASSWORD, audit_events

WRONG = "not-the-password"
_real_now = timezone.now


@pytest.fixture
def account(world):
    return world.account(Role.STAFF, username="zhang")


@pytest.fixture
def officer(world):
    return world.account(Role.SECURITY_OFFICER, dept="office")


def login(username="zhang", password=PASSWORD):
    return operations.attempt_login(username=username, password=password)


def fail(times, username="zhang"):
    for _i in range(times):
        assert login(username, WRONG) is None


def locked_until(account):
    return Account.objects.get(pk=account.pk).locked_until


def later(monkeypatch, minutes):
    """Set the clock to ``minutes`` from the real now for the rest of the test."""
    moved = _real_now() + timedelta(minutes=minutes)
    monkeypatch.setattr(timezone, "now", lambda: moved)


def test_five_failures_lock_for_thirty_minutes__AUTH_LOCKOUT(account):
    fail(4)
    assert locked_until(account) is None
    before = timezone.now()
    fail(1)
    until = locked_until(account)
    assert before + timedelta(minutes=29) < until <= timezone.now() + timedelta(minutes=30)


def test_a_locked_account_refuses_the_right_password__AUTH_LOCKOUT(account):
    fail(5)
    assert login() is None
    assert audit_events("auth.login_failed")[-1]["data"] == {
        "reason": "locked",
        "rule": "AUTH-LOCKOUT",
    }


def test_failures_older_than_the_window_do_not_count__AUTH_LOCKOUT(account):
    old = timezone.now() - timedelta(minutes=16)
    for _i in range(4):
        LoginFailure.objects.create(username="zhang", account=account, at=old)
    fail(4)
    assert locked_until(account) is None
    fail(1)
    assert locked_until(account) is not None


def test_a_successful_login_clears_the_count__AUTH_LOCKOUT(account):
    fail(4)
    assert login() == account
    fail(4)
    assert locked_until(account) is None


def test_the_lock_ends_after_thirty_minutes__AUTH_LOCKOUT(account, monkeypatch):
    fail(5)
    later(monkeypatch, 29)
    assert login() is None
    later(monkeypatch, 31)
    assert login() == account
    assert locked_until(account) is None
    assert not LoginFailure.objects.filter(account=account).exists()


def test_the_administrator_unlocks_at_once__AUTH_LOCKOUT(world, account):
    fail(5)
    admin = world.account(Role.SYSADMIN)
    operations.unlock_account(actor=admin, account_id=account.pk)
    assert login() == account
    assert audit_events("accounts.unlocked")[-1]["subject_id"] == str(account.pk)


def _answers(username, password):
    form_client = Client()
    page = form_client.post("/login/", {"username": username, "password": password})
    form = page.context["form"]
    return (
        operations.attempt_login(username=username, password=password),
        authenticate(username=username, password=password),
        page.status_code,
        form.errors.as_json(),
        form_client.session.get("_auth_user_id"),
    )


def test_locked_wrong_password_unknown_user_and_inactive_answer_alike__AUTH_LOCKOUT(world, account):
    """The return value, Django's ``authenticate`` and the login page's error are identical
    for a locked account (right password), a wrong password, an unknown user and an
    inactive account: none reveals which it is."""
    world.account(Role.STAFF, username="li")
    gone = world.account(Role.STAFF, username="wang")
    gone.is_active = False
    gone.save(update_fields=["is_active"])
    fail(5)
    locked = _answers("zhang", PASSWORD)
    assert locked[:2] == (None, None) and locked[4] is None
    assert _answers("li", WRONG) == locked
    assert _answers("nobody", WRONG) == locked
    assert _answers("wang", PASSWORD) == locked


def test_every_login_failure_and_lock_is_audited__AUTH_LOCKOUT(account):
    login()
    fail(5)
    login("nobody", WRONG)
    assert audit_events("auth.login")[-1]["subject_id"] == str(account.pk)
    failed = [e["data"] for e in audit_events("auth.login_failed")]
    assert failed == [{"reason": "password"}] * 5 + [{"username": "nobody", "reason": "unknown"}]
    assert all(e["outcome"] == "denied" for e in audit_events("auth.login_failed"))
    [lock] = audit_events("auth.locked")
    assert lock["data"]["rule"] == "AUTH-LOCKOUT" and lock["data"]["failures"] == 5
    assert lock["subject_id"] == str(account.pk)


def test_a_stricter_rulebook_locks_after_three__AUTH_LOCKOUT(account, officer):
    set_rule(actor=officer, rule_id="AUTH-LOCKOUT", params={"max_failures": 3})
    fail(2)
    assert locked_until(account) is None
    fail(1)
    assert locked_until(account) is not None


def test_a_longer_lock_from_the_rulebook_applies__AUTH_LOCKOUT(account, officer, monkeypatch):
    set_rule(actor=officer, rule_id="AUTH-LOCKOUT", params={"lock_minutes": 60})
    fail(5)
    later(monkeypatch, 45)
    assert login() is None


@pytest.mark.parametrize(
    "params",
    [{"max_failures": 10}, {"window_minutes": 5}, {"lock_minutes": 10}],
)
def test_a_laxer_lockout_is_refused__AUTH_LOCKOUT(account, officer, params):
    """AUTH-LOCKOUT is a BLOCK rule: its parameters only ever become stricter."""
    with pytest.raises(RuleViolation) as exc:
        set_rule(actor=officer, rule_id="AUTH-LOCKOUT", params=params)
    assert exc.value.rule_id == "AUTH-LOCKOUT"
    fail(5)
    assert locked_until(account) is not None
