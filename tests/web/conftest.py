"""Test-client helpers for the web pages: signed-in clients (the demo organisation, demo_built and
demo_accounts, is in tests/conftest.py)."""

from __future__ import annotations

import re

from django.test import Client

from baomi.accounts.models import Account

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


def post_refused(client: Client, url: str, data: dict | None = None, *, page: str) -> str:
    """POST a form shown on ``page`` that the operation refuses: the refusal lands back on
    ``page`` (RefusalMiddleware); answers that page's text."""
    response = client.post(url, data or {}, HTTP_REFERER=f"http://testserver{page}", follow=True)
    assert response.redirect_chain[-1][0].endswith(page), response.redirect_chain
    return response.content.decode()
