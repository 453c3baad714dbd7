"""Time the deadline engine's "everything overdue" for the security office (target: p95 ≤
200 ms) on the bench organisation: 1M copies, 100k assets, 10k people.

    .venv/bin/python bench/cockpit.py [--database-url URL] [--runs 50] [--warmup 5] [--explain]

On the bench organisation (made by gen.py, or here when missing) it tops the ledger up to
100,000 assets and gives half the computers at hand important files with backups, as
devices_care.py does (so DEV-BACKUP has its deadlines), settles the process as a serving
worker is (``baomi.web.worker.settle``: the URLs loaded, every object alive frozen out of the
garbage collector's full collections), then times, the account loaded outside the clock:

- "everything overdue" as the security office reads it (the target): the deadlines page
  filtered to the overdue, the longest overdue first — its first 50 rows, each subject
  described, and whether there are more (nothing counted);
- not in the target: the dashboard's tallies (every open deadline counted per state, rule and
  department), and each provider alone (every one of its open deadlines built as a row).

Then ``baomi notify`` of the bench organisation, twice: the first run makes every
notification the open deadlines call for (most of them in the database, one INSERT … SELECT a
stage), the second finds them made. Its notifications stay in the bench database (a later
run's first pass makes only the new ones).

``--explain`` prints the plan of every query of each provider. Writes bench/out/cockpit.json
(one entry per database).
"""

from __future__ import annotations

import random
import sys
from collections.abc import Sequence
from typing import Any

import common
import devices_care
import devices_reconcile
import gen

TARGET_MS = 200.0


def main(argv: Sequence[str] | None = None) -> None:
    parser = common.latency_parser(__doc__)
    parser.set_defaults(runs=50, warmup=5)
    args = parser.parse_args(argv)
    common.configure(args.database_url)
    result = run(args)
    path = common.save_result("cockpit", result["database"], result)
    print(f"written to {path}")


def run(args: Any) -> dict[str, Any]:
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from baomi.cockpit.queries import deadlines as queries
    from baomi.seams.deadlines import DEADLINE_PROVIDERS
    from baomi.web.worker import settle

    call_command("migrate", "--verbosity=0")
    world = gen.World.load_or_build()
    officer = devices_reconcile._officer(world)
    rng = random.Random(2026)
    devices_reconcile._top_up_assets(world, devices_care.ASSETS, rng)
    devices_care._care_data(world, rng)
    account = devices_reconcile._account(officer)
    settle()  # as a serving worker is (baomi.wsgi): the URLs loaded, what is alive frozen
    now = timezone.now()
    overdue_page = queries.Filters(state="overdue")
    overdue = queries.tally(account, now).states["overdue"]
    reads = {
        "everything_overdue": lambda actor: queries.page(actor, now, overdue_page).rows,
        "dashboard_tally": lambda actor: queries.tally(actor, now).states,
    }
    figures = {}
    for name, read in reads.items():
        samples, found = common.time_runs(
            lambda: devices_reconcile._account(officer),
            lambda actor, _i, read=read: read(actor),
            runs=args.runs,
            warmup=args.warmup,
        )
        figures[name] = {**common.latency(samples), "rows": len(found)}
    providers = {}
    for provider in DEADLINE_PROVIDERS:
        samples, found = common.time_runs(
            lambda: world.org_id,
            lambda org, _i, provider=provider: provider.answer(org, now),
            runs=max(args.runs // 5, 3),
            warmup=1,
        )
        providers[provider.key] = {**common.latency(samples), "rows": len(found)}
    notify = _notify(world.org_id, now)
    if args.explain:
        _explain(world.org_id, now)
    result = {
        "database": connection.vendor,
        "assets": devices_reconcile._count_assets(world),
        "overdue": overdue,
        "runs": args.runs,
        "reads": figures,
        "providers": providers,
        "notify": notify,
        "target_p95_ms": TARGET_MS,
        "meets_target": figures["everything_overdue"]["p95_ms"] <= TARGET_MS,
    }
    print(f"\nthe deadline engine on {connection.vendor}: {result['assets']:,} assets, ")
    print(f"{overdue:,} deadlines overdue, {args.runs} runs")
    rows = [[name, f["rows"], f["p50_ms"], f["p95_ms"], f["max_ms"]] for name, f in figures.items()]
    rows += [
        [f"{key} *", f["rows"], f["p50_ms"], f["p95_ms"], f["max_ms"]]
        for key, f in sorted(providers.items(), key=lambda kv: -kv[1]["p95_ms"])
    ]
    print(common.table(rows, ["read", "rows", "p50 ms", "p95 ms", "max ms"]))
    for n, run in enumerate(notify, 1):
        print(f"notify, run {n}: {run['seconds']:.1f} s, made {run['made']}")
    verdict = "met" if result["meets_target"] else "MISSED"
    print(f"everything overdue p95 ≤ {TARGET_MS:.0f} ms: {verdict}")
    return result


def _notify(organisation_id: int, moment: Any) -> list[dict[str, Any]]:
    """``baomi notify`` of the organisation at ``moment``, twice: seconds and what each made."""
    import time

    from baomi.cockpit.operations.notifications import notify

    runs = []
    for _run in range(2):
        start = time.perf_counter()
        made = notify(actor=None, organisation_id=organisation_id, moment=moment)
        runs.append({"seconds": round(time.perf_counter() - start, 2), "made": made})
    return runs


def _explain(organisation_id: int, moment: Any) -> None:
    """The plan of every query each provider runs."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from baomi.seams.deadlines import DEADLINE_PROVIDERS

    prefix = "EXPLAIN QUERY PLAN " if connection.vendor == "sqlite" else "EXPLAIN ANALYZE "
    for provider in DEADLINE_PROVIDERS:
        with CaptureQueriesContext(connection) as ran:
            provider.answer(organisation_id, moment)
        for query in ran.captured_queries:
            if not query["sql"].lstrip().upper().startswith("SELECT"):
                continue
            print(f"\n--- {provider.key} ({query['time']} s): {query['sql'][:160]}…")
            with connection.cursor() as cursor:
                cursor.execute(prefix + query["sql"])
                for row in cursor.fetchall():
                    print("   ", *row)


if __name__ == "__main__":
    sys.exit(main())
