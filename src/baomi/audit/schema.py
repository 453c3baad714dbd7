"""The audit table's index columns are computed by the database from the hashed body.

``audit_auditevent`` keeps, besides ``seq``, ``body`` and ``hash``, the columns the audit page
filters on (time, actor, organisation, action, outcome, subject). They are *generated* columns
(``GENERATED ALWAYS AS (…) STORED``, the expressions of ``models.BodyValue``): the database
computes them from the body on insert and refuses to UPDATE them, triggers or no triggers. So
once the hashes prove the bodies, the index columns are proven too, as long as the table still
generates them from the body. ``changed_columns`` checks that in the database's catalogue (one
query, whatever the chain's length); verification reports a changed definition as a broken
chain and then compares the stored values with the bodies to name the event.

PostgreSQL needs immutable functions in a generated column, and ``convert_from`` (bytea to text)
is only stable because it depends on the database's encoding, which never changes for a
database: ``baomi_audit_text`` and ``baomi_audit_moment`` wrap it. Their source is checked too.

On SQLite the table is rebuilt with ``seq`` as ``INTEGER PRIMARY KEY`` (the rowid): the chain is
then read in the table's own order, without a separate index on ``seq``.

Migration 0003 (``derive``) turns the plain columns of an existing table into generated ones;
it refuses to when a stored value differs from its event's body, so that an upgrade never erases
the evidence of a tampering (``baomi audit verify --deep`` names the event).
"""

from __future__ import annotations

import re
from typing import Any

from django.db.backends.base.base import BaseDatabaseWrapper

TABLE = "audit_auditevent"

_PG_SOURCES = {
    "baomi_audit_text": "SELECT convert_from(body, 'UTF8')::jsonb ->> key",
    "baomi_audit_moment": "SELECT (convert_from(body, 'UTF8')::jsonb ->> key)::timestamptz",
}
_PG_RETURNS = {"baomi_audit_text": "text", "baomi_audit_moment": "timestamptz"}


def _pg_functions() -> list[str]:
    return [
        f"CREATE OR REPLACE FUNCTION {name}(body bytea, key text) RETURNS {_PG_RETURNS[name]} "
        f"LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $${source}$$"
        for name, source in _PG_SOURCES.items()
    ]


def _index_fields() -> list[Any]:
    from baomi.audit.models import AuditEvent

    return [f for f in AuditEvent._meta.local_fields if f.generated]


def index_columns() -> tuple[str, ...]:
    return tuple(f.column for f in _index_fields())


def _generated(connection: BaseDatabaseWrapper, field: Any) -> str:
    expression, params = field.generated_sql(connection)
    if params:
        raise ValueError(f"the expression of {field.column} must not take parameters")
    return expression


def _column_sql(connection: BaseDatabaseWrapper, field: Any, name: str = "") -> str:
    null = "NULL" if field.null else "NOT NULL"
    return (
        f'"{name or field.column}" {field.db_type(connection)} {null} '
        f"GENERATED ALWAYS AS ({_generated(connection, field)}) STORED"
    )


def sqlite_table(connection: BaseDatabaseWrapper) -> str:
    """The table's CREATE statement on SQLite, as sqlite_master keeps it."""
    columns = [
        '"seq" integer NOT NULL PRIMARY KEY',
        '"body" BLOB NOT NULL',
        '"hash" varchar(64) NOT NULL',
        *(_column_sql(connection, f) for f in _index_fields()),
    ]
    return f'CREATE TABLE "{TABLE}" ({", ".join(columns)})'


def _pg_printed(expression: str) -> str:
    """An expression as PostgreSQL prints it back (``pg_get_expr``)."""
    return re.sub(r"'(\w+)'", r"'\1'::text", expression.replace('"body"', "body"))


def changed_columns(connection: BaseDatabaseWrapper) -> list[str]:
    """The index columns that the database no longer computes from the body as it should
    (empty when the table is intact)."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            return _sqlite_changes(connection, cursor)
        if connection.vendor == "postgresql":
            return _pg_changes(connection, cursor)
    raise RuntimeError(f"no generated audit index on {connection.vendor}")


def _sqlite_changes(connection: BaseDatabaseWrapper, cursor: Any) -> list[str]:
    cursor.execute("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = %s", [TABLE])
    row = cursor.fetchone()
    expected = sqlite_table(connection)
    if row is not None and row[0] == expected:
        return []
    actual = row[0] if row else ""
    fields = _index_fields()
    missing = [f.column for f in fields if _column_sql(connection, f) not in actual]
    return missing or [f.column for f in fields]


_PG_CATALOGUE = """
SELECT a.attname, a.attgenerated, pg_get_expr(d.adbin, d.adrelid),
       (SELECT array_agg(p.proname || ':' || p.prosrc ORDER BY p.proname)
          FROM pg_depend dep JOIN pg_proc p ON p.oid = dep.refobjid
         WHERE dep.classid = 'pg_attrdef'::regclass AND dep.objid = d.oid
           AND dep.refclassid = 'pg_proc'::regclass)
  FROM pg_attribute a
  LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
 WHERE a.attrelid = %s::regclass AND a.attnum > 0 AND NOT a.attisdropped
