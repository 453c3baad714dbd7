"""Time the security office's people list and the training shortfall on 10k people (target:
p95 ≤ 50 ms, as the other page reads): the list's first page (50 rows, as the page shows it)
with each filter — none, class, department (with its sub-departments), training hours short
this year, this month's self-check missing, in the 脱密期, abroad now — and the training
shortfall, per person (every cleared person short this year, read whole), a page of the
hours API (500 people), the shortfall page's list (its first 100) and per department.

    .venv/bin/python bench/people_files.py [--database-url URL] [--people N] [--runs 200]
        [--warmup 20] [--explain]

On the bench organisation (made by gen.py, or here when missing) it tops the people up to
``--people`` ($BENCH_PEOPLE, default 10,000), then, once, gives them their files with raw bulk
writes: twenty classified posts held by half the cleared people, four training sessions of 2
class hours last year and this year (each cleared person at a random 0–4 of them), the
self-checks of the last twelve months (90% of the cleared people, each month with 90%
chance), a 脱密期 for 2% of the people (marked as left) and travel for 10% (a third of them
abroad now). Writes bench/out/people_files.json (one entry per database).
"""

from __future__ import annotations

import datetime
import os
import random
import sys
from collections.abc import Sequence
from typing import Any

import common
import devices_reconcile
import gen

TARGET_MS = 50.0
# Reads of the whole organisation at once, timed for comparison and not held to the target.
WHOLE = {"shortfall_per_person"}
PAGE = 50


def main(argv: Sequence[str] | None = None) -> None:
    parser = common.latency_parser(__doc__)
    parser.add_argument("--people", type=int, default=int(os.environ.get("BENCH_PEOPLE", 10_000)))
    args = parser.parse_args(argv)
    common.configure(args.database_url)
    result = run(args)
    path = common.save_result("people_files", result["database"], result)
    print(f"written to {path}")


def run(args: Any) -> dict[str, Any]:
    from django.core.management import call_command
    from django.db import connection

    from baomi.org.models import Department, Person
    from baomi.people.queries import roster, training
    from baomi.people.queries.roster import Filters

    call_command("migrate", "--verbosity=0")
    world = gen.World.load_or_build()
    rng = random.Random(2026)
    gen.top_up_people(world, args.people, rng)
    officer = devices_reconcile._officer(world)
    _files_data(world, rng)
    top = Department.objects.filter(organisation_id=world.org_id, parent=None).order_by("pk")
    department = top[1].pk  # a department with its sub-departments and groups
    filters = {
        "list": Filters(),
        "list_class": Filters(clearance=3),
        "list_department": Filters(department_id=department),
        "list_training_shortfall": Filters(training_shortfall=True),
        "list_self_check_missing": Filters(self_check_missing=True),
        "list_cooling_off": Filters(cooling_off=True),
        "list_abroad": Filters(abroad=True),
    }
    reads: dict[str, Any] = {
        name: (lambda actor, f=f: roster.page(actor, f, limit=PAGE)[0])
        for name, f in filters.items()
    }
    # The training shortfall as the pages and the API read it (queries.training); and, for
    # comparison, everyone's hours read whole (no page or route reads it so: the hours API
    # gives 500 at a time), reported without the target.
    reads["shortfall_per_person"] = lambda actor: [p for p in training.year_hours(actor) if p.short]
    reads["hours_api_page"] = lambda actor: training.year_hours(actor, limit=500)
    reads["shortfall_page"] = lambda actor: training.short_list(actor)
    reads["shortfall_per_department"] = lambda actor: training.shortfall(actor)
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
    worst = max(f["p95_ms"] for name, f in figures.items() if name not in WHOLE)
    people = Person.objects.filter(organisation_id=world.org_id).count()
    result = {
        "database": connection.vendor,
        "people": people,
        "cleared": Person.objects.filter(organisation_id=world.org_id, clearance__gt=1).count(),
        "runs": args.runs,
        "reads": figures,
        "target_p95_ms": TARGET_MS,
        "meets_target": worst <= TARGET_MS,
    }
    print(f"\npeople list on {connection.vendor}: {people:,} people ({result['cleared']:,}")
    print(f"cleared), first page of {PAGE}, {args.runs} runs")
    rows = [[name, f["rows"], f["p50_ms"], f["p95_ms"], f["max_ms"]] for name, f in figures.items()]
    print(common.table(rows, ["read", "rows", "p50 ms", "p95 ms", "max ms"]))
    verdict = "met" if result["meets_target"] else "MISSED"
    print(f"p95 ≤ {TARGET_MS:.0f} ms (all but {', '.join(sorted(WHOLE))}): {verdict}")
    return result


