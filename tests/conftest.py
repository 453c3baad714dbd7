"""Suite-wide set-up: the audit triggers around flushes, database and browser gates."""

from __future__ import annotations

import os
from typing import Any

import pytest
from django.db import connections
from django.test import testcases

from baomi.audit import triggers
from tests.factories import World

_original_teardown = testcases.TransactionTestCase._fixture_teardown


def _fixture_teardown(self: testcases.TransactionTestCase) -> None:
    """Flush around the append-only triggers (tests only: production keeps them)."""
    for alias in connections:
        triggers.remove(connections[alias])
    try:
        _original_teardown(self)
    finally:
        for alias in connections:
            triggers.install(connections[alias])


testcases.TransactionTestCase._fixture_teardown = _fixture_teardown


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    vendor = connections["default"].vendor
    skip_pg = pytest.mark.skip(
        reason="needs PostgreSQL: set BAOMI_TEST_POSTGRES (make test does it in CI)"
    )
    skip_e2e = pytest.mark.skip(reason="browser test: set BAOMI_E2E=1 (CI sets it)")
    for item in items:
        if "postgres" in item.keywords and vendor != "postgresql":
            item.add_marker(skip_pg)
        if "e2e" in item.keywords and os.environ.get("BAOMI_E2E") != "1":
            item.add_marker(skip_e2e)


@pytest.fixture
def world(db: None) -> World:
    return World.build()


@pytest.fixture(autouse=True)
def fast_passwords(settings: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """Hash passwords with a fast hasher: argon2 spends a third of a second on every account
    and every login. tests/accounts/test_password_hashing.py restores it to prove the default."""
    from baomi.accounts import operations

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    monkeypatch.setattr(operations, "_DUMMY_HASH", None)
