"""In a real browser: each role logs in and sees exactly what it may; a locked account; the
language switch; htmx refusals and one-click approvals work under the CSP."""

from __future__ import annotations

import re

import pytest

from baomi.accounts import demo
from baomi.accounts.models import Account
from baomi.carriers import operations as carriers
from baomi.core.levels import Clearance, Level
from baomi.org import operations as org
from baomi.org.models import Person
from baomi.rulebook import book
from tests.web.test_shell import EXPECTED_NAV

pytestmark = pytest.mark.e2e

FORBIDDEN = {
    "admin": "/documents/",
    "secofficer": "/calendar/",
    "auditor": "/documents/",
    "clerk": "/audit/",
    "leader": "/people/",
    "director": "/organisation/",
    "staff": "/security-staff/",
}


def nav(page) -> list[str]:
    return page.tab.eval_on_selector_all("[data-nav]", "els => els.map(e => e.dataset.nav)")


@pytest.mark.parametrize("username", sorted(EXPECTED_NAV))
def test_each_role_sees_exactly_what_it_may(page, username):
    """The menu shows the role's pages, each opens, and a page of another role is refused."""
    page.login(username, demo.PASSWORD)
    assert page.tab.url.endswith("/")
    assert nav(page) == EXPECTED_NAV[username]
    for key in EXPECTED_NAV[username]:
        page.tab.click(f"[data-nav={key}]")
        page.tab.wait_for_load_state()
        assert page.tab.locator(f"[data-nav={key}].active").count() == 1
    response = page.go(FORBIDDEN[username])
    assert response.status == 403 and page.tab.locator("[data-status='403']").count() == 1


def test_a_locked_account_reads_like_a_wrong_password_until_unlocked__AUTH_LOCKOUT(page):
    """After max_failures wrong passwords even the right one fails with the same message; the
    administrator unlocks the account from the accounts page, then the login works."""
    failures = book.param(None, "AUTH-LOCKOUT", "max_failures")
    messages = set()
    for _ in range(failures):
        page.login("staff", "wrong-password")
        messages.add(page.tab.inner_text("[data-login-error]"))
    page.login("staff", demo.PASSWORD)
    messages.add(page.tab.inner_text("[data-login-error]"))
    page.login("nobody", demo.PASSWORD)
    messages.add(page.tab.inner_text("[data-login-error]"))
    assert len(messages) == 1 and "登录失败" in messages.pop()

    page.login("admin", demo.PASSWORD)
    page.go("/accounts/")
    page.tab.click("[data-account=staff] [data-action=unlock]")
    page.tab.wait_for_load_state()
    assert page.tab.locator("[data-account=staff] [data-locked]").count() == 0
    page.tab.click("[data-user]")
    page.tab.click("[data-logout]")
    page.login("staff", demo.PASSWORD)
    assert nav(page) == EXPECTED_NAV["staff"]


def test_the_language_switch(page):
    page.login("clerk", demo.PASSWORD)
    assert page.tab.get_attribute("html", "lang") == "zh-hans"
    assert page.tab.inner_text("#held-title") == "我持有的"
    page.tab.click("[data-language=en]")
    page.tab.wait_for_load_state()
    assert page.tab.get_attribute("html", "lang") == "en"
    assert page.tab.inner_text("#held-title") == "What I hold"
    page.tab.click("[data-nav=rulebook]")
    assert "Article 1" in page.tab.inner_text("#rule-ROLE-SEPARATION")
    page.tab.click("[data-language=zh-hans]")
    page.tab.wait_for_load_state()
    assert page.tab.get_attribute("html", "lang") == "zh-hans"
    assert "第一条" in page.tab.inner_text("#rule-ROLE-SEPARATION")


def test_a_refused_registration_shows_the_clause_and_keeps_the_input__CLS_TERM(page):
    """htmx posts the form; the refusal (rule id, title, text) lands above it, input intact."""
    page.login("clerk", demo.PASSWORD)
    page.go("/documents/register/")
    page.tab.fill("#id_number", "示单发〔2026〕99号")
    page.tab.fill("#id_title", "超期的文件")
    page.tab.select_option("#id_level", str(int(Level.CONFIDENTIAL)))
    page.tab.fill("#id_term_years", "11")
    page.tab.click("[data-form=register] button[type=submit]")
    clause = page.tab.wait_for_selector("#refusals [data-rule=CLS-TERM]")
    assert "保密期限" in clause.inner_text()
    assert page.tab.input_value("#id_title") == "超期的文件"
    page.tab.fill("#id_term_years", "10")
    page.tab.click("[data-form=register] button[type=submit]")
    page.tab.wait_for_url(re.compile(r".*/documents/\d+/$"))
    assert "超期的文件" in page.tab.inner_text("h1")


