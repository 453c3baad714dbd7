"""The shell: navigation per role, page guards, the Content Security Policy, no external
URL, no inline script or style, and the language switch."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from baomi.seams.navigation import NAVIGATION as NAV
from tests.web.conftest import signed_in

EXPECTED_NAV = {
    "admin": ["home", "my_file", "org", "accounts", "calendar", "rulebook"],
    "secofficer": [
        "home",
        "cockpit",
        "annual_report",
        "deadlines",
        "my_file",
        "documents",
        "outgoing",
        "registers",
        "desk",
        "lifecycle",
        "classification",
        "approvals",
        "publication",
        "people",
        "people_files",
        "areas",
        "meetings",
        "oversight",
        "seals",
        "incidents",
        "budget",
        "security_staff",
        "accreditation",
        "scans",
        "devices",
        "accounts",
        "rulebook",
    ],
    "auditor": ["home", "my_file", "accounts", "audit", "rulebook"],
    "clerk": [
        "home",
        "deadlines",
        "my_file",
        "documents",
        "outgoing",
        "registers",
        "desk",
        "lifecycle",
        "approvals",
        "publication",
        "meetings",
        "oversight",
        "seals",
        "rulebook",
    ],
    "leader": [
        "home",
        "cockpit",
        "annual_report",
        "deadlines",
        "my_file",
        "documents",
        "outgoing",
        "classification",
        "approvals",
        "publication",
        "oversight",
        "seals",
        "rulebook",
    ],
    "director": [
        "home",
        "cockpit",
        "annual_report",
        "deadlines",
        "my_file",
        "documents",
        "outgoing",
        "classification",
        "approvals",
        "publication",
        "oversight",
        "seals",
        "rulebook",
    ],
    "staff": [
        "home",
        "deadlines",
        "my_file",
        "documents",
        "outgoing",
        "approvals",
        "publication",
        "oversight",
        "seals",
        "rulebook",
    ],
}
# Pages a role may not use without being in the navigation (sub-pages of an entry).
EXTRA_PAGES = {
    "document_register": {"secofficer", "clerk"},
    "audit_chain": {"auditor"},
    # Everyone signed in reads their own notifications (none for an account without a person).
    "notifications": set(EXPECTED_NAV),
}
LOCAL_HOSTS = {"testserver", "localhost", "127.0.0.1"}
URL = re.compile(r"""https?://([^/"'\s<>:]+)""")


def nav_keys(html: str) -> list[str]:
    return re.findall(r'data-nav="([a-z_]+)"', html)


@pytest.mark.parametrize("username", sorted(EXPECTED_NAV))
def test_each_role_sees_exactly_its_navigation(demo_accounts, username):
    """The menu lists exactly the pages of the role (三员分立: the administrator sees no
    documents, the auditor only the audit log)."""
    response = signed_in(demo_accounts[username]).get("/")
    assert response.status_code == 200
    assert nav_keys(response.content.decode()) == EXPECTED_NAV[username]


@pytest.mark.parametrize("username", sorted(EXPECTED_NAV))
def test_each_role_may_open_its_pages_and_gets_403_elsewhere(demo_accounts, username):
    """Every page of the menu answers 200; every other page of the shell answers 403."""
    client = signed_in(demo_accounts[username])
    pages = {item.key: item.key in EXPECTED_NAV[username] for item in NAV}
    pages.update({key: username in who for key, who in EXTRA_PAGES.items()})
    for key, allowed in pages.items():
        response = client.get(reverse(key))
        assert response.status_code == (200 if allowed else 403), (username, key)
        if not allowed:
            assert 'data-status="403"' in response.content.decode()


def test_anonymous_visitors_are_sent_to_the_login_page(db):
    for item in NAV:
        response = Client().get(reverse(item.key))
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize("username", sorted(EXPECTED_NAV))
def test_every_page_has_a_self_only_csp_and_no_external_url(demo_accounts, username):
    """DEV-AIRGAP: the CSP header allows only 'self' (and data: images), no page names an
    external host, and no page has an inline script or a style attribute (the CSP would
    block them)."""
    client = signed_in(demo_accounts[username])
    for key in EXPECTED_NAV[username]:
        response = client.get(reverse(key))
        csp = response.headers["Content-Security-Policy"]
        assert "default-src 'self'" in csp and "script-src 'self'" in csp
        assert "style-src 'self'" in csp and "unsafe-inline" not in csp
        assert not URL.search(csp), csp
        html = response.content.decode()
        hosts = set(URL.findall(html)) - LOCAL_HOSTS
        assert not hosts, (key, hosts)
        # No inline script; a JSON data block (json_script: never executed) is data.
        inline = r"<script(?![^>]*\b(?:src=|type=\"application/json\"))[^>]*>"
        assert not re.search(inline, html), key
        assert not re.search(r"\sstyle=", html), key
        assert not re.search(r"\son[a-z]+=", html), key


def test_the_login_page_also_has_the_csp_and_no_external_url(db):
    response = Client().get(reverse("login"))
    assert "default-src 'self'" in response.headers["Content-Security-Policy"]
    assert not set(URL.findall(response.content.decode())) - LOCAL_HOSTS


def test_chinese_is_the_default_language(demo_accounts):
    html = signed_in(demo_accounts["clerk"]).get("/").content.decode()
    assert '<html lang="zh-hans">' in html
    assert "我持有的" in html and "退出" in html


def test_a_browser_asking_for_english_still_gets_chinese_until_the_switch(db):
    """Only the switch (the language cookie) changes the language, not Accept-Language."""
    client = Client(HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert '<html lang="zh-hans">' in client.get("/login/").content.decode()
    client.post(reverse("set_language"), {"language": "en", "next": "/login/"})
    assert '<html lang="en">' in client.get("/login/").content.decode()


def test_the_language_switch_changes_the_page_language(demo_accounts):
    """Django's set_language (POST) switches to English and back; the page follows."""
    client = signed_in(demo_accounts["clerk"])
    response = client.post(reverse("set_language"), {"language": "en", "next": "/documents/"})
    assert response.status_code == 302 and response.url == "/documents/"
    html = client.get("/documents/").content.decode()
    assert '<html lang="en">' in html and "Log out" in html and "退出" not in html
    client.post(reverse("set_language"), {"language": "zh-hans", "next": "/"})
    html = client.get("/").content.decode()
    assert '<html lang="zh-hans">' in html and "退出" in html


def test_the_language_switch_works_before_login(db):
    client = Client()
    client.post(reverse("set_language"), {"language": "en", "next": "/login/"})
    assert '<html lang="en">' in client.get("/login/").content.decode()


@pytest.mark.parametrize("path", ["/", "/documents/", "/api/v1/me", "/desk/incoming/?format=xlsx"])
def test_no_signed_in_answer_is_stored_in_a_cache(demo_accounts, path):
    """Pages, JSON answers and exports of a signed-in person: Cache-Control no-store."""
    response = signed_in(demo_accounts["clerk"]).get(path)
    assert response.status_code == 200, path
    assert "no-store" in response["Cache-Control"]


def test_hsts_is_sent_over_https(demo_accounts):
    response = signed_in(demo_accounts["clerk"]).get("/", secure=True)
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")
    assert "Strict-Transport-Security" not in signed_in(demo_accounts["clerk"]).get("/")