def _files_data(world: Any, rng: random.Random) -> None:
    """The people's files, once (bulk writes; nothing when the sessions exist)."""
    from decimal import Decimal

    from django.db import connection, transaction
    from django.utils import timezone

    from baomi.core.levels import Clearance
    from baomi.org.models import Employment, Person
    from baomi.people.models import (
        Attendance,
        ClassifiedPost,
        CoolingOff,
        PostHolding,
        SelfCheck,
        TrainingSession,
        Travel,
        TravelState,
    )
    from baomi.people.queries.self_checks import add_months

    org = world.org_id
    if TrainingSession.objects.filter(organisation_id=org).exists():
        return
    today = timezone.localdate()
    people = list(
        Person.objects.filter(organisation_id=org).order_by("pk").values_list("pk", "clearance")
    )
    cleared = [pk for pk, clearance in people if clearance != Clearance.NONE]
    batch = 5000
    with transaction.atomic():
        posts = ClassifiedPost.objects.bulk_create(
            ClassifiedPost(organisation_id=org, name=f"岗位{n}", clearance=2 + n % 3)
            for n in range(20)
        )
        PostHolding.objects.bulk_create(
            (
                PostHolding(
                    organisation_id=org,
                    person_id=pk,
                    post=rng.choice(posts),
                    since=today - datetime.timedelta(days=rng.randint(30, 3000)),
                )
                for pk in cleared[::2]
            ),
            batch_size=batch,
        )
        sessions = TrainingSession.objects.bulk_create(
            TrainingSession(
                organisation_id=org,
                topic=f"保密培训{year}-{quarter}",
                held_on=datetime.date(year, 3 * quarter - 2, 10),
                hours=Decimal(2),
                trainer="保密办",
            )
            for year in (today.year - 1, today.year)
            for quarter in range(1, 5)
            if datetime.date(year, 3 * quarter - 2, 10) <= today
        )
        Attendance.objects.bulk_create(
            (
                Attendance(
                    organisation_id=org,
                    session=session,
                    person_id=pk,
                    held_on=session.held_on,
                    hours=session.hours,
                )
                for pk in cleared
                for session in sessions
                if rng.random() < 0.6
            ),
            batch_size=batch,
        )
        first = today.replace(day=1)
        SelfCheck.objects.bulk_create(
            (
                SelfCheck(
                    organisation_id=org,
                    person_id=pk,
                    month=add_months(first, -back),
                    answers={"secret-carriers": {"yes": True, "note": ""}},
                    all_clear=True,
                )
                for pk in cleared
                if rng.random() < 0.9
                for back in range(12)
                if rng.random() < 0.9
            ),
            batch_size=batch,
        )
        gone = rng.sample([pk for pk, _c in people], len(people) // 50)
        Person.objects.filter(pk__in=gone).update(employment=Employment.LEFT)
        CoolingOff.objects.bulk_create(
            (
                CoolingOff(
                    organisation_id=org,
                    person_id=pk,
                    clearance=Clearance.GENERAL,
                    starts=today - datetime.timedelta(days=rng.randint(0, 1500)),
                    ends=today + datetime.timedelta(days=rng.randint(-400, 1000)),
                )
                for pk in gone
            ),
            batch_size=batch,
        )
        travellers = rng.sample(cleared, len(cleared) // 10)
        Travel.objects.bulk_create(
            (
                Travel(
                    organisation_id=org,
                    person_id=pk,
                    destination="新加坡",
                    purpose="会议",
                    departs=today - datetime.timedelta(days=3),
                    returns=today + datetime.timedelta(days=4),
                    state=TravelState.ABROAD if n % 3 == 0 else TravelState.REPORTED,
                    requested_by_id=pk,
                )
                for n, pk in enumerate(travellers)
            ),
            batch_size=batch,
        )
    if connection.vendor == "postgresql":
        gen._analyze()


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
