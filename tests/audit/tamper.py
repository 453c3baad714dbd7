"""Audit test helpers: a signing key of the test's own, a chain made without a database,
and tampering with the stored chain."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from django.db import connection

from baomi.audit import chain, triggers


@pytest.fixture(autouse=True)
def signing_key(settings: Any, tmp_path: Path) -> Path:
    """Each test signs with a fresh installation key under its own directory."""
    settings.AUDIT_SIGNING_KEY = tmp_path / "keys" / "audit-ed25519.pem"
    return settings.AUDIT_SIGNING_KEY


@contextmanager
def tampering() -> Iterator[None]:
    """Drop the append-only triggers for the block (as an intruder with the database's owner
    rights would), then put them back."""
    triggers.remove(connection)
    try:
        yield
    finally:
        triggers.install(connection)


def sql(statement: str, params: list[Any] | tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        return cursor.fetchall() if cursor.description else []


def synthetic_rows(count: int) -> list[tuple[int, bytes, str]]:
    """A valid chain of ``count`` events made without a database."""
    rows, prev = [], chain.GENESIS
    for seq in range(1, count + 1):
        body = chain.canonical({"seq": seq, "action": "test.event", "data": {"n": seq * 7}})
        prev = chain.link(prev, body)
        rows.append((seq, body, prev))
    return rows


def export_lines(rows: list[tuple[int, bytes, str]]) -> list[str]:
    return [chain.export_line(*row) + "\n" for row in rows]
