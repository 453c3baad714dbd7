"""Time the page reads of the secure areas, classified meetings, seals and secrecy review as
the security officer (target: p95 ≤ 50 ms, as the other page reads): the areas list, the
visitors' register (those on the premises first, no filter) and the access log (no filter,
and one area's), each's first page of 50 with its count as the pages' paginator reads it;
the meetings list per phase (first page); one meeting's page (the meeting, its attendees,
checks, next steps and paper register); the seals page (the register of seals, the seals
out, one's own requests); the seal use register's first page (its count and 50 lines); the
secrecy review's queue (its first 100), every submission (the first page of 50, with its
count) and one's own; and, for comparison, the deadline providers of these apps for the whole
organisation, the export of one seal's use register of this year, and the people pickers the
pages fill (``WHOLE``, not held to the target).

    .venv/bin/python bench/security_places.py [--database-url URL] [--runs 200]
        [--warmup 20] [--explain]

On the bench organisation (made by gen.py, or here when missing; the people topped up to
$BENCH_PEOPLE, 10,000) it makes the security officer ``bench-officer`` and then, once per
domain, writes with raw bulk inserts: 50 secure areas (2 out of use) with 12 assignments
each; 100,000 visitors over three years (signed out after 1–6 hours, except some of today's)
and 200,000 area entries (30% visitors' during their visit, escorted by the keeper; 70%
people's, granted on the spot by the keeper; those of today partly still inside); 20,000
meetings over three years and the next 30 days (planned ahead, open today, ended, closed,
3% cancelled) with 20 attendees cleared for the level, their checks and 5 papers each —
copies of gen.py's documents (none when the bench holds no copies: the papers are skipped
and the JSON says so); 30 seals with 100,000 uses over three years and the lock-up of each
working day of the last year; 10,000 submissions for the secrecy review with 1–3 versions
(a few hundred bytes each) and their reviews. Writes bench/out/security_places.json (one
entry per database).
"""

from __future__ import annotations

import datetime
import hashlib
import os
import random
import sys
from collections.abc import Callable, Sequence
from typing import Any

import common
import devices_reconcile
import gen

TARGET_MS = 50.0
PAGE = 50
# Reads of the whole organisation (the deadline providers), the export of one seal's use
# register of this year, and the people pickers the visitors' and access log's pages fill:
# timed for comparison, not held to the target.
WHOLE = {
    "deadlines_areas",
    "deadlines_meet_attend",
    "deadlines_meet_sweep",
    "deadlines_meet_docs",
    "deadlines_seal_log",
    "seal_use_register_export",
    "visitor_hosts_picker",
}
# The reads that take seconds: (runs, warm-up runs) at most.
SLOW: dict[str, tuple[int, int]] = {}
AREAS, ASSIGNED = 50, 12
VISITORS, ENTRIES = 100_000, 200_000
MEETINGS, ATTENDEES, PAPERS = 20_000, 20, 5
SEALS, USES = 30, 100_000
SUBMISSIONS = 10_000
YEARS = 3
UNITS = ["市发改委", "审计局", "设计院", "某软件公司", "某建设集团", "某会计师事务所", "某高校"]


def main(argv: Sequence[str] | None = None) -> None:
    parser = common.latency_parser(__doc__)
    parser.add_argument("--only", default="", help="comma-separated reads to time (default all)")
    args = parser.parse_args(argv)
    common.configure(args.database_url)
    result = run(args)
    path = common.save_result("security_places", result["database"], result)
    print(f"written to {path}")


