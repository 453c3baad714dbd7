"""p50/p95 of "where is every copy of document X", "what does person X hold" and "what is
overdue" for the bench clerk on the bench database (target: p95 ≤ 50 ms each).

    .venv/bin/python bench/carriers_queries.py [--database-url URL] [--runs 200] [--warmup 20]

Each timed run is what the page does after authentication: the clerk's account is loaded with
its person (outside the clock, as the session middleware does), then one of

- document: ``document_copies(clerk, X)``, X a different document the clerk may know in each
  run — as the page calls it, the read recorded in the audit log (one event, one commit);
- document, pure read (not in the target): the same with the recording left out;
- holder: ``list(holdings(clerk, person_id=X))``, X a different reader in each run, among
  the people who hold copies the clerk keeps;
- custodian: ``list(holdings(clerk)[:50])``, the first page of the clerk's own cabinet;
- overdue: ``list(overdue(clerk)[:50])``, the first page of what is overdue.

The query plan of the slowest SELECT of each (``EXPLAIN ANALYZE`` on PostgreSQL, ``EXPLAIN
QUERY PLAN`` on SQLite) is kept in the JSON and printed when its target is missed (or with
``--explain``). Writes bench/out/carriers_queries.json (one entry per database).
"""

from __future__ import annotations

import os
import random
import re
import time
from collections.abc import Callable, Sequence
from typing import Any
from unittest import mock

import common

PAGE = 50
TARGET_P95_MS = 50.0


def main(argv: Sequence[str] | None = None) -> None:
    parser = common.latency_parser(__doc__)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args(argv)
    common.configure(args.database_url)
    result = run(runs=args.runs, warmup=args.warmup, explain=args.explain, seed=args.seed)
    path = common.save_result("carriers_queries", result["database"], result)
    print(f"written to {path}")


def run(*, runs: int, warmup: int, explain: bool, seed: int) -> dict[str, Any]:
    from django.db import connection

    from baomi.audit.models import ChainHead
    from baomi.carriers.models import Copy
    from baomi.carriers.queries import copies

    rng = random.Random(seed)
    n = warmup + runs
    documents, readers = _documents(n, rng), _readers(n, rng)
    measures = {
        "document": (
            "document_copies(clerk, X)",
            True,
            lambda actor, i: copies.document_copies(actor, documents[i]),
        ),
        "document_pure": (
            "the same, read not recorded",
            False,
            lambda actor, i: _pure(copies.document_copies, actor, documents[i]),
        ),
        "holder": (
            "holdings(clerk, person_id=X)",
            True,
            lambda actor, i: list(copies.holdings(actor, readers[i])),
        ),
        "custodian": (
            f"holdings(clerk)[:{PAGE}]",
            True,
            lambda actor, _i: list(copies.holdings(actor)[:PAGE]),
        ),
        "overdue": (
            f"overdue(clerk)[:{PAGE}]",
            True,
            lambda actor, _i: list(copies.overdue(actor)[:PAGE]),
        ),
    }
    results = {
        name: {
            "what": what,
            "in_target": in_target,
            **measure(func, runs=runs, warmup=warmup),
        }
        for name, (what, in_target, func) in measures.items()
    }
    meets = all(r["p95_ms"] <= TARGET_P95_MS for r in results.values() if r["in_target"])
    result = {
        "database": connection.vendor,
        "copies": Copy.objects.count(),
        "events": ChainHead.objects.get(pk=1).seq,
        "runs": runs,
        "measures": results,
        "target_p95_ms": TARGET_P95_MS,
        "meets_target": meets,
        "load_average": os.getloadavg()[0],
    }
    print(
        f"\ncopies queries for {common.CLERK} on {connection.vendor}, {result['copies']:,} "
        f"copies, {result['events']:,} audit events, {runs} runs"
    )
    rows = [
        [
            name,
            r["what"],
            r["rows"],
            r["p50_ms"],
            r["p95_ms"],
            r["max_ms"],
            "yes" if r["in_target"] else "no",
        ]
        for name, r in results.items()
    ]
    header = ["measure", "call", "rows (last)", "p50 ms", "p95 ms", "max ms", "in target"]
    print(common.table(rows, header))
    print(f"p95 ≤ {TARGET_P95_MS:.0f} ms: {'met' if meets else 'MISSED'}")
    for name, r in results.items():
        if explain or (r["in_target"] and r["p95_ms"] > TARGET_P95_MS):
            sql = re.sub(r"^SELECT .*? FROM ", "SELECT … FROM ", r["slowest_sql"])
            print(f"\nslowest query of {name} ({r['slowest_ms']} ms):\n{sql}")
            print(f"plan:\n{r['plan']}")
    return result


