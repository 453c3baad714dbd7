"""Time the security office's "equipment care" reads on a 100k-asset ledger (target: p95 ≤
50 ms, as the other page reads): the backups due (DEV-BACKUP: last backup, missed period and
order worked out per computer holding important files) and the computers whose antivirus is
missing or stale (DEV-AV), each the first 200 as the care page shows them.

    .venv/bin/python bench/devices_care.py [--database-url URL] [--runs 200] [--warmup 20]

On the bench organisation (made by gen.py, or here when missing) it tops the ledger up to
100,000 assets like devices_reconcile.py, marks every other computer at hand as holding
important files, gives two thirds of those a backup on a random day of the last 60 and half
of all computers an antivirus signature date of the last 90 days (raw bulk writes, once).
Writes bench/out/devices_care.json (one entry per database).
"""

from __future__ import annotations

import datetime
import random
import sys
from collections.abc import Sequence
from typing import Any

import common
import devices_reconcile
import gen

TARGET_MS = 50.0
ASSETS = 100_000
LIMIT = 200


def main(argv: Sequence[str] | None = None) -> None:
    args = common.latency_parser(__doc__).parse_args(argv)
    common.configure(args.database_url)
    result = run(args)
    path = common.save_result("devices_care", result["database"], result)
    print(f"written to {path}")


def run(args: Any) -> dict[str, Any]:
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from baomi.devices.queries import care

    call_command("migrate", "--verbosity=0")
    world = gen.World.load_or_build()
    officer = devices_reconcile._officer(world)
    rng = random.Random(2026)
    devices_reconcile._top_up_assets(world, ASSETS, rng)
    important, backups = _care_data(world, rng)
    today = timezone.localdate()
    reads = {
        "backups_due": lambda actor: care.backups_due(actor, today, limit=LIMIT),
        "av_stale": lambda actor: list(care.av_stale(actor, today)[:LIMIT]),
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
    if args.explain:
        _explain(reads, devices_reconcile._account(officer))
    worst = max(f["p95_ms"] for f in figures.values())
    result = {
        "database": connection.vendor,
        "assets": devices_reconcile._count_assets(world),
        "important_computers": important,
        "backups": backups,
        "runs": args.runs,
        "reads": figures,
        "target_p95_ms": TARGET_MS,
        "meets_target": worst <= TARGET_MS,
    }
    print(f"\ncare reads on {connection.vendor}: {result['assets']:,} assets, {important:,}")
    print(f"computers holding important files, {backups:,} backups, {args.runs} runs")
    rows = [[name, f["rows"], f["p50_ms"], f["p95_ms"], f["max_ms"]] for name, f in figures.items()]
    print(common.table(rows, ["read", "rows", "p50 ms", "p95 ms", "max ms"]))
    print(f"p95 ≤ {TARGET_MS:.0f} ms: {'met' if result['meets_target'] else 'MISSED'}")
    return result


def _care_data(world: Any, rng: random.Random) -> tuple[int, int]:
    """Important files on every other computer at hand, backups and antivirus dates, once."""
    from django.db import connection, transaction
    from django.db.models import OuterRef, Subquery
    from django.utils import timezone

    from baomi.accounts.models import Account
    from baomi.devices.models import Asset, Backup

    computers = Asset.objects.filter(
        organisation_id=world.org_id, kind="computer", status__in=("in_use", "spare")
    )
    if not computers.filter(important_data=True).exists():
        ids = list(computers.order_by("pk").values_list("pk", flat=True))
        today = timezone.localdate()
        with transaction.atomic():
            computers.filter(pk__in=ids[::2]).update(important_data=True)
            dated = rng.sample(ids, len(ids) // 2)
            for chunk in range(0, len(dated), 5000):
                part = dated[chunk : chunk + 5000]
                day = today - datetime.timedelta(days=rng.randint(0, 90))
                Asset.objects.filter(pk__in=part).update(antivirus="瑞星", av_signatures_on=day)
            officer = Account.objects.get(username=devices_reconcile.OFFICER)
            now = connection.ops.adapt_datetimefield_value(timezone.now())
            backed = [pk for pk in ids[::2] if rng.random() < 2 / 3]

            def rows() -> Any:
                for pk in backed:
                    on = today - datetime.timedelta(days=rng.randint(0, 60))
                    yield (world.org_id, pk, on, "备份盘", officer.pk, now)

            columns = ["organisation_id", "asset_id", "on", "target", "recorded_by_id"]
            gen.insert(Backup, [*columns, "recorded_at"], rows(), atomic=False)
            # What record_backup keeps on each asset, for these raw inserts.
            latest = Backup.objects.filter(asset=OuterRef("pk")).order_by("-on").values("on")
            computers.filter(pk__in=backed).update(last_backup_on=Subquery(latest[:1]))
        if connection.vendor == "postgresql":
            gen._analyze()
    important = computers.filter(important_data=True).count()
    return important, Backup.objects.filter(organisation_id=world.org_id).count()


def _explain(reads: dict[str, Any], actor: Any) -> None:
    """The plan of every query each read runs."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    prefix = "EXPLAIN QUERY PLAN " if connection.vendor == "sqlite" else "EXPLAIN ANALYZE "
    for name, read in reads.items():
        with CaptureQueriesContext(connection) as ran:
            read(actor)
        for query in ran.captured_queries:
            print(f"\n--- {name}: {query['sql'][:160]}…")
            with connection.cursor() as cursor:
                cursor.execute(prefix + query["sql"])
                print("\n".join(" ".join(map(str, row)) for row in cursor.fetchall()))


if __name__ == "__main__":
    sys.exit(main())
