"""Scratch databases for the upgrade drill, and what it reads of them through SQL alone (the
models of the current code describe the current tables, not the release's): every table's
rows by primary key, and the schema as the database's catalogue says it."""

from __future__ import annotations

import re
import secrets
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

import psycopg


@dataclass
class Table:
    columns: tuple[str, ...]
    key: tuple[str, ...]  # the primary key's columns (every table of Django's has one)
    rows: dict[tuple[Any, ...], tuple[Any, ...]]  # by the primary key's values

    def row(self, *key: Any) -> dict[str, Any] | None:
        found = self.rows.get(key)
        return None if found is None else dict(zip(self.columns, found, strict=True))


Snapshot = dict[str, Table]
Schema = dict[tuple[str, ...], Any]  # (kind, [table,] name) -> its definition


class Scratch:
    """A database of the drill's own, for ``baomi`` processes (``url``) and for reading."""

    vendor: str
    url: str  # BAOMI_DATABASE_URL: empty for SQLite's default file in BAOMI_DATA_DIR

    def connect(self) -> Any:
        raise NotImplementedError

    @contextmanager
    def cursor(self) -> Iterator[Any]:
        with closing(self.connect()) as connection, closing(connection.cursor()) as cursor:
            yield cursor

    def snapshot(self) -> Snapshot:
        with self.cursor() as cursor:
            return SNAPSHOTS[self.vendor](cursor)

    def schema(self) -> Schema:
        with self.cursor() as cursor:
            return SCHEMAS[self.vendor](cursor)

    def drop(self) -> None:
        raise NotImplementedError


class SqliteScratch(Scratch):
    """The default database of a data directory (``BAOMI_DATA_DIR/baomi.sqlite3``), as an
    installation that sets no BAOMI_DATABASE_URL has it."""

    vendor = "sqlite"
    url = ""

    def __init__(self, data_dir: Path) -> None:
        self.path = data_dir / "baomi.sqlite3"

    def connect(self) -> sqlite3.Connection:
        return sqlite3.connect(self.path)

    def drop(self) -> None:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{self.path}{suffix}").unlink(missing_ok=True)


class PostgresScratch(Scratch):
    """``upgrade_<random>`` created on the server of ``settings`` (a Django connection's
    settings_dict), dropped by ``drop``."""

    vendor = "postgresql"

    def __init__(self, settings: dict[str, Any]) -> None:
        user, password = settings["USER"] or "", settings["PASSWORD"] or ""
        secret = f":{quote(password, safe='')}" if password else ""
        where = f"{settings['HOST']}:{settings['PORT']}"
        self.server = f"postgres://{quote(user, safe='')}{secret}@{where}"
        self.admin = f"{self.server}/{settings['NAME']}"
        self.name = f"upgrade_{secrets.token_hex(4)}"
        self.url = f"{self.server}/{self.name}"
        with psycopg.connect(self.admin, autocommit=True) as admin:
            admin.execute(f'CREATE DATABASE "{self.name}"')

    def connect(self) -> psycopg.Connection:
        return psycopg.connect(self.url, autocommit=True)

    def drop(self) -> None:
        with psycopg.connect(self.admin, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')


# Rows ----------------------------------------------------------------------------------------


def _rows(cursor: Any, table: str, columns: list[str], key: list[str]) -> Table:
    listed = ", ".join(f'"{c}"' for c in columns)
    cursor.execute(f'SELECT {listed} FROM "{table}"')
    positions = [columns.index(c) for c in key]
    rows = {tuple(row[i] for i in positions): tuple(row) for row in cursor.fetchall()}
    return Table(tuple(columns), tuple(key), rows)


def _sqlite_tables(cursor: Any) -> list[str]:
    cursor.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
        "ORDER BY name"
    )
    return [name for (name,) in cursor.fetchall()]


def _sqlite_snapshot(cursor: Any) -> Snapshot:
    found = {}
    for table in _sqlite_tables(cursor):
        cursor.execute(f'PRAGMA table_xinfo("{table}")')
        info = cursor.fetchall()  # cid, name, type, notnull, default, pk, hidden
        columns = [row[1] for row in info]
        key = [row[1] for row in sorted(info, key=lambda r: r[5]) if row[5]]
        found[table] = _rows(cursor, table, columns, key or columns)
    return found