def run(args: Any) -> dict[str, Any]:
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    call_command("migrate", "--verbosity=0")
    world = gen.World.load_or_build()
    rng = random.Random(2026)
    gen.top_up_people(world, int(os.environ.get("BENCH_PEOPLE", 10_000)), rng)
    officer = devices_reconcile._officer(world)
    written = _data(world, officer, rng)
    reads = _reads(world, random.Random(14))
    if args.only:
        reads = {name: reads[name] for name in args.only.split(",")}
    figures = {}
    for name, read in reads.items():
        runs, warmup = SLOW.get(name, (args.runs, args.warmup))
        samples, found = common.time_runs(
            lambda: devices_reconcile._account(officer),
            lambda actor, i, read=read: read(actor, i),
            runs=min(runs, args.runs),
            warmup=min(warmup, args.warmup),
        )
        with CaptureQueriesContext(connection) as ran:
            read(devices_reconcile._account(officer), 0)
        figures[name] = {**common.latency(samples), "rows": found, "queries": len(ran)}
    if args.explain:
        _explain(reads, devices_reconcile._account(officer))
    held = {name: f for name, f in figures.items() if name not in WHOLE}
    worst = max((f["p95_ms"] for f in held.values()), default=0.0)
    result = {
        "database": connection.vendor,
        "counts": _counts(world),
        "papers_skipped": written["papers_skipped"],
        "runs": args.runs,
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "reads": figures,
        "target_p95_ms": TARGET_MS,
        "meets_target": worst <= TARGET_MS,
        "missed": sorted(name for name, f in held.items() if f["p95_ms"] > TARGET_MS),
    }
    counts = ", ".join(f"{n:,} {name}" for name, n in result["counts"].items())
    load = ", ".join(f"{x:.1f}" for x in result["load_average"])
    print(f"\nsecurity places on {connection.vendor}: {counts}; {args.runs} runs, load {load}")
    if written["papers_skipped"]:
        print("no copies in the bench database: meeting papers skipped")
    rows = [
        [name + (" *" if name in WHOLE else ""), f["rows"], f["queries"], *_ms(f)]
        for name, f in figures.items()
    ]
    print(common.table(rows, ["read", "rows", "queries", "p50 ms", "p95 ms", "max ms"]))
    verdict = "met" if result["meets_target"] else "MISSED: " + ", ".join(result["missed"])
    print(f"p95 ≤ {TARGET_MS:.0f} ms (all but the reads marked *): {verdict}")
    return result


# The reads -------------------------------------------------------------------------------------


def _ms(figure: dict[str, Any]) -> list[float]:
    return [figure["p50_ms"], figure["p95_ms"], figure["max_ms"]]


def _columns(names: str) -> list[str]:
    """The columns a bulk insert names, from one string (``gen.insert``)."""
    return names.split()


def _first_page(qs: Any, size: int = PAGE) -> list[Any]:
    """The first page as the pages' paginator reads it: the count, then the page's rows."""
    from django.core.paginator import Paginator

    return list(Paginator(qs, size).get_page(None))


