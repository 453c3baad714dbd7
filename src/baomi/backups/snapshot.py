"""The database's side of a backup: a consistent copy while the server runs, what that copy
holds (the audit chain's head, the latest migration of each app), whether a database is in use,
and putting a copy in place.

- SQLite: the online backup API (``sqlite3.Connection.backup``) in one step, which reads one
  snapshot of the database while writers go on (WAL); a restore writes a temporary file beside
  the database and renames it over the old one, which is kept beside it as well.
- PostgreSQL: ``pg_dump -Fc`` of an exported snapshot, whose head and migrations are read in
  the same snapshot; a restore runs ``pg_restore``'s script through ``psql`` in one transaction
  (everything or nothing), as the tables' owner when ``BAOMI_MIGRATION_DATABASE_URL`` is set.
  The connection goes to the programs through the environment (``PGHOST`` …, the password in
  ``PGPASSWORD``), never on a command line nor through a shell.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import threading
from contextlib import closing, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections

HEAD_SQL = "SELECT seq, hash FROM audit_chainhead WHERE id = 1"
MIGRATIONS_SQL = "SELECT app, name FROM django_migrations"
# The objects of the schema a PostgreSQL restore with --replace drops first, in the restore's
# own transaction (so a failed restore leaves them as they were).
_DROP_ALL = """
DO $baomi$
DECLARE item record;
BEGIN
  FOR item IN
    SELECT CASE c.relkind WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW'
                          WHEN 'S' THEN 'SEQUENCE' ELSE 'TABLE' END AS kind,
           quote_ident(n.nspname) || '.' || quote_ident(c.relname) AS name
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p', 'v', 'm', 'S')
    ORDER BY c.relkind = 'S'
  LOOP
    EXECUTE format('DROP %s IF EXISTS %s CASCADE', item.kind, item.name);
  END LOOP;
  FOR item IN
    SELECT p.oid::regprocedure::text AS name
    FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
    WHERE n.nspname = current_schema()
      AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = p.oid AND d.deptype = 'e')
  LOOP
    EXECUTE 'DROP FUNCTION IF EXISTS ' || item.name || ' CASCADE';
  END LOOP;