"""


def _pg_changes(connection: BaseDatabaseWrapper, cursor: Any) -> list[str]:
    cursor.execute(_PG_CATALOGUE, [TABLE])
    found = {row[0]: tuple(row[1:]) for row in cursor}
    changed = []
    for field in _index_fields():
        expression = _generated(connection, field)
        function = re.match(r"\(?(\w+)\(", expression)[1]  # type: ignore[index]
        expected = ("s", _pg_printed(expression), [f"{function}:{_PG_SOURCES[function]}"])
        if found.get(field.column) != expected:
            changed.append(field.column)
    return changed


def derive(connection: BaseDatabaseWrapper) -> None:
    """Migration 0003: make the index columns generated from the body (and, on SQLite, ``seq``
    the rowid). Raises when a stored value differs from what its body says."""
    from baomi.audit import triggers

    triggers.remove(connection)  # SQLite would point them at the renamed table
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            _derive_sqlite(connection, cursor)
        elif connection.vendor == "postgresql":
            _derive_pg(connection, cursor)
        else:
            raise RuntimeError(f"no generated audit index on {connection.vendor}")
    triggers.install(connection)


def _refuse_differences(cursor: Any, sql: str) -> None:
    cursor.execute(sql)
    seq = cursor.fetchone()[0]
    if seq is not None:
        raise RuntimeError(
            f"audit event {seq}: an index column differs from the event's body. The chain was "
            "tampered with; run 'baomi audit verify --deep' and keep the database as evidence "
            "before upgrading."
        )


def _derive_sqlite(connection: BaseDatabaseWrapper, cursor: Any) -> None:
    plain = f"{TABLE}__plain"
    cursor.execute(
        "SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = %s "
        "AND sql IS NOT NULL ORDER BY name",
        [TABLE],
    )
    indexes = [sql for (sql,) in cursor.fetchall()]
    cursor.execute(f'ALTER TABLE "{TABLE}" RENAME TO "{plain}"')
    cursor.execute(sqlite_table(connection))
    cursor.execute(
        f'INSERT INTO "{TABLE}" (seq, body, hash) '  # noqa: S608 - constant names
        f'SELECT seq, body, hash FROM "{plain}" ORDER BY seq'
    )
    differs = " OR ".join(f'n."{c}" IS NOT o."{c}"' for c in index_columns())
    _refuse_differences(
        cursor,
        f'SELECT min(n.seq) FROM "{TABLE}" n JOIN "{plain}" o ON o.seq = n.seq '  # noqa: S608
        f"WHERE {differs}",
    )
    cursor.execute(f'DROP TABLE "{plain}"')
    for sql in indexes:
        cursor.execute(sql)


def _derive_pg(connection: BaseDatabaseWrapper, cursor: Any) -> None:
    for sql in _pg_functions():
        cursor.execute(sql)
    cursor.execute(
        "SELECT indexdef FROM pg_indexes WHERE schemaname = current_schema() "
        "AND tablename = %s AND indexname <> %s ORDER BY indexname",
        [TABLE, f"{TABLE}_pkey"],
    )
    indexes = [sql for (sql,) in cursor.fetchall()]
    fields = _index_fields()
    added = ", ".join(
        "ADD COLUMN " + _column_sql(connection, f, f"{f.column}__body") for f in fields
    )
    cursor.execute(f'ALTER TABLE "{TABLE}" {added}')
    differs = " OR ".join(f'"{f.column}" IS DISTINCT FROM "{f.column}__body"' for f in fields)
    _refuse_differences(cursor, f'SELECT min(seq) FROM "{TABLE}" WHERE {differs}')  # noqa: S608
    dropped = ", ".join(f'DROP COLUMN "{f.column}"' for f in fields)
    cursor.execute(f'ALTER TABLE "{TABLE}" {dropped}')
    for f in fields:
        cursor.execute(f'ALTER TABLE "{TABLE}" RENAME COLUMN "{f.column}__body" TO "{f.column}"')
    for sql in indexes:
        cursor.execute(sql)