def _reads(world: Any, rng: random.Random) -> dict[str, Callable[[Any, int], int]]:
    """Each read as the page calls it, on the actor (the officer's account, loaded outside
    the clock) and the run's number (which area or meeting); each returns its row count."""
    from django.utils import timezone

    from baomi.areas.deadlines import PROVIDERS as AREA_DEADLINES
    from baomi.areas.models import SecureArea
    from baomi.areas.queries import access, visitors
    from baomi.areas.queries import areas as area_queries
    from baomi.areas.web import access as access_pages
    from baomi.meetings.deadlines import PROVIDERS as MEETING_DEADLINES
    from baomi.meetings.models import Meeting
    from baomi.meetings.queries import meetings, papers
    from baomi.publication.deadlines import PROVIDERS as PUBLICATION_DEADLINES
    from baomi.publication.queries import review
    from baomi.publication.web import review as review_pages
    from baomi.seals.deadlines import PROVIDERS as SEAL_DEADLINES
    from baomi.seals.models import Seal
    from baomi.seals.queries import seals
    from baomi.seals.web import seals as seal_pages

    org = world.org_id
    area_ids = list(
        SecureArea.objects.filter(organisation_id=org).order_by("pk").values_list("pk", flat=True)
    )
    meeting_ids = list(
        Meeting.objects.filter(organisation_id=org).order_by("pk").values_list("pk", flat=True)
    )
    meeting_ids = rng.sample(meeting_ids, min(len(meeting_ids), 500))
    seal_ids = list(
        Seal.objects.filter(organisation_id=org).order_by("pk").values_list("pk", flat=True)
    )
    this_year = timezone.localdate().year

    def access_log(actor: Any, area_id: int | None = None) -> int:
        areas = list(access.loggable_areas(actor))
        page = _first_page(access.entries(actor, area_id=area_id))
        lines = [(e, access.entrant_name(e), access.permission_text(e)) for e in page]
        return len(areas) + len(lines) + len(access_pages._approved(actor))

    def meeting_page(actor: Any, i: int) -> int:
        found = meetings.meeting(actor, meeting_ids[i % len(meeting_ids)])
        checks = meetings.checks(found)
        progress = meetings.progress(found)
        listed = meetings.attendees(found)
        lines = papers.lines(actor, found)
        return len(checks) + len(progress.steps) + len(listed) + len(lines)

    def seals_page(actor: Any) -> int:
        offered = list(seals.offered(actor))
        found = list(seals.seals(actor))
        out = seal_pages._take_out_lines(seals.take_outs(actor, status="out"))
        mine = seal_pages._use_lines(seals.uses(actor, mine=True)[:50])
        taken = seal_pages._take_out_lines(seals.take_outs(actor, mine=True)[:50])
        return len(offered) + len(found) + len(out) + len(mine) + len(taken)

    reads: dict[str, Callable[[Any, int], int]] = {
        "areas_list": lambda a, i: len(_first_page(area_queries.office_areas(a))),
        "visitors_list": lambda a, i: len(_first_page(visitors.visitors(a))),
        "access_log": lambda a, i: access_log(a),
        "access_log_area": lambda a, i: access_log(a, area_ids[i % len(area_ids)]),
    }
    for show in ("", *meetings.SHOWS):
        reads[f"meetings_{show or 'all'}"] = lambda a, i, show=show: len(
            _first_page(meetings.meetings(a, show=show))
        )
    reads["meeting_page"] = meeting_page
    reads["seals_page"] = lambda a, i: seals_page(a)
    reads["seal_use_register_50"] = lambda a, i: len(
        [seals.register_row(use) for use in _first_page(seals.register_uses(a))]
    )
    reads["submissions_queue"] = lambda a, i: len(
        review_pages._lines(review.pending_reviews(a)[:100])
    )
    reads["submissions_all"] = lambda a, i: len(
        review_pages._lines(_first_page(review.submissions(a), review.PAGE_SIZE))
    )
    reads["submissions_mine"] = lambda a, i: len(
        review_pages._lines(review.submissions(a, mine=True)[:100])
    )
    # Not held to the target (WHOLE).
    reads["seal_use_register_export"] = lambda a, i: len(
        seals.register_table(a, seal_id=seal_ids[i % len(seal_ids)], year=this_year).rows
    )
    reads["visitor_hosts_picker"] = lambda a, i: len(list(visitors.hosts(a)))
    providers = {
        "deadlines_areas": AREA_DEADLINES,
        "deadlines_meet_attend": [p for p in MEETING_DEADLINES if p.key == "MEET-ATTEND"],
        "deadlines_meet_sweep": [p for p in MEETING_DEADLINES if p.key == "MEET-SWEEP"],
        "deadlines_meet_docs": [p for p in MEETING_DEADLINES if p.key == "MEET-DOCS"],
        "deadlines_seal_log": SEAL_DEADLINES,
    }
    assert not PUBLICATION_DEADLINES, "publication has deadline providers now: time them"
    for name, found in providers.items():
        reads[name] = lambda a, i, found=found: sum(
            len(list(p.provide(org, timezone.now()))) for p in found
        )
    return reads