END
$baomi$;
"""
_LIVE_SQL = {
    "sqlite": "SELECT count(*) FROM sqlite_master WHERE type = 'table'",
    "postgresql": (
        "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p')"
    ),
}


class SnapshotError(Exception):
    """The database could not be copied or restored (the message says why)."""


@dataclass(frozen=True)
class Facts:
    """What a copy of the database holds: the chain's head and each app's latest migration."""

    head_seq: int
    head_hash: str
    migrations: dict[str, str]

    def as_dict(self) -> dict[str, Any]:
        return {
            "audit": {"seq": self.head_seq, "hash": self.head_hash},
            "migrations": self.migrations,
        }


def vendor() -> str:
    return connections[DEFAULT_DB_ALIAS].vendor


def _facts(rows_head: Any, rows_migrations: list[tuple[str, str]]) -> Facts:
    latest: dict[str, str] = {}
    for app, name in rows_migrations:
        if app not in latest or name > latest[app]:
            latest[app] = name
    seq, digest = rows_head if rows_head else (0, "")
    return Facts(int(seq), str(digest), dict(sorted(latest.items())))


# SQLite ----------------------------------------------------------------------------------


def sqlite_path() -> Path:
    return Path(settings.DATABASES[DEFAULT_DB_ALIAS]["NAME"])


def _sqlite_uri(path: Path, mode: str) -> str:
    return f"file:{quote(str(path))}?mode={mode}"


def sqlite_copy(destination: Path) -> Facts:
    """Copy the live database to ``destination`` with the online backup API, in one step (one
    read snapshot: writers go on meanwhile), as a file of its own (no WAL beside it)."""
    source_path = sqlite_path()
    if not source_path.exists():
        raise SnapshotError(f"there is no database at {source_path}")
    reading = sqlite3.connect(_sqlite_uri(source_path, "ro"), uri=True, timeout=60)
    with closing(reading) as source, closing(sqlite3.connect(destination)) as copy:
        source.backup(copy)
        copy.execute("PRAGMA journal_mode=DELETE")
    return sqlite_facts(destination)


def sqlite_facts(path: Path) -> Facts:
    with closing(sqlite3.connect(_sqlite_uri(path, "ro"), uri=True)) as copy:
        try:
            head = copy.execute(HEAD_SQL).fetchone()
            migrations = copy.execute(MIGRATIONS_SQL).fetchall()
        except sqlite3.DatabaseError as exc:
            raise SnapshotError(f"the copy is not a baomi database: {exc}") from exc
    return _facts(head, migrations)


def sqlite_check(path: Path) -> None:
    """Refuse a copy that SQLite finds damaged."""
    with closing(sqlite3.connect(_sqlite_uri(path, "ro"), uri=True)) as copy:
        try:
            found = copy.execute("PRAGMA quick_check").fetchone()
        except sqlite3.DatabaseError as exc:
            raise SnapshotError(f"the database in the archive is damaged: {exc}") from exc
    if not found or found[0] != "ok":
        raise SnapshotError(f"the database in the archive is damaged: {found[0] if found else ''}")


def sqlite_live(path: Path | None = None) -> bool:
    """Whether a database file exists there with tables in it."""
    path = path or sqlite_path()
    if not path.exists() or path.stat().st_size == 0:
        return False
    try:
        with closing(sqlite3.connect(_sqlite_uri(path, "ro"), uri=True)) as db:
            return bool(db.execute(_LIVE_SQL["sqlite"]).fetchone()[0])
    except sqlite3.DatabaseError:
        return True  # something is there that is not ours to overwrite silently


def sqlite_put(staged: Path) -> Path | None:
    """Put ``staged`` (beside the database) in the database's place: the old file's pages are
    checkpointed out of its WAL, the old file is kept as ``<name>.replaced-<n>`` and the staged
    one is renamed over it (atomic). Answers where the old database was kept, if any."""
    target = sqlite_path()
    kept = None
    if target.exists():
        with closing(sqlite3.connect(target, timeout=60)) as old:
            old.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        kept = free_name(target, "replaced")
        os.link(target, kept)
    os.replace(staged, target)
    for suffix in ("-wal", "-shm"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    sync_directory(target.parent)
    return kept


def free_name(path: Path, label: str) -> Path:
    for n in range(1, 10_000):
        candidate = path.with_name(f"{path.name}.{label}-{n}")
        if not candidate.exists():
            return candidate
    raise SnapshotError(f"too many {label} files beside {path}")


def sync_directory(directory: Path) -> None:
    folder = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(folder)
    finally:
        os.close(folder)


# PostgreSQL -------------------------------------------------------------------------------


def _pg_settings(owner: bool) -> dict[str, Any]:
    found = dict(settings.DATABASES[DEFAULT_DB_ALIAS])
    if owner and settings.DATABASE_OWNER:
        found.update(settings.DATABASE_OWNER)
    return found


def pg_environment(owner: bool = False) -> dict[str, str]:
    """The environment that points libpq's programs at the database (the owner's login for a
    restore when there is one). Nothing of it goes on a command line."""
    db = _pg_settings(owner)
    env = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
    wanted = {
        "PGHOST": db.get("HOST"),
        "PGPORT": db.get("PORT"),
        "PGUSER": db.get("USER"),
        "PGPASSWORD": db.get("PASSWORD"),
        "PGDATABASE": db.get("NAME"),
        "PGAPPNAME": "baomi-backup",
    }
    for option, variable in (
        ("sslmode", "PGSSLMODE"),
        ("sslrootcert", "PGSSLROOTCERT"),
        ("sslcert", "PGSSLCERT"),
        ("sslkey", "PGSSLKEY"),
    ):
        wanted[variable] = (db.get("OPTIONS") or {}).get(option)
    env.update({k: str(v) for k, v in wanted.items() if v not in (None, "")})
    return env


def _pg_connect(owner: bool = False) -> Any:
    import psycopg

    db = _pg_settings(owner)
    return psycopg.connect(
        host=db.get("HOST") or None,
        port=db.get("PORT") or None,
        user=db.get("USER") or None,
        password=db.get("PASSWORD") or None,
        dbname=db.get("NAME"),
        application_name="baomi-backup",
    )


def _run(command: list[str], env: dict[str, str], **kwargs: Any) -> None:
    found = subprocess.run(  # noqa: S603 (a fixed program and arguments, no shell)
        command, env=env, capture_output=True, check=False, **kwargs
    )
    if found.returncode != 0:
        message = found.stderr.decode(errors="replace").strip().splitlines()
        raise SnapshotError(f"{command[0]} failed: {message[-1] if message else found.returncode}")


def pg_copy(destination: Path) -> Facts:
    """``pg_dump -Fc`` of one exported snapshot into ``destination``; the head and the
    migrations read in that same snapshot."""
    with closing(_pg_connect()) as db:
        db.autocommit = False
        with db.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            (snapshot,) = cursor.fetchone()
            cursor.execute(HEAD_SQL)
            head = cursor.fetchone()
            cursor.execute(MIGRATIONS_SQL)
            migrations = cursor.fetchall()
            _run(
                [
                    shutil.which("pg_dump") or "pg_dump",
                    "--format=custom",
                    "--no-password",
                    f"--snapshot={snapshot}",
                    f"--file={destination}",
                ],
                pg_environment(),
            )
        db.rollback()
    return _facts(head, migrations)


def pg_live() -> bool:
    with closing(_pg_connect(owner=True)) as db, db.cursor() as cursor:
        cursor.execute(_LIVE_SQL["postgresql"])
        return bool(cursor.fetchone()[0])


def pg_dump_version() -> str:
    found = subprocess.run(  # noqa: S603
        [shutil.which("pg_dump") or "pg_dump", "--version"], capture_output=True, check=False
    )
    return found.stdout.decode(errors="replace").strip()


def pg_put(staged: Path, *, replace: bool) -> None:
    """Run the dump's script in one transaction as the owner: with ``replace``, the schema's
    tables, sequences, views and functions are dropped first in that same transaction."""
    env = pg_environment(owner=True)
    psql = subprocess.Popen(  # noqa: S603
        [
            shutil.which("psql") or "psql",
            "--no-psqlrc",
            "--quiet",
            "--no-password",
            "--single-transaction",
            "--set=ON_ERROR_STOP=1",
            "--file=-",
        ],
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    restore = subprocess.Popen(  # noqa: S603
        [
            shutil.which("pg_restore") or "pg_restore",
            "--no-owner",
            "--no-acl",
            "--file=-",
            str(staged),
        ],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    errors: dict[str, bytes] = {}

    def drain(name: str, stream: Any) -> None:
        errors[name] = stream.read()

    readers = [
        threading.Thread(target=drain, args=("psql", psql.stderr)),
        threading.Thread(target=drain, args=("pg_restore", restore.stderr)),
    ]
    for reader in readers:
        reader.start()
    assert psql.stdin is not None and restore.stdout is not None
    try:
        if replace:
            psql.stdin.write(_DROP_ALL.encode())
        while chunk := restore.stdout.read(1024 * 1024):
            psql.stdin.write(chunk)
    except BrokenPipeError:
        restore.kill()
    finally:
        with suppress(BrokenPipeError):
            psql.stdin.close()
    restore.wait()
    psql.wait()
    for reader in readers:
        reader.join()
    for name, process in (("pg_restore", restore), ("psql", psql)):
        if process.returncode != 0:
            lines = errors.get(name, b"").decode(errors="replace").strip().splitlines()
            raise SnapshotError(f"{name} failed: {lines[-1] if lines else process.returncode}")


# Either ---------------------------------------------------------------------------------


def copy(destination: Path) -> Facts:
    return sqlite_copy(destination) if vendor() == "sqlite" else pg_copy(destination)


def live() -> bool:
    """Whether the configured database already holds tables (a restore must not overwrite
    it without being told to)."""
    return sqlite_live() if vendor() == "sqlite" else pg_live()
