"""A JSON client for /api/v1 that authenticates as an account, by token or by session."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlencode

import pytest
from django.http import HttpResponse as Response
from django.test import Client

from baomi.accounts.models import Account
from baomi.accounts.operations import create_token


class ApiClient:
    """Calls /api/v1 as ``account``: with a bearer token (default), a logged-in session, or
    nothing at all (``account=None``)."""

    def __init__(
        self, account: Account | None = None, *, session: bool = False, csrf: bool = False
    ) -> None:
        self.client = Client(enforce_csrf_checks=csrf)
        self.headers: dict[str, str] = {}
        if account is not None and session:
            self.client.force_login(account)
        elif account is not None:
            self.token = create_token(actor=None, account_id=account.pk)
            self.headers["authorization"] = f"Bearer {self.token}"

    def call(self, method: str, path: str, body: Any = None, **query: Any) -> Response:
        url = f"/api/v1{path}" + (f"?{urlencode(query)}" if query else "")
        return self.client.generic(
            method,
            url,
            json.dumps(body) if body is not None else "",
            content_type="application/json",
            headers=self.headers,
        )

    def get(self, path: str, **query: Any) -> Response:
        return self.call("GET", path, **query)

    def post(self, path: str, body: Any = None) -> Response:
        return self.call("POST", path, body)

    def put(self, path: str, body: Any = None) -> Response:
        return self.call("PUT", path, body)


@pytest.fixture
def api() -> type[ApiClient]:
    return ApiClient