def _counts(world: Any) -> dict[str, int]:
    from baomi.areas.models import AreaEntry, SecureArea, Visitor
    from baomi.meetings.models import Attendee, Meeting, MeetingPaper
    from baomi.publication.models import Submission, Version
    from baomi.seals.models import Seal, SealLockUp, SealUse

    org = world.org_id
    return {
        "areas": SecureArea.objects.filter(organisation_id=org).count(),
        "visitors": Visitor.objects.filter(organisation_id=org).count(),
        "entries": AreaEntry.objects.filter(organisation_id=org).count(),
        "meetings": Meeting.objects.filter(organisation_id=org).count(),
        "attendees": Attendee.objects.filter(meeting__organisation_id=org).count(),
        "papers": MeetingPaper.objects.filter(meeting__organisation_id=org).count(),
        "seals": Seal.objects.filter(organisation_id=org).count(),
        "seal uses": SealUse.objects.filter(organisation_id=org).count(),
        "lock-ups": SealLockUp.objects.filter(organisation_id=org).count(),
        "submissions": Submission.objects.filter(organisation_id=org).count(),
        "versions": Version.objects.filter(submission__organisation_id=org).count(),
    }


# The data, once per domain ---------------------------------------------------------------------


class Data:
    """What the writers share: the organisation, the officer, the people by clearance and
    department, the clock and the database's datetime adapter."""

    def __init__(self, world: Any, officer: int, rng: random.Random) -> None:
        from django.db import connection
        from django.utils import timezone

        from baomi.accounts.models import Account
        from baomi.org.models import Employment, Person

        self.org = world.org_id
        self.rng = rng
        self.account = officer
        self.officer_person = Account.objects.get(pk=officer).person_id
        people = Person.objects.filter(organisation_id=self.org, employment=Employment.ACTIVE)
        self.department = dict(people.values_list("pk", "department_id"))
        self.cleared: dict[int, list[int]] = {level: [] for level in range(5)}
        for pk, clearance in people.values_list("pk", "clearance"):
            for level in range(clearance + 1):
                self.cleared[level].append(pk)
        self.people = sorted(self.department)
        self.now = timezone.now()
        self.start = self.now - datetime.timedelta(days=365 * YEARS)
        self.adapt = connection.ops.adapt_datetimefield_value

    def moment(self, ahead_days: float = 0) -> datetime.datetime:
        """A moment between three years ago and ``ahead_days`` from now."""
        end = self.now + datetime.timedelta(days=ahead_days)
        return self.start + (end - self.start) * self.rng.random()


def _data(world: Any, officer: int, rng: random.Random) -> dict[str, Any]:
    """Each domain's data, once (nothing for a domain that has some already)."""
    from django.db import connection, transaction

    from baomi.areas.models import SecureArea
    from baomi.meetings.models import Meeting
    from baomi.publication.models import Submission
    from baomi.seals.models import Seal

    d = Data(world, officer, rng)
    papers_skipped = False
    wrote = False
    if not SecureArea.objects.filter(organisation_id=d.org).exists():
        with transaction.atomic():
            _areas(d)
        wrote = True
    if not Meeting.objects.filter(organisation_id=d.org).exists():
        with transaction.atomic():
            papers_skipped = not _meetings(d)
        wrote = True
    else:
        from baomi.meetings.models import MeetingPaper

        papers_skipped = not MeetingPaper.objects.filter(meeting__organisation_id=d.org).exists()
    if not Seal.objects.filter(organisation_id=d.org).exists():
        with transaction.atomic():
            _seals(d)
        wrote = True
    if not Submission.objects.filter(organisation_id=d.org).exists():
        with transaction.atomic():
            _publication(d)
        wrote = True
    if wrote and connection.vendor == "postgresql":
        gen._analyze()
    return {"papers_skipped": papers_skipped}


