"""p50/p95 of the first page of a ``visible_to`` listing for a low- and a high-clearance
person on the bench database (target: p95 ≤ 50 ms).

    .venv/bin/python bench/mac_list.py [--database-url URL] [--runs 200] [--warmup 20]

One timed run is what a listing request does after authentication: the account is loaded
with its person (outside the clock, as the session middleware does), then
``list(carriers.queries.documents(actor)[:25])`` — the rank lookup of CLS-MAC included.
The people: bench-low (GENERAL clearance, rank staff, a leaf department) and bench-high
(CORE, rank board). ``.count()`` of the whole listing is timed separately (not in the target).
The query plan of each first page is kept in the JSON and printed when the target is missed.
Writes bench/out/mac_list.json (one entry per database).
"""

from __future__ import annotations

import os
import statistics
import time
from collections.abc import Sequence
from typing import Any

import common

PAGE = 25
TARGET_P95_MS = 50.0
COUNT_RUNS = 5


def main(argv: Sequence[str] | None = None) -> None:
    args = common.latency_parser(__doc__).parse_args(argv)
    common.configure(args.database_url)
    result = run(runs=args.runs, warmup=args.warmup, explain=args.explain)
    path = common.save_result("mac_list", result["database"], result)
    print(f"written to {path}")


def run(*, runs: int, warmup: int, explain: bool) -> dict[str, Any]:
    from django.db import connection

    from baomi.carriers.models import Document

    items = Document.objects.count()
    people = {
        username: measure(username, runs=runs, warmup=warmup)
        for username in (common.LOW, common.HIGH)
    }
    meets = all(p["p95_ms"] <= TARGET_P95_MS for p in people.values())
    result = {
        "database": connection.vendor,
        "items": items,
        "page": PAGE,
        "runs": runs,
        "people": people,
        "target_p95_ms": TARGET_P95_MS,
        "meets_target": meets,
        "load_average": os.getloadavg()[0],
    }
    print(
        f"\nfirst page of documents(actor)[:{PAGE}] on {connection.vendor}, "
        f"{items:,} documents, {runs} runs"
    )
    print(
        common.table(
            [
                [
                    name,
                    p["describe"],
                    p["p50_ms"],
                    p["p95_ms"],
                    p["max_ms"],
                    p["count"],
                    p["count_ms"],
                ]
                for name, p in people.items()
            ],
            ["person", "clearance / rank", "p50 ms", "p95 ms", "max ms", "visible", "count() ms"],
        )
    )
    print(f"p95 ≤ {TARGET_P95_MS:.0f} ms: {'met' if meets else 'MISSED'}")
    if explain or not meets:
        for name, p in people.items():
            print(f"\nplan of {name}'s first page:\n{p['plan']}")
    return result


def measure(username: str, *, runs: int, warmup: int) -> dict[str, Any]:
    from baomi.carriers.queries import documents
    from baomi.core.levels import Clearance

    samples, page = common.time_runs(
        lambda: _actor(username),
        lambda actor, _i: list(documents(actor)[:PAGE]),
        runs=runs,
        warmup=warmup,
    )
    if len(page) != PAGE:
        raise SystemExit(f"mac_list: {username} sees only {len(page)} documents: regenerate")
    actor = _actor(username)
    counts = []
    for _ in range(COUNT_RUNS):
        start = time.perf_counter()
        count = documents(actor).count()
        counts.append((time.perf_counter() - start) * 1000)
    person = actor.person
    return {
        "describe": f"{Clearance(person.clearance).name} / {person.rank.key}",
        "department": person.department.path,
        **common.latency(samples),
        "count": count,
        "count_ms": round(statistics.median(counts), 1),
        "plan": _plan(documents(actor)[:PAGE]),
    }


def _actor(username: str) -> Any:
    from baomi.accounts.models import Account

    return Account.objects.select_related("person__department", "person__rank").get(
        username=username
    )


def _plan(queryset: Any) -> str:
    """EXPLAIN ANALYZE on PostgreSQL, EXPLAIN QUERY PLAN on SQLite."""
    from django.db import connection

    if connection.vendor == "postgresql":
        return queryset.explain(analyze=True, buffers=True)
    return queryset.explain()


if __name__ == "__main__":
    main()
