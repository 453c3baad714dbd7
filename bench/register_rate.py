"""Registrations/s through ``register_incoming`` (rules + audit, one transaction each) as a
ratio to a raw single-row INSERT + COMMIT loop on the same connection (target: ≥ 0.3).

    .venv/bin/python bench/register_rate.py [--database-url URL] [-n 2000] [--rounds 2]

- operation: ``register_incoming(actor=bench-clerk, ...)`` — one incoming document with its
  copies (``--copies``, default 1), scope, register number (IN-NUMBER), timeline and audit
  event, in its own durable transaction, as the page and the API call it. Levels cycle through
  INTERNAL, CONFIDENTIAL and SECRET.
- raw: ``INSERT`` of one row into ``bench_register_raw`` (a table shaped like a register line:
  number, title, level, issuer, time) in its own transaction (``transaction.atomic``: the same
  BEGIN IMMEDIATE / COMMIT as the operation), on the same connection and so with the same
  durability: on SQLite WAL with ``synchronous`` as baomi sets it, on PostgreSQL the server's
  ``synchronous_commit`` (both recorded in the JSON).

``n`` of each, after ``--warmup`` of each, taken in ``--rounds`` alternating turns; the rate is
the total count over the total time of each. The registered documents stay in the bench
database (they are real registrations: numbered, audited); the raw table is dropped at the
end. Writes bench/out/register_rate.json (one entry per database).
"""

from __future__ import annotations

import argparse
import itertools
import os
import time
from collections.abc import Callable, Sequence
from typing import Any

import common

TARGET_RATIO = 0.3
RAW_TABLE = "bench_register_raw"


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=None)
    parser.add_argument("-n", type=int, default=2000, help="registrations (and raw inserts)")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--warmup", type=int, default=20)
    parser.add_argument("--copies", type=int, default=1, help="copies per registration")
    args = parser.parse_args(argv)
    common.configure(args.database_url)
    result = run(n=args.n, rounds=args.rounds, warmup=args.warmup, copies=args.copies)
    path = common.save_result("register_rate", result["database"], result)
    print(f"written to {path}")


def run(*, n: int, rounds: int, warmup: int, copies: int) -> dict[str, Any]:
    from django.db import connection

    from baomi.accounts.models import Account
    from baomi.carriers.operations.incoming import register_incoming
    from baomi.core.levels import Level

    clerk = Account.objects.select_related("person__department", "person__rank").get(
        username=common.CLERK
    )
    stamp = time.strftime("%Y%m%d%H%M%S")
    levels = [Level.INTERNAL, Level.CONFIDENTIAL, Level.SECRET]

    serial = itertools.count(1)

    def register(i: int) -> None:
        level = levels[i % len(levels)]
        register_incoming(
            actor=clerk,
            # A number of its own every call, across rounds: a document number is registered
            # once a year (IN-NUMBER).
            number=f"压测收〔{stamp}〕{next(serial)}号",
            title=f"关于第{i}项压测工作的通知",
            level=level,
            term_years=10 if level >= Level.CONFIDENTIAL else None,
            issuer="市保密局",
            copies=copies,
        )

    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {RAW_TABLE}")
        cursor.execute(_create_raw())
    org = clerk.person.organisation_id
    insert_sql = (
        f"INSERT INTO {RAW_TABLE} (organisation_id, number, title, level, issuer, registered_at)"
        " VALUES (%s, %s, %s, %s, %s, %s)"
    )

    def raw(i: int) -> None:
        from django.db import transaction
        from django.utils import timezone

        row = [org, f"压测收〔{stamp}〕{i}号", f"关于第{i}项压测工作的通知", i % 3, "市保密局"]
        with transaction.atomic(durable=True), connection.cursor() as cursor:
            cursor.execute(insert_sql, [*row, timezone.now()])

    try:
        seconds = _alternate({"raw": raw, "operation": register}, n, rounds, warmup)
        statements = _statements(register, n + warmup + 1)
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE IF EXISTS {RAW_TABLE}")
    rates = {name: round(n / s, 1) for name, s in seconds.items()}
    ratio = round(rates["operation"] / rates["raw"], 3)
    result = {
        "database": connection.vendor,
        "durability": _durability(),
        "n": n,
        "copies_per_registration": copies,
        "rounds": rounds,
        "per_s": rates,
        "ms_each": {name: round(s / n * 1000, 3) for name, s in seconds.items()},
        "statements_per_registration": statements,
        "ratio": ratio,
        "target_ratio": TARGET_RATIO,
        "meets_target": ratio >= TARGET_RATIO,
        "load_average": os.getloadavg()[0],
    }
    print(
        f"\nregistrations on {connection.vendor} ({result['durability']}), {n} of each, "
        f"{copies} cop{'y' if copies == 1 else 'ies'} each ({statements} queries each)"
    )
    print(
        common.table(
            [
                ["register_incoming", rates["operation"], result["ms_each"]["operation"]],
                ["raw INSERT + COMMIT", rates["raw"], result["ms_each"]["raw"]],
            ],
            ["loop", "per s", "ms each"],
        )
    )
    verdict = "met" if result["meets_target"] else "MISSED"
    print(f"ratio {ratio:.3f} (target ≥ {TARGET_RATIO}): {verdict}")
    return result


def _alternate(
    loops: dict[str, Callable[[int], None]], n: int, rounds: int, warmup: int
) -> dict[str, float]:
    """Seconds each loop takes for ``n`` calls, run in ``rounds`` alternating turns after
    ``warmup`` calls of each."""
    seconds = dict.fromkeys(loops, 0.0)
    i = 0
    for func in loops.values():
        for _ in range(warmup):
            func(i := i + 1)
    per_round = [n // rounds + (r < n % rounds) for r in range(rounds)]
    for count in per_round:
        for name, func in loops.items():
            start = time.perf_counter()
            for _ in range(count):
                func(i := i + 1)
            seconds[name] += time.perf_counter() - start
    return seconds


def _statements(func: Callable[[int], None], i: int) -> int:
    """The queries one more call of ``func`` makes, as Django logs them."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        func(i)
    return len(captured.captured_queries)


def _create_raw() -> str:
    from django.db import connection

    pk = (
        "bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY"
        if connection.vendor == "postgresql"
        else "integer PRIMARY KEY AUTOINCREMENT"
    )
    stamp = "timestamp with time zone" if connection.vendor == "postgresql" else "datetime"
    return (
        f"CREATE TABLE {RAW_TABLE} (id {pk}, organisation_id bigint NOT NULL, "
        "number varchar(100) NOT NULL, title varchar(300) NOT NULL, level integer NOT NULL, "
        f"issuer varchar(200) NOT NULL, registered_at {stamp} NOT NULL)"
    )


def _durability() -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SHOW synchronous_commit")
            commit = cursor.fetchone()[0]
            cursor.execute("SHOW fsync")
            return f"synchronous_commit={commit}, fsync={cursor.fetchone()[0]}"
        cursor.execute("PRAGMA journal_mode")
        journal = cursor.fetchone()[0]
        cursor.execute("PRAGMA synchronous")
        sync = {0: "OFF", 1: "NORMAL", 2: "FULL", 3: "EXTRA"}[cursor.fetchone()[0]]
        return f"journal_mode={journal}, synchronous={sync}"


if __name__ == "__main__":
    main()
