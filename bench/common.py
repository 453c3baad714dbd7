"""What the benchmarks share: pointing baomi's settings at a bench database, the bench
organisation's names, the latency benchmarks' command line, timing helpers and the JSON
result files under bench/out/.

Nothing here touches the development database: the data directory defaults to bench/out/
and PostgreSQL runs use their own database (``baomi_bench``), created when missing.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent
OUT = Path(os.environ.get("BENCH_OUT") or BENCH_DIR / "out")  # results (and SQLite by default)
BAOMI = ROOT / ".venv" / "bin" / "baomi"
PG_URL = "postgres://postgres@127.0.0.1:5432/baomi_bench"

ORG_NAME = "压测单位"
# The two people of mac_list.py and the clerk who registered every document: (username, role).
LOW, HIGH, CLERK = "bench-low", "bench-high", "bench-clerk"


def sqlite_url() -> str:
    """The SQLite bench database, in $BAOMI_DATA_DIR or bench/out/."""
    data_dir = Path(os.environ.get("BAOMI_DATA_DIR", OUT)).resolve()
    return f"sqlite:///{data_dir / 'baomi.sqlite3'}"


def database_url(url: str | None) -> str:
    """The bench database: ``url``, else $BAOMI_DATABASE_URL, else SQLite in the data dir."""
    url = url if url is not None else os.environ.get("BAOMI_DATABASE_URL", "")
    return url or sqlite_url()


def configure(url: str | None = None, *, fresh: bool = False) -> str:
    """Point baomi at the bench database and start Django; returns the URL used.

    Call before importing any baomi model. ``fresh`` drops the database first.
    """
    os.environ.setdefault("BAOMI_DATA_DIR", str(OUT))
    Path(os.environ["BAOMI_DATA_DIR"]).mkdir(parents=True, exist_ok=True)
    url = database_url(url)
    os.environ["BAOMI_DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "baomi.settings")
    if url.startswith("postgres"):
        ensure_pg_database(url, drop=fresh)
    elif fresh:
        path = Path(urlsplit(url).path)
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    import django

    django.setup()
    return url


def _admin_url(url: str) -> tuple[str, str]:
    """(URL of the server's ``postgres`` database, name of the database in ``url``)."""
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path="/postgres")), parts.path.lstrip("/")


def pg_reachable(url: str) -> bool:
    import psycopg

    try:
        psycopg.connect(_admin_url(url)[0], connect_timeout=3).close()
    except psycopg.OperationalError:
        return False
    return True


def ensure_pg_database(url: str, *, drop: bool = False) -> None:
    import psycopg
    from psycopg import sql

    admin, name = _admin_url(url)
    with psycopg.connect(admin, autocommit=True) as conn:
        if drop:
            drop_sql = sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)")
            conn.execute(drop_sql.format(sql.Identifier(name)))
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def vendor() -> str:
    from django.db import connection

    return connection.vendor


def percentile(samples: list[float], p: float) -> float:
    """The ``p``-th percentile (0–100) by linear interpolation."""
    return statistics.quantiles(samples, n=100, method="inclusive")[round(p) - 1]


def latency_parser(doc: str) -> argparse.ArgumentParser:
    """The command line of a latency benchmark (``doc`` its module docstring): the database,
    the timed and warm-up runs, and --explain to print the query plans."""
    parser = argparse.ArgumentParser(description=doc.split("\n\n")[0])
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--warmup", type=int, default=20)
    parser.add_argument("--explain", action="store_true", help="print the query plans")
    return parser


def time_runs(
    setup: Callable[[], Any], call: Callable[[Any, int], Any], *, runs: int, warmup: int
) -> tuple[list[float], Any]:
    """Run ``call(setup(), i)`` for i in 0 … warmup + runs - 1, ``setup`` outside the clock:
    the milliseconds of the last ``runs`` calls and the last call's result."""
    samples = []
    for i in range(warmup + runs):
        arg = setup()
        start = time.perf_counter()
        found = call(arg, i)
        elapsed = time.perf_counter() - start
        if i >= warmup:
            samples.append(elapsed * 1000)
    return samples, found


def latency(samples: list[float]) -> dict[str, float]:
    """p50, p95, max and mean of ``samples`` (milliseconds)."""
    return {
        "p50_ms": round(percentile(samples, 50), 2),
        "p95_ms": round(percentile(samples, 95), 2),
        "max_ms": round(max(samples), 2),
        "mean_ms": round(statistics.fmean(samples), 2),
    }


def save_result(name: str, key: str, result: dict[str, Any]) -> Path:
    """Merge ``result`` under ``key`` (the database vendor) into bench/out/<name>.json."""
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / f"{name}.json"
    data = json.loads(path.read_text()) if path.exists() else {}
    data[key] = result
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n")
    return path


def table(rows: list[list[Any]], header: list[str]) -> str:
    """A plain text table, numbers right-aligned."""
    cells = [header, *[[_fmt(c) for c in row] for row in rows]]
    widths = [max(len(r[i]) for r in cells) for i in range(len(header))]
    lines = []
    for n, row in enumerate(cells):
        pairs = enumerate(zip(row, widths, strict=True))
        lines.append("  ".join(c.rjust(w) if i else c.ljust(w) for i, (c, w) in pairs))
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def _fmt(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:,.2f}" if value < 1000 else f"{value:,.0f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def baomi_command() -> list[str]:
    """The ``baomi`` console script of the project's venv (or of this interpreter)."""
    if BAOMI.exists():
        return [str(BAOMI)]
    found = shutil.which("baomi")
    return [found] if found else [sys.executable, "-m", "baomi.cli"]
