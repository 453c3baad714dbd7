"""Audit test helpers: a signing key of the test's own, a chain made without a database,
and tampering with the stored chain."""

from __future__ import annotations

import json
import re
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


def plain_columns(*columns: str) -> None:
    """Make index columns of the audit table plain columns that keep their values, so that
    they can be changed apart from the body (as an intruder with the database owner's rights
    could): PostgreSQL drops their generation expression, SQLite rebuilds the table."""
    table = triggers.TABLE
    if connection.vendor == "postgresql":
        for column in columns:
            sql(f'ALTER TABLE {table} ALTER COLUMN "{column}" DROP EXPRESSION')
        return
    create = sql("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = %s", [table])[0][0]
    for column in columns:
        create = re.sub(rf'("{column}" [^,]*?) GENERATED ALWAYS AS \(.*?\) STORED', r"\1", create)
    kept = ("seq", "body", "hash", *columns)
    names = ", ".join(f'"{c}"' for c in kept)
    sql(f'ALTER TABLE "{table}" RENAME TO "{table}__old"')
    sql(create)
    sql(f'INSERT INTO "{table}" ({names}) SELECT {names} FROM "{table}__old"')
    sql(f'DROP TABLE "{table}__old"')


def altered(seq: int) -> bytes:
    """Event ``seq``'s body with its details changed (every key kept, so the table takes it)."""
    (body,) = sql(f"SELECT body FROM {triggers.TABLE} WHERE seq = %s", [seq])[0]
    event = json.loads(bytes(body))
    return chain.canonical({**event, "data": {**event["data"], "altered": True}})


def rewrite_from(seq: int) -> None:
    """Alter event ``seq`` and re-link every event after it, moving the chain head along: a
    chain that verifies on its own (call inside ``tampering``)."""
    table = triggers.TABLE
    (prev,) = (
        sql(f"SELECT hash FROM {table} WHERE seq = %s", [seq - 1])[0]
        if seq > 1
        else (chain.GENESIS,)
    )
    rows = sql(f"SELECT seq, body FROM {table} WHERE seq >= %s ORDER BY seq", [seq])
    for number, body in rows:
        body = altered(number) if number == seq else bytes(body)
        prev = chain.link(prev, body)
        sql(f"UPDATE {table} SET body = %s, hash = %s WHERE seq = %s", [body, prev, number])
    sql("UPDATE audit_chainhead SET seq = %s, hash = %s", [rows[-1][0], prev])


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