def _areas(d: Data) -> None:
    """Secure areas with their assignments, visitors and the access log."""
    from baomi.areas.models import AreaAssignment, AreaEntry, AreaKind, SecureArea, Visitor

    rng, adapt = d.rng, d.adapt
    kinds = list(AreaKind.values)
    area_id = gen._next_id(SecureArea)
    areas = []  # (pk, level, keeper, assigned)
    area_rows, assignment_rows = [], []
    for n in range(AREAS):
        level = rng.choice([2, 3, 3, 4])
        keeper = rng.choice(d.cleared[level])
        assigned = rng.sample(d.cleared[level], ASSIGNED)
        pk = area_id + n
        areas.append((pk, level, keeper, assigned))
        area_rows.append(
            (
                pk,
                d.org,
                f"要害部位{n + 1:02d}",
                kinds[n % len(kinds)],
                level,
                d.department[keeper],
                keeper,
                f"{n % 9 + 1}号楼",
                "门禁、监控、保险柜",
                n < AREAS - 2,
                adapt(d.start),
            )
        )
        for person in assigned:
            since = (d.start + datetime.timedelta(days=rng.randint(0, 900))).date()
            assignment_rows.append((pk, person, since, None, d.account))
    gen.insert(
        SecureArea,
        _columns(
            "id organisation_id name kind level department_id keeper_id location measures "
            "active created_at"
        ),
        area_rows,
        atomic=False,
    )
    gen.insert(
        AreaAssignment,
        ["area_id", "person_id", "since", "until", "assigned_by_id"],
        assignment_rows,
        atomic=False,
    )
    hour = datetime.timedelta(hours=1)
    today = d.now.replace(hour=0, minute=0, second=0, microsecond=0)
    visitor_id = gen._next_id(Visitor)
    visits = []  # (pk, arrived, left)
    visitor_rows = []
    for n in range(VISITORS):
        arrived = d.moment()
        left = arrived + hour * rng.uniform(1, 6)
        if arrived >= today and rng.random() < 0.5:
            left = None  # still on the premises
        elif left > d.now:
            left = d.now
        pk = visitor_id + n
        visits.append((pk, arrived, left))
        visitor_rows.append(
            (
                pk,
                d.org,
                rng.choice(gen.SURNAMES) + "".join(rng.choices(gen.GIVEN, k=2)),
                "id_card",
                f"11010119{rng.randint(60, 99)}0101{rng.randint(1000, 9999)}",
                rng.choice(UNITS),
                rng.random() < 0.02,
                rng.choice(d.people),
                "业务洽谈",
                adapt(arrived),
                adapt(left),
                d.account,
            )
        )
    gen.insert(
        Visitor,
        _columns(
            "id organisation_id name id_kind id_number unit foreign host_id purpose "
            "arrived_at left_at registered_by_id"
        ),
        visitor_rows,
        atomic=False,
    )

    def entries() -> Any:
        for _n in range(ENTRIES):
            pk, _level, keeper, _assigned = rng.choice(areas)
            if rng.random() < 0.3:
                visitor, arrived, left = rng.choice(visits)
                entered = arrived + (((left or d.now) - arrived) * rng.uniform(0, 0.5))
                person, escort = None, keeper
            else:
                visitor, person = None, rng.choice(d.people)
                entered, escort = d.moment(), None
            out = entered + hour * rng.uniform(0.2, 3)
            if out > d.now:
                out = None if rng.random() < 0.5 else d.now
            yield (
                d.org,
                pk,
                person,
                visitor,
                "查阅资料" if person else "来访参观",
                keeper,
                escort,
                adapt(entered),
                adapt(out),
                d.account,
            )

    gen.insert(
        AreaEntry,
        _columns(
            "organisation_id area_id person_id visitor_id purpose granted_by_id escort_id "
            "entered_at left_at recorded_by_id"
        ),
        entries(),
        atomic=False,
    )