_PG_TABLES = (
    "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' "
    "AND table_type = 'BASE TABLE' ORDER BY table_name"
)
_PG_COLUMNS = (
    "SELECT table_name, column_name FROM information_schema.columns "
    "WHERE table_schema = 'public' ORDER BY table_name, ordinal_position"
)
_PG_KEYS = (
    "SELECT c.conrelid::regclass::text, a.attname FROM pg_constraint c "
    "JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = ANY (c.conkey) "
    "WHERE c.contype = 'p' AND c.connamespace = 'public'::regnamespace "
    "ORDER BY 1, array_position(c.conkey, a.attnum)"
)


def _pg_snapshot(cursor: Any) -> Snapshot:
    cursor.execute(_PG_TABLES)
    tables = [name for (name,) in cursor.fetchall()]
    columns: dict[str, list[str]] = {t: [] for t in tables}
    keys: dict[str, list[str]] = {t: [] for t in tables}
    for query, into in ((_PG_COLUMNS, columns), (_PG_KEYS, keys)):
        cursor.execute(query)
        for table, column in cursor.fetchall():
            if table.strip('"') in into:
                into[table.strip('"')].append(column)
    return {t: _rows(cursor, t, columns[t], keys[t] or columns[t]) for t in tables}


SNAPSHOTS: dict[str, Callable[[Any], Snapshot]] = {
    "sqlite": _sqlite_snapshot,
    "postgresql": _pg_snapshot,
}

# Schema --------------------------------------------------------------------------------------


def _parts(body: str) -> frozenset[str]:
    """The top-level comma-separated parts of a parenthesised list (a CREATE TABLE's columns
    and constraints): a column added by ALTER TABLE sits last, one made by CREATE TABLE in its
    place, and the two tables are the same."""
    parts, depth, quote_char, start = [], 0, "", 0
    for i, char in enumerate(body):
        if quote_char:
            quote_char = "" if char == quote_char else quote_char
        elif char in "'\"`":
            quote_char = char
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == "," and depth == 0:
            parts.append(body[start:i].strip())
            start = i + 1
    parts.append(body[start:].strip())
    return frozenset(parts)


def _sqlite_schema(cursor: Any) -> Schema:
    cursor.execute(
        "SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' "
        "AND sql IS NOT NULL"
    )
    found: Schema = {}
    for kind, name, sql in cursor.fetchall():
        text = re.sub(r"\s+", " ", sql).strip()
        if kind == "table":
            head, _, body = text.partition("(")
            found[(kind, name)] = (head.strip(), _parts(body.rstrip()[:-1]))
        else:
            found[(kind, name)] = text
    return found


_PG_SCHEMA = {
    "column": (
        "SELECT table_name, column_name, concat_ws(' ', data_type, character_maximum_length, "
        "numeric_precision, numeric_scale, is_nullable, column_default, is_identity, "
        "is_generated, generation_expression) FROM information_schema.columns "
        "WHERE table_schema = 'public'"
    ),
    "constraint": (
        "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint "
        "WHERE connamespace = 'public'::regnamespace"
    ),
    "index": "SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = 'public'",
    "trigger": (
        "SELECT tgrelid::regclass::text, tgname, pg_get_triggerdef(oid) FROM pg_trigger "
        "WHERE NOT tgisinternal"
    ),
    "function": (
        "SELECT '', proname, pg_get_functiondef(oid) FROM pg_proc "
        "WHERE pronamespace = 'public'::regnamespace"
    ),
}


def _pg_schema(cursor: Any) -> Schema:
    found: Schema = {}
    for kind, query in _PG_SCHEMA.items():
        cursor.execute(query)
        for table, name, definition in cursor.fetchall():
            found[(kind, table, name)] = definition
    return found


SCHEMAS: dict[str, Callable[[Any], Schema]] = {
    "sqlite": _sqlite_schema,
    "postgresql": _pg_schema,
}


def schema_differences(upgraded: Schema, fresh: Schema) -> list[str]:
    """What an upgraded database's schema has that a freshly made one has not, and back."""
    differences = []
    for name in sorted(set(upgraded) | set(fresh)):
        if name not in fresh:
            differences.append(f"{' '.join(name)}: only in the upgraded database")
        elif name not in upgraded:
            differences.append(f"{' '.join(name)}: missing from the upgraded database")
        elif upgraded[name] != fresh[name]:
            differences.append(
                f"{' '.join(name)}: upgraded {upgraded[name]!r}, fresh {fresh[name]!r}"
            )
    return differences
