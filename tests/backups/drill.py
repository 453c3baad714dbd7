"""A scratch installation for the restore drill: its own data directory (database on SQLite,
key, checkpoints, backups) and, on PostgreSQL, its own database ``backup_<pid>_<n>`` on the
suite's server, dropped afterwards. The installation is driven through the ``baomi`` command
line in subprocesses, as an operator would."""

from __future__ import annotations

import itertools
import os
import shutil
import sqlite3
import subprocess
import sys
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]
_numbers = itertools.count(1)


def vendor() -> str:
    """The suite's database vendor: the drill runs on the same one."""
    engine = settings.DATABASES["default"]["ENGINE"]
    return "postgresql" if "postgresql" in engine else "sqlite"


def _server() -> dict[str, Any]:
    db = settings.DATABASES["default"]
    return {
        "host": db.get("HOST") or None,
        "port": db.get("PORT") or None,
        "user": db.get("USER") or None,
        "password": db.get("PASSWORD") or None,
    }


def _admin(sql: str) -> None:
    import psycopg

    with closing(psycopg.connect(dbname="postgres", autocommit=True, **_server())) as db:
        db.execute(sql)


@dataclass
class Installation:
    data_dir: Path
    database: str = ""  # the PostgreSQL scratch database's name; "" on SQLite

    @classmethod
    def create(cls, base: Path, *, template: Installation | None = None) -> Installation:
        """A new scratch installation; with ``template``, a copy of that one (its data
        directory and database)."""
        data_dir = base / f"install-{next(_numbers)}"
        name = f"backup_{os.getpid()}_{next(_numbers)}" if vendor() == "postgresql" else ""
        if template is not None:
            shutil.copytree(template.data_dir, data_dir, symlinks=True)
        else:
            data_dir.mkdir(parents=True)
        if name:
            source = f" TEMPLATE {template.database}" if template else ""
            _admin(f"CREATE DATABASE {name}{source}")
        return cls(data_dir, name)

    def drop(self) -> None:
        if self.database:
            _admin(f"DROP DATABASE IF EXISTS {self.database} WITH (FORCE)")
        shutil.rmtree(self.data_dir, ignore_errors=True)

    @property
    def url(self) -> str:
        if not self.database:
            return ""
        server = _server()
        who = server["user"] or ""
        if server["password"]:
            who += f":{server['password']}"
        return (
            f"postgres://{who}@{server['host'] or '127.0.0.1'}:{server['port'] or 5432}/"
            f"{self.database}"
        )

    @property
    def sqlite(self) -> Path:
        return self.data_dir / "baomi.sqlite3"

    @property
    def key(self) -> Path:
        return self.data_dir / "keys" / "audit-ed25519.pem"

    @property
    def checkpoints(self) -> Path:
        return self.data_dir / "checkpoints"

    @property
    def backups(self) -> Path:
        return self.data_dir / "backups"

    def env(self, **extra: str) -> dict[str, str]:
        found = {
            k: v for k, v in os.environ.items() if not k.startswith(("BAOMI_", "DJANGO_", "PG"))
        }
        found.update(
            BAOMI_DATA_DIR=str(self.data_dir),
            BAOMI_DATABASE_URL=self.url,
            BAOMI_LANGUAGE="en",
            DJANGO_SETTINGS_MODULE="baomi.settings",
            PYTHONPATH=str(ROOT),
        )
        found.update(extra)
        return found

    def baomi(
        self, *args: str, check: bool = True, **extra: str
    ) -> subprocess.CompletedProcess[str]:
        """Run ``baomi ARGS`` against this installation."""
        done = subprocess.run(
            [sys.executable, "-m", "baomi.cli", *args],
            env=self.env(**extra),
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=False,
            timeout=900,
        )
        if check and done.returncode != 0:
            raise AssertionError(
                f"baomi {' '.join(args)} exited {done.returncode}:\n{done.stdout}\n{done.stderr}"
            )
        return done

    def destroy(self) -> None:
        """Lose the disk: the database, the key and the checkpoint files (the archives are
        kept elsewhere)."""
        if self.database:
            _admin(f"DROP DATABASE {self.database} WITH (FORCE)")
            _admin(f"CREATE DATABASE {self.database}")
        else:
            for suffix in ("", "-wal", "-shm", "-writers"):
                Path(f"{self.sqlite}{suffix}").unlink(missing_ok=True)
        shutil.rmtree(self.key.parent, ignore_errors=True)
        shutil.rmtree(self.checkpoints, ignore_errors=True)

    # The registers, row by row ------------------------------------------------------------

    def tables(self) -> dict[str, list[tuple[Any, ...]]]:
        """Every table's rows, each table ordered by all its columns (bytes as bytes)."""
        if self.database:
            return self._pg_tables()
        if not self.sqlite.exists():
            return {}
        with closing(sqlite3.connect(f"file:{self.sqlite}?mode=ro", uri=True)) as db:
            names = [
                r[0]
                for r in db.execute(
                    "SELECT name FROM sqlite_master WHERE type = 'table' "
                    "AND name NOT LIKE 'sqlite_%' ORDER BY name"
                )
            ]
            return {name: self._ordered(db, name) for name in names}

    @staticmethod
    def _ordered(db: Any, name: str) -> list[tuple[Any, ...]]:
        cursor = db.execute(f'SELECT * FROM "{name}" LIMIT 0')
        width = len(cursor.description)
        order = ", ".join(str(n) for n in range(1, width + 1))
        rows = db.execute(f'SELECT * FROM "{name}" ORDER BY {order}').fetchall()
        return [tuple(bytes(v) if isinstance(v, memoryview) else v for v in r) for r in rows]

    def _pg_tables(self) -> dict[str, list[tuple[Any, ...]]]:
        import psycopg

        with closing(psycopg.connect(dbname=self.database, **_server())) as db:
            names = [
                r[0]
                for r in db.execute(
                    "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1"
                )
            ]
            return {name: self._ordered(db, name) for name in names}

    def count(self, table: str) -> int:
        return len(self.tables()[table])


def differences(
    before: dict[str, list[tuple[Any, ...]]], after: dict[str, list[tuple[Any, ...]]]
) -> list[str]:
    """The tables whose rows differ, with a hint of how."""
    found = []
    for name in sorted(set(before) | set(after)):
        if name not in after:
            found.append(f"{name}: missing after")
        elif name not in before:
            found.append(f"{name}: new after")
        elif before[name] != after[name]:
            lost = [r for r in before[name] if r not in after[name]][:2]
            new = [r for r in after[name] if r not in before[name]][:2]
            found.append(f"{name}: {len(before[name])} -> {len(after[name])} rows, {lost} / {new}")
    return found
