"""Everyone changes their own password, proving the current one first; the session stays."""

from __future__ import annotations

from django.urls import reverse

from baomi.accounts.models import Account
from baomi.audit.models import AuditEvent
from tests.web.conftest import signed_in

NEW = "Another-pass-2026"


def change(client, current, new, repeated=None):
    data = {"current_password": current, "new_password": new, "repeated": repeated or new}
    return client.post(reverse("own_password"), data, follow=True)


def test_a_person_changes_their_password_and_stays_signed_in(demo_accounts):
    client = signed_in(demo_accounts["staff"])
    response = change(client, "Baomi-demo-2026", NEW)
    assert response.status_code == 200
    assert Account.objects.get(username="staff").check_password(NEW)
    assert client.get(reverse("home")).status_code == 200
    assert AuditEvent.objects.filter(action="accounts.password_set").exists()


def test_a_wrong_current_password_or_a_weak_new_one_changes_nothing(demo_accounts):
    client = signed_in(demo_accounts["auditor"])
    change(client, "wrong-password-1", NEW)
    change(client, "Baomi-demo-2026", "12345678901")
    change(client, "Baomi-demo-2026", NEW, repeated="Different-2026")
    assert Account.objects.get(username="auditor").check_password("Baomi-demo-2026")


def test_every_role_reaches_the_page_from_the_user_menu(demo_accounts):
    for account in demo_accounts.values():
        html = signed_in(account).get(reverse("home")).content.decode()
        assert reverse("own_password") in html


def test_a_short_common_password_is_refused_in_chinese__AUTH_PASSWORD(demo_accounts):
    """The policy's messages and Django's own (a common password) in Chinese, no English."""
    client = signed_in(demo_accounts["staff"])
    html = change(client, "Baomi-demo-2026", "password").content.decode()
    assert "密码长度不少于" in html and "这个密码太常见了" in html
    assert "too short" not in html and "too common" not in html