def _meetings(d: Data) -> bool:
    """Meetings with their attendees, checks and papers; False when there were no copies to
    hand out (no papers written)."""
    from baomi.areas.models import SecureArea
    from baomi.carriers.models import Copy
    from baomi.meetings.models import (
        Attendee,
        Meeting,
        MeetingCheck,
        MeetingPaper,
        MeetingState,
        PaperHandling,
    )

    rng, adapt = d.rng, d.adapt
    venues = list(
        SecureArea.objects.filter(organisation_id=d.org, active=True).values_list("pk", "level")
    )
    copies: dict[int, list[int]] = {}
    for pk, level in Copy.objects.filter(organisation_id=d.org).values_list(
        "pk", "document__level"
    ):
        copies.setdefault(level, []).append(pk)
    # The copies a meeting of each level may hand out: those of documents up to its level.
    within = {
        level: [c for lv in range(level + 1) for c in copies.get(lv, [])] for level in range(5)
    }
    leaders = d.cleared[4]
    minute = datetime.timedelta(minutes=1)
    today = d.now.replace(hour=0, minute=0, second=0, microsecond=0)
    meeting_id, attendee_id = gen._next_id(Meeting), gen._next_id(Attendee)
    meeting_rows, attendee_rows, check_rows, paper_rows = [], [], [], []
    for n in range(MEETINGS):
        pk = meeting_id + n
        level = rng.choice([2, 2, 3, 3, 4])
        venue = rng.choice([v for v, v_level in venues if v_level >= level])
        organiser = rng.choice(d.cleared[level])
        starts = d.moment(ahead_days=30).replace(minute=0, second=0, microsecond=0)
        if n < 10:  # a few in session today
            starts = today + datetime.timedelta(hours=8 + n % 4)
        ends = starts + datetime.timedelta(hours=rng.choice([1, 2, 3]))
        approved = opened = ended = closed = None
        if rng.random() < 0.03:
            state = MeetingState.CANCELLED
        elif n < 10:
            state, opened = MeetingState.OPEN, starts
        elif starts > d.now:
            state = MeetingState.PLANNED
        elif ends > d.now - datetime.timedelta(days=2) or rng.random() < 0.02:
            state, opened, ended = MeetingState.ENDED, starts, ends
        else:
            state, opened, ended, closed = MeetingState.CLOSED, starts, ends, ends + 30 * minute
        if state != MeetingState.PLANNED or rng.random() < 0.7:
            approved = starts - datetime.timedelta(days=2)
        meeting_rows.append(
            (
                pk,
                d.org,
                f"{rng.choice(gen.TOPICS)}专题会议",
                level,
                organiser,
                d.department[organiser],
                venue,
                adapt(starts),
                adapt(ends),
                state,
                rng.choice(leaders) if approved else None,
                adapt(approved),
                adapt(opened),
                adapt(ended),
                adapt(closed),
                d.account,
                adapt(starts - datetime.timedelta(days=7)),
            )
        )
        held = state in (MeetingState.OPEN, MeetingState.ENDED, MeetingState.CLOSED)
        listed = []
        for person in rng.sample(d.cleared[level], ATTENDEES):
            signed = adapt(starts - 5 * minute) if held and rng.random() < 0.95 else None
            attendee_rows.append((attendee_id, pk, person, signed, d.account))
            listed.append(attendee_id)
            attendee_id += 1
        kinds = []
        if held or (state == MeetingState.PLANNED and approved):
            kinds = ["venue", "phones"]
        if state == MeetingState.CLOSED or (state == MeetingState.ENDED and rng.random() < 0.5):
            kinds.append("sweep")
        for kind in kinds:
            at = ends + 10 * minute if kind == "sweep" else starts - 30 * minute
            check_rows.append((pk, kind, rng.choice(d.cleared[level]), adapt(at), "", d.account))
        offered = within[level]
        if not held or not offered:
            continue
        for copy in rng.sample(offered, min(PAPERS, len(offered))):
            handled = state == MeetingState.CLOSED or (
                state == MeetingState.ENDED and rng.random() < 0.5
            )
            paper_rows.append(
                (
                    pk,
                    copy,
                    rng.choice(listed),
                    level == 4,
                    adapt(starts + 10 * minute),
                    d.account,
                    PaperHandling.COLLECTED if handled else "",
                    adapt(ends) if handled else None,
                    d.account if handled else None,
                )
            )
    gen.insert(
        Meeting,
        _columns(
            "id organisation_id title level organiser_id department_id venue_id starts_at "
            "ends_at state list_approved_by_id list_approved_at opened_at ended_at closed_at "
            "created_by_id created_at"
        ),
        meeting_rows,
        atomic=False,
    )
    gen.insert(
        Attendee,
        ["id", "meeting_id", "person_id", "signed_in_at", "added_by_id"],
        attendee_rows,
        atomic=False,
    )
    gen.insert(
        MeetingCheck,
        ["meeting_id", "kind", "checked_by_id", "checked_at", "findings", "recorded_by_id"],
        check_rows,
        atomic=False,
    )
    gen.insert(
        MeetingPaper,
        _columns(
            "meeting_id copy_id attendee_id collect_at_once handed_at handed_by_id handling "
            "handled_at handled_by_id"
        ),
        paper_rows,
        atomic=False,
    )
    return bool(paper_rows)


