"""Suite-wide set-up: the audit triggers around flushes, database and browser gates."""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

import pytest
from django.db import connections
from django.test import testcases
from django.utils import translation

from baomi.access.roles import Role
from baomi.accounts.models import Account
from baomi.approvals.models import ApprovalRequest
from baomi.audit import triggers
from baomi.carriers import operations as carriers
from baomi.core.levels import Clearance, Level
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
    skip_fuzz = pytest.mark.skip(reason="fuzzes the whole API: set BAOMI_SCHEMATHESIS=1 (CI)")
    # The browser journeys and the API fuzzing exercise the pages and routes, not the
    # database: CI runs them once, in the SQLite run.
    once = pytest.mark.skip(reason="runs once, in the SQLite run of the suite")
    for item in items:
        if "postgres" in item.keywords and vendor != "postgresql":
            item.add_marker(skip_pg)
        if "e2e" in item.keywords and os.environ.get("BAOMI_E2E") != "1":
            item.add_marker(skip_e2e)
        if "schemathesis" in item.keywords and os.environ.get("BAOMI_SCHEMATHESIS") != "1":
            item.add_marker(skip_fuzz)
        if ("e2e" in item.keywords or "schemathesis" in item.keywords) and vendor != "sqlite":
            item.add_marker(once)


@pytest.fixture
def world(db: None) -> World:
    return World.build()


@pytest.fixture(autouse=True)
def checkpoint_dir(settings: Any, tmp_path: Any) -> Any:
    """Each test writes its signed checkpoint files (baomi audit checkpoint) to a directory of
    its own, which verification reads: no test sees another's."""
    settings.AUDIT_CHECKPOINT_DIR = tmp_path / "checkpoints"
    return settings.AUDIT_CHECKPOINT_DIR


@pytest.fixture(autouse=True)
def default_language(settings: Any) -> Any:
    """Each test starts and ends in the installation's language: a request leaves the language
    it asked for (an API client's Accept-Language) active in its thread, and data a later test
    builds (the demo's catalogue, a draft's number) would be written in it."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def fast_passwords(settings: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """Hash passwords with a fast hasher: argon2 spends a third of a second on every account
    and every login. tests/accounts/test_password_hashing.py restores it to prove the default."""
    from baomi.accounts.operations import sessions

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    monkeypatch.setattr(sessions, "_DUMMY_HASH", None)


@dataclass
class Pending:
    officer: Account
    issuer: Account
    request: ApprovalRequest


@pytest.fixture
def pending(world: World) -> Pending:
    """The security officer asks the issuer of a top-secret document to approve widening
    its scope (CLS-NO-WIDEN)."""
    clerk = world.account(Role.CLERK, clearance=Clearance.CORE)
    officer = world.account(Role.SECURITY_OFFICER, clearance=Clearance.CORE)
    issuer = world.account(Role.LEADER, clearance=Clearance.CORE, rank="manager")
    doc = carriers.register_document(
        actor=clerk,
        number="绝密1号",
        title="绝密标题",
        level=Level.TOP_SECRET,
        term_years=10,
        named_people_ids=[officer.person_id],
        issued_by_id=issuer.person_id,
    )
    request = carriers.request_scope_widening(
        actor=officer,
        document_id=doc.pk,
        person_id=world.person(clearance=Clearance.CORE).pk,
        reason="项目需要",
    )
    return Pending(officer, issuer, request)
