"""Test-client helpers for the web pages: signed-in clients and the demo organisation."""

from __future__ import annotations

import re

import pytest
from django.db import transaction
from django.test import Client, override_settings

from baomi.accounts.models import Account
from baomi.seams.demo import build_demo

CSRF = re.compile(r'(name="csrfmiddlewaretoken" value="|name="csrf-token" content=")[^"]+"')


def signed_in(account: Account, *, language: str | None = None) -> Client:
    client = Client()
    client.force_login(account)
    if language:
        client.cookies["django_language"] = language
    return client


def page_text(response) -> str:
    """The page without its per-response CSRF tokens (to compare two answers)."""
    return CSRF.sub(r'\1"', response.content.decode())


@pytest.fixture(scope="module")
def demo_built(django_db_setup, django_db_blocker):
    """The demo organisation (示例单位), built once per test module and worker inside a
    transaction that each test of the module runs nested in and rolls back to (what Django's
    ``TestCase.setUpTestData`` does for a class); rolled back after the module."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        # As Django's TestCase marks its own: the operations' durable transactions may nest.
        outer._from_testcase = True
        outer.__enter__()
        try:
            # The fast hasher of tests/conftest.py's fast_passwords, which is per test.
            with override_settings(
                PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]
            ):
                build_demo()
            yield
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def demo_accounts(demo_built, db) -> dict[str, Account]:
    """The demo organisation (示例单位) with its logins, by username."""
    return {a.username: a for a in Account.objects.select_related("person")}


def post_refused(client: Client, url: str, data: dict | None = None, *, page: str) -> str:
    """POST a form shown on ``page`` that the operation refuses: the refusal lands back on
    ``page`` (RefusalMiddleware); answers that page's text."""
    response = client.post(url, data or {}, HTTP_REFERER=f"http://testserver{page}", follow=True)
    assert response.redirect_chain[-1][0].endswith(page), response.redirect_chain
    return response.content.decode()