def _seals(d: Data) -> None:
    """Seals with their uses and a year of daily lock-ups."""
    from baomi.org import queries as org_queries
    from baomi.seals.models import Seal, SealKind, SealLockUp, SealUse, UseState

    rng, adapt = d.rng, d.adapt
    kinds = list(SealKind.values)
    seal_id = gen._next_id(Seal)
    seals = []  # (pk, kind, keeper)
    rows = []
    for n in range(SEALS):
        pk, kind, keeper = seal_id + n, kinds[n % len(kinds)], rng.choice(d.people)
        seals.append((pk, kind, keeper))
        rows.append(
            (
                pk,
                d.org,
                f"印章{n + 1:02d}",
                kind,
                f"YZ-{n + 1:03d}",
                keeper,
                "保密办保险柜",
                adapt(d.start),
                d.account,
            )
        )
    gen.insert(
        Seal,
        _columns(
            "id organisation_id name kind number keeper_id location registered_at registered_by_id"
        ),
        rows,
        atomic=False,
    )
    recent = d.now - datetime.timedelta(days=30)

    def uses() -> Any:
        for n in range(USES):
            pk, kind, _keeper = rng.choice(seals)
            asked = d.moment()
            impressions = rng.randint(1, 5)
            state = UseState.USED
            if asked > recent and rng.random() < 0.1:
                state = UseState.REQUESTED
            elif rng.random() < 0.02:
                state = UseState.WITHDRAWN
            used = state == UseState.USED
            yield (
                d.org,
                pk,
                rng.choice(d.people),
                adapt(asked),
                f"合同第{n}号",
                rng.choice(UNITS),
                impressions,
                state,
                adapt(asked + datetime.timedelta(hours=2)) if used else None,
                d.account if used else None,
                impressions if used else None,
                f"JS{n:06d}" if used and kind == SealKind.LETTER else "",
            )

    gen.insert(
        SealUse,
        _columns(
            "organisation_id seal_id requested_by_id requested_at document recipient "
            "impressions state used_at used_by_id impressions_made letter_number"
        ),
        uses(),
        atomic=False,
    )
    calendar = org_queries.calendar(d.org)
    today = d.now.date()
    days = [today - datetime.timedelta(days=n) for n in range(1, 366)]
    working = [day for day in days if calendar.is_working_day(day)]
    end = datetime.timedelta(hours=18)
    gen.insert(
        SealLockUp,
        ["organisation_id", "seal_id", "day", "confirmed_by_id", "confirmed_at"],
        (
            (d.org, pk, day, keeper, adapt(_at(day, end)))
            for pk, _kind, keeper in seals
            for day in working
        ),
        atomic=False,
    )


def _at(day: datetime.date, offset: datetime.timedelta) -> datetime.datetime:
    from django.utils import timezone

    midnight = datetime.datetime.combine(day, datetime.time.min)
    return timezone.make_aware(midnight + offset)