def measure(func: Callable[[Any, int], Any], *, runs: int, warmup: int) -> dict[str, Any]:
    samples, found = common.time_runs(_actor, func, runs=runs, warmup=warmup)
    rows = len(found[1]) if isinstance(found, tuple) else len(found)
    return {
        "rows": rows,
        **common.latency(samples),
        **_slowest(func, _actor(), warmup + runs - 1),
    }


def _pure(document_copies: Callable[..., Any], actor: Any, document_id: int) -> Any:
    """``document_copies`` with its recorded read replaced by the same read unrecorded."""
    from baomi.access.mac import visible_to
    from baomi.carriers.models import Document
    from baomi.carriers.queries import copies
    from baomi.core.errors import NotFound

    def read(actor: Any, pk: int) -> Document:
        doc = visible_to(actor, Document.objects.filter(pk=pk)).first()
        if doc is None:
            raise NotFound("No such document.")
        return doc

    with mock.patch.object(copies, "read_document", read):
        return document_copies(actor, document_id)


def _actor() -> Any:
    from baomi.accounts.models import Account

    return Account.objects.select_related("person__department", "person__rank").get(
        username=common.CLERK
    )


def _documents(n: int, rng: random.Random) -> list[int]:
    """``n`` documents with copies that the clerk may know, drawn at random."""
    from baomi.access.mac import visible_to
    from baomi.carriers.models import Document

    ids = list(
        visible_to(_actor(), Document.objects.filter(copies_count__gt=0)).values_list(
            "pk", flat=True
        )
    )
    if not ids:
        raise SystemExit("carriers_queries: the clerk knows no document with copies: regenerate")
    return [rng.choice(ids) for _ in range(n)]


def _readers(n: int, rng: random.Random) -> list[int]:
    """``n`` people, drawn at random among those who hold copies the clerk keeps."""
    from django.db.models import F

    from baomi.carriers.models import HELD_STATES, Copy

    ids = list(
        Copy.objects.filter(custodian=_actor().person_id, state__in=HELD_STATES)
        .exclude(holder=F("custodian"))
        .values_list("holder_id", flat=True)
        .distinct()
    )
    if not ids:
        raise SystemExit("carriers_queries: no copy of the clerk's is out: regenerate")
    return [rng.choice(ids) for _ in range(n)]


def _slowest(func: Callable[[Any, int], Any], actor: Any, i: int) -> dict[str, Any]:
    """The number of queries of one more run, its slowest SELECT and that one's plan."""
    from django.db import connection

    timed: list[tuple[float, str, Any]] = []

    def timer(execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any) -> Any:
        start = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            timed.append((time.perf_counter() - start, sql, params))

    with connection.execute_wrapper(timer):
        func(actor, i)
    seconds, sql, params = max(t for t in timed if t[1].lstrip().startswith("SELECT"))
    return {
        "queries": len(timed),
        "slowest_ms": round(seconds * 1000, 2),
        "slowest_sql": sql % tuple(repr(str(p) if isinstance(p, str) else p) for p in params or ()),
        "plan": _plan(sql, params),
    }


def _plan(sql: str, params: Any) -> str:
    """EXPLAIN ANALYZE on PostgreSQL, EXPLAIN QUERY PLAN on SQLite, of one SELECT."""
    from django.db import connection

    postgres = connection.vendor == "postgresql"
    explain = "EXPLAIN (ANALYZE, BUFFERS) " if postgres else "EXPLAIN QUERY PLAN "
    with connection.cursor() as cursor:
        cursor.execute(explain + sql, params)
        rows = cursor.fetchall()
    if postgres:
        return "\n".join(row[0] for row in rows)
    return "\n".join(f"{row[1]:>3} {row[2]:>3}  {row[3]}" for row in rows)


if __name__ == "__main__":
    main()
