"""Suite-wide set-up: the audit triggers around flushes (by DELETE on PostgreSQL), database and
browser gates, and the demo organisation shared by the tests that read it."""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.db import connection, connections, transaction
from django.db.backends.postgresql.operations import DatabaseOperations as PostgresOperations
from django.test import override_settings, testcases
from django.utils import translation
from hypothesis import settings as hypothesis_settings

from baomi.access.roles import Role
from baomi.accounts.models import Account
from baomi.approvals.models import ApprovalRequest
from baomi.audit import triggers
from baomi.carriers import operations as carriers
from baomi.core.levels import Clearance, Level
from baomi.seams.demo import build_demo
from tests.factories import World

# No deadline per example: how long an example takes is not behaviour, and on two cores shared
# by both workers and the browser tests a pure function's example could pass 200 ms.
hypothesis_settings.register_profile("baomi", deadline=None)
hypothesis_settings.load_profile("baomi")

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

_truncate = PostgresOperations.sql_flush


def _sql_flush(
    self: PostgresOperations,
    style: Any,
    tables: list[str],
    *,
    reset_sequences: bool = False,
    allow_cascade: bool = False,
) -> list[str]:
    """The flush after a test that commits (a live server's, a concurrency test's) empties the
    tables with DELETE, not TRUNCATE, on PostgreSQL: truncating baomi's ~130 tables takes
    3.5 s (new files for every table and index), deleting their few rows 0.1 s. The foreign
    keys (all deferrable, as Django makes them) are checked at the commit, when every table is
    empty."""
    if reset_sequences or not tables:
        return _truncate(
            self, style, tables, reset_sequences=reset_sequences, allow_cascade=allow_cascade
        )
    return [
        "SET CONSTRAINTS ALL DEFERRED;",
        *(f"DELETE FROM {self.quote_name(table)};" for table in tables),
    ]


PostgresOperations.sql_flush = _sql_flush


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    _demo_tests_first(items)
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


# The demo organisation (示例单位) is built once per test process, inside a transaction that the
# tests reading it (those asking for ``demo_built``, directly or through another fixture) run
# nested in and roll back to — what Django's ``TestCase.setUpTestData`` does for a class. They
# run first (below), one after the other, so that each worker builds it once; the transaction
# is rolled back before any other test is set up.


def _uses_demo(item: pytest.Item) -> bool:
    return "demo_built" in getattr(item, "fixturenames", ())


def _demo_tests_first(items: list[pytest.Item]) -> None:
    """Move the tests that read the demo to the front, in their order. pytest-django has put
    the tests in database transactions (as these are) first, so its order stands."""
    items[:] = [i for i in items if _uses_demo(i)] + [i for i in items if not _uses_demo(i)]


class _SharedDemo:
    """The open transaction holding the demo, if any."""

    atomic: Any = None
    blocker: Any = None  # pytest-django's django_db_blocker

    def open(self, blocker: Any) -> None:
        if self.atomic is not None:
            return
        self.blocker = blocker
        with blocker.unblock():
            assert not connection.in_atomic_block, "the demo is built before the test's own"
            atomic = transaction.atomic()
            # As Django's TestCase marks its own: the operations' durable transactions nest.
            atomic._from_testcase = True
            atomic.__enter__()
            self.atomic = atomic
            # The installation's language and the fast hasher of fast_passwords (per test).
            with (
                translation.override(django_settings.LANGUAGE_CODE),
                override_settings(
                    PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]
                ),
            ):
                build_demo()

    def close(self) -> None:
        if self.atomic is None:
            return
        with self.blocker.unblock():
            transaction.set_rollback(True)
            self.atomic.__exit__(None, None, None)
        self.atomic = None


_DEMO = _SharedDemo()


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    """Before any fixture of a test that does not read the demo: the demo rolled back."""
    if not _uses_demo(item):
        _DEMO.close()


@pytest.fixture(scope="session")
def _demo_session(django_db_setup: None) -> Any:
    """Rolls the demo back at the end, before the test database goes."""
    yield
    _DEMO.close()


@pytest.fixture(autouse=True)
def _demo_gate(request: pytest.FixtureRequest, django_db_blocker: Any) -> None:
    """Autouse, so before the test's ``db``: the demo's transaction open for a test that reads
    the demo."""
    if _uses_demo(request.node):
        transactional = {"transactional_db", "live_server"} & set(request.fixturenames)
        assert not transactional, "the shared demo is for tests in a transaction of their own"
        request.getfixturevalue("_demo_session")
        _DEMO.open(django_db_blocker)


@pytest.fixture
def demo_built(_demo_gate: None, db: None) -> None:
    """The demo organisation (示例单位), in the test's database transaction."""


@pytest.fixture
def demo_accounts(demo_built: None) -> dict[str, Account]:
    """The demo organisation (示例单位) with its logins, by username."""
    return {a.username: a for a in Account.objects.select_related("person")}


@pytest.fixture
def own_sqlite() -> None:
    """For a test that runs baomi in a process of its own on a SQLite database of its own,
    whichever database the suite runs on: it runs once, in the SQLite run (CI runs the suite
    on SQLite, then on PostgreSQL, where it would do the very same again)."""
    if connections["default"].vendor != "sqlite":
        pytest.skip("runs once, in the SQLite run of the suite: its database is SQLite anyway")


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