def test_a_leader_approves_in_one_click_from_the_inbox__CLS_NO_WIDEN(page):
    """The request shows its clause and the item; one click approves it in place (htmx)."""
    people = {p.staff_number: p for p in Person.objects.all()}
    for number in ("C001", "B001"):
        org.set_clearance(actor=None, person_id=people[number].pk, clearance=Clearance.CORE)
    clerk = Account.objects.get(username="clerk")
    officer = Account.objects.get(username="secofficer")
    doc = carriers.register_document(
        actor=clerk,
        number="示单发〔2026〕50号",
        title="绝密项目方案",
        level=Level.TOP_SECRET,
        term_years=30,
        issued_by_id=people["A002"].pk,
        named_people_ids=[people["C001"].pk],
    )
    request = carriers.request_scope_widening(
        actor=Account.objects.select_related("person").get(pk=officer.pk),
        document_id=doc.pk,
        person_id=people["B001"].pk,
        reason="参与项目",
    )
    page.login("leader", demo.PASSWORD)
    page.go("/approvals/")
    row = page.tab.locator(f"[data-request='{request.pk}']")
    assert "CLS-NO-WIDEN" in row.inner_text() and "绝密项目方案" in row.inner_text()
    row.locator("button[value=approve]").click()
    decided = page.tab.wait_for_selector(f"[data-decided='{request.pk}']")
    assert "已同意" in decided.inner_text()
    assert page.tab.url.endswith("/approvals/")


def test_the_auditor_sees_the_chain_verify(page):
    """The audit page loads the chain's status by htmx; the home page verifies on a click."""
    page.login("auditor", demo.PASSWORD)
    page.tab.click("[data-action=verify]")
    assert page.tab.wait_for_selector("#chain-status [data-chain=ok]")
    page.go("/audit/")
    assert page.tab.wait_for_selector("#chain-status [data-chain=ok]")
    assert page.tab.locator("[data-seq]").count() > 0


def test_the_auditors_password_is_reset_only_with_a_second_administrator__ADMIN_DUAL(page):
    """The system administrator resets the auditor's password: it waits; the security officer
    agrees on the accounts page; the auditor signs in with it and can do nothing but choose a
    password of their own (AUTH-PASSWORD), then reads the audit log."""
    reset, own = "Reset-by-admin-2026", "Auditor-own-2026"
    page.login("admin", demo.PASSWORD)
    page.go("/accounts/")
    page.tab.click("[data-account=auditor] summary")
    page.tab.fill("[data-account=auditor] input[name=password]", reset)
    page.tab.click("[data-account=auditor] form[action$='/password/'] button[type=submit]")
    page.tab.wait_for_load_state()
    assert "ADMIN-DUAL" in page.tab.inner_text("main")
    change = page.tab.locator("#admin-changes [data-change]")
    assert change.count() == 1 and change.locator("[data-action=agree]").count() == 0
    page.tab.click("[data-user]")
    page.tab.click("[data-logout]")

    page.login("auditor", reset)  # not yet: the old password still holds
    assert page.tab.locator("[data-login-error]").count() == 1

    page.login("secofficer", demo.PASSWORD)
    page.go("/accounts/")
    page.tab.click("#admin-changes [data-action=agree]")
    page.tab.wait_for_load_state()
    assert page.tab.locator("#admin-changes").count() == 0
    page.tab.click("[data-user]")
    page.tab.click("[data-logout]")

    page.login("auditor", reset)
    assert page.tab.url.endswith("/password/")
    assert page.tab.locator("#must-change").count() == 1
    assert page.go("/audit/").url.endswith("/password/")
    page.tab.fill("#id_current_password", reset)
    page.tab.fill("#id_new_password", own)
    page.tab.fill("#id_repeated", own)
    page.tab.click("#own-password button[type=submit]")
    page.tab.wait_for_load_state()
    assert page.go("/audit/").status == 200