def _publication(d: Data) -> None:
    """Submissions for the secrecy review with their versions and reviews."""
    from baomi.publication.models import Kind, Review, Submission, SubmissionState, Verdict, Version

    rng, adapt = d.rng, d.adapt
    kinds = list(Kind.values)
    recent = d.now - datetime.timedelta(days=60)
    submission_id, version_id = gen._next_id(Submission), gen._next_id(Version)
    submission_rows, version_rows, review_rows = [], [], []
    for n in range(SUBMISSIONS):
        pk = submission_id + n
        submitter = rng.choice(d.people)
        at = d.moment()
        if at > recent:
            state = rng.choices(["in_review", "changes", "cleared", "released"], [40, 15, 15, 30])[
                0
            ]
        else:
            state = rng.choices(["released", "refused", "withdrawn", "changes"], [80, 8, 7, 5])[0]
        versions = 1 if state == "in_review" else rng.randint(1, 3)
        last = None
        for number in range(1, versions + 1):
            body = f"关于{rng.choice(gen.TOPICS)}的宣传稿 第{number}稿 {n}\n".encode() * 8
            uploaded = at + datetime.timedelta(days=number - 1)
            last = (version_id, hashlib.sha256(body).hexdigest(), uploaded)
            version_rows.append(
                (
                    version_id,
                    pk,
                    number,
                    f"稿件{n}-{number}.txt",
                    "text/plain",
                    len(body),
                    last[1],
                    body,
                    "[]",
                    "[]",
                    submitter,
                    adapt(uploaded),
                )
            )
            final = number == versions
            verdict = {
                "changes": Verdict.CHANGES,
                "refused": Verdict.REFUSED,
                "withdrawn": Verdict.CHANGES,
            }.get(state, Verdict.CLEARED)
            if not (final and state == "in_review"):
                review_rows.append(
                    (
                        version_id,
                        d.officer_person,
                        adapt(uploaded + datetime.timedelta(hours=4)),
                        verdict if final else Verdict.CHANGES,
                        "",
                        "" if final and verdict == Verdict.CLEARED else "删去涉及内部数据的段落",
                        "[]",
                    )
                )
            version_id += 1
        released = state == SubmissionState.RELEASED
        released_at = last[2] + datetime.timedelta(days=1) if released else None
        submission_rows.append(
            (
                pk,
                d.org,
                d.department[submitter],
                kinds[n % len(kinds)],
                f"宣传稿{n}",
                "集团官网",
                submitter,
                adapt(at),
                state,
                last[0] if released else None,
                last[1] if released else "",
                adapt(released_at),
                submitter if released else None,
            )
        )
    # The submissions first without their released version (it points at a version).
    gen.insert(
        Submission,
        _columns(
            "id organisation_id department_id kind title outlet submitted_by_id submitted_at "
            "state released_version_id released_sha256 released_at released_by_id"
        ),
        [(*row[:9], None, *row[10:]) for row in submission_rows],
        atomic=False,
    )
    gen.insert(
        Version,
        _columns(
            "id submission_id number filename content_type size sha256 content findings "
            "skipped uploaded_by_id uploaded_at"
        ),
        version_rows,
        atomic=False,
    )
    gen.insert(
        Review,
        _columns(
            "version_id reviewer_id reviewed_at verdict findings_text changes_required "
            "justifications"
        ),
        review_rows,
        atomic=False,
    )
    released = [(row[9], row[0]) for row in submission_rows if row[9] is not None]
    from django.db import connection

    with connection.cursor() as cursor:
        table = connection.ops.quote_name(Submission._meta.db_table)
        cursor.executemany(f"UPDATE {table} SET released_version_id = %s WHERE id = %s", released)


def _explain(reads: dict[str, Any], actor: Any) -> None:
    """The plan of every SELECT each read runs, explained with the parameters it ran with (a
    plan of the SQL with its values written in can differ: SQLite matches an expression
    index only to the same expression, literals and all)."""
    from django.db import connection

    prefix = "EXPLAIN QUERY PLAN " if connection.vendor == "sqlite" else "EXPLAIN ANALYZE "
    for name, read in reads.items():
        ran: list[tuple[str, Any]] = []

        def keep(
            execute: Any, sql: str, params: Any, many: bool, context: Any, ran: list = ran
        ) -> Any:
            ran.append((sql, params))
            return execute(sql, params, many, context)

        with connection.execute_wrapper(keep):
            read(actor, 0)
        for sql, params in ran:
            if not sql.lstrip().upper().startswith("SELECT"):
                continue
            print(f"\n--- {name}: {sql[:160]}…")
            with connection.cursor() as cursor:
                cursor.execute(prefix + sql, params)
                print("\n".join(" ".join(map(str, row)) for row in cursor.fetchall()))


if __name__ == "__main__":
    sys.exit(main())
