"""Generate a bench organisation: ranks, a department tree, people, documents, their copies
and a valid audit chain, at a million rows in minutes.

    .venv/bin/python bench/gen.py --people 10000 --items 1000000 --copies 1000000 \
        --events 10000000
    .venv/bin/python bench/gen.py ... --database-url postgres://postgres@127.0.0.1:5432/baomi_bench

The organisation, its ranks and departments and the three bench accounts are made through the
real operations (so their audit events start the chain). People, documents, their scope rows,
copies (with their custody rows and timelines) and the rest of the audit events are inserted in
batches with raw ``executemany`` (``COPY`` on PostgreSQL); columns the generator does not vary
get the model's defaults. Each audit event's
body and hash are computed exactly as ``audit.recorder.record_event`` does (a view as
``audit.recorder.seal`` chains a staged read: ``data.staged`` names its row), continuing from the
chain head, and every batch moves ``ChainHead`` in its own transaction: the chain is valid after
every batch.

Counts are totals: a second run tops the database up to them (or does nothing). ``--fresh``
drops the database first. Writes a summary to bench/out/gen.json.
"""

from __future__ import annotations

import argparse
import datetime
import random
import sys
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import nullcontext
from itertools import islice
from typing import Any

import common

BATCH = 10_000
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建国志文斌宇浩凯鹏"
TOP_DEPARTMENTS = [
    "领导班子",
    "总经理办公室",
    "保密办公室",
    "财务部",
    "人力资源部",
    "市场部",
    "技术部",
    "生产部",
    "质量部",
    "采购部",
]
SUB_DEPARTMENTS = ["一室", "二室", "三室"]
GROUPS = ["一组", "二组"]
TOPICS = [
    "年度经营目标",
    "薪酬调整方案",
    "保密自查自评",
    "新产品研发计划",
    "市场推广方案",
    "设备采购清单",
    "质量事故调查",
    "人事任免",
    "安全生产检查",
    "技术攻关方案",
    "合同谈判要点",
    "财务预算报告",
]
KINDS = ["的通知", "的决定", "的报告", "的请示", "的意见", "工作方案", "会议纪要"]
# (level, share of documents, max term years); PUBLIC and INTERNAL are scope_all.
LEVELS = [(0, 3, None), (1, 22, None), (2, 40, 10), (3, 25, 20), (4, 10, 30)]
# Share of people per clearance (NONE, GENERAL, IMPORTANT, CORE) and per rank key.
CLEARANCES = [(1, 40), (2, 35), (3, 18), (4, 7)]
# Copies: (state, share %, custody kind when away from the custodian, timeline action, how
# many hours ahead the due time of one that is not overdue may lie).
COPY_STATES = [
    ("with_custodian", 80, None, "registered", None),
    ("circulating", 8, "circulation", "circulated", 8),
    ("on_loan", 3, "loan", "loaned", 720),
    ("taken_out", 1, "take_out", "taken_out", 120),
    ("at_meeting", 0.5, "meeting", "to_meeting", 48),
    ("archived", 5, None, "archived", None),
    ("destroyed", 2.5, None, "destroyed", None),
]
OVERDUE = 0.2  # of the copies away from their custodian
CUSTODIANS = 10
RANK_SHARES = [
    ("staff", 60),
    ("manager", 20),
    ("director", 10),
    ("supervisor", 5),
    ("general_manager", 3),
    ("board", 2),
]


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--items", type=int, default=1_000_000)
    parser.add_argument("--copies", type=int, default=1_000_000)
    parser.add_argument("--events", type=int, default=10_000_000)
    parser.add_argument(
        "--database-url",
        default=None,
        help="default: $BAOMI_DATABASE_URL, else SQLite in bench/out",
    )
    parser.add_argument("--fresh", action="store_true", help="drop the bench database first")
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args(argv)
    common.configure(args.database_url, fresh=args.fresh)
    generate(
        people=args.people,
        items=args.items,
        copies=args.copies,
        events=args.events,
        seed=args.seed,
    )


def generate(*, people: int, items: int, copies: int, events: int, seed: int) -> dict[str, Any]:
    from django.core.management import call_command
    from django.db import connection

    rng = random.Random(seed)
    timings: dict[str, float] = {}

    def step(name: str, func: Any, *a: Any) -> Any:
        start = time.perf_counter()
        result = func(*a)
        timings[name] = round(time.perf_counter() - start, 2)
        added = f"{result:,} added, " if isinstance(result, int) else ""
        print(f"  {name}: {added}{timings[name]:.1f} s", flush=True)
        return result

    print(f"generating on {connection.vendor} ({connection.settings_dict['NAME']})", flush=True)
    step("migrate", call_command, "migrate", "--verbosity=0")
    world = step("organisation", World.load_or_build)
    counts = {
        "people": step("people", top_up_people, world, people, rng),
        "documents": step("documents", top_up_documents, world, items, rng),
        "copies": step("copies", top_up_copies, world, copies, rng),
        "events": step("events", top_up_events, world, events, rng),
    }
    if connection.vendor == "postgresql":
        step("analyze", _analyze)
    summary = {
        "database": connection.vendor,
        "added": counts,
        "seconds": timings,
        "total_seconds": round(sum(timings.values()), 2),
    }
    if any(counts.values()):  # a run that only reused the data keeps the last timings
        common.save_result("gen", connection.vendor, summary)
    print(f"  total {summary['total_seconds']:.1f} s", flush=True)
    return summary


class World:
    """The bench organisation as the generator needs it: ids only."""

    def __init__(self, org_id: int) -> None:
        from baomi.accounts.models import Account
        from baomi.org.models import Department, Rank

        self.org_id = org_id
        self.ranks = dict(Rank.objects.filter(organisation_id=org_id).values_list("key", "pk"))
        depts = list(Department.objects.filter(organisation_id=org_id).values_list("pk", "path"))
        self.departments = [pk for pk, _path in depts]
        accounts = Account.objects.filter(username__in=[common.LOW, common.HIGH, common.CLERK])
        self.accounts = {a.username: (a.pk, a.person_id) for a in accounts}

    @classmethod
    def load_or_build(cls) -> World:
        from baomi.org.models import Organisation

        org = Organisation.objects.filter(name=common.ORG_NAME).first()
        others = Organisation.objects.exclude(name=common.ORG_NAME).values_list("name", flat=True)
        if others:
            sys.exit(f"gen: not a bench database (it holds {list(others)}); refusing to write")
        return cls(org.pk if org else build_organisation())


def build_organisation() -> int:
    """The organisation, ranks, department tree and the three bench accounts, through the
    real operations (actor=None: the installer)."""
    from baomi.access.roles import Role
    from baomi.accounts import operations as accounts
    from baomi.core.levels import Clearance
    from baomi.org import operations as org

    o = org.create_organisation(actor=None, name=common.ORG_NAME)
    ranks = {
        key: org.create_rank(actor=None, organisation_id=o.pk, key=key, name=name, seniority=s)
        for key, name, s in _ranks()
    }
    tops, leaves = {}, []
    for name in TOP_DEPARTMENTS:
        top = org.create_department(
            actor=None, organisation_id=o.pk, name=name, is_general_office=name == "总经理办公室"
        )
        tops[name] = top
        for sub_name in SUB_DEPARTMENTS if name != "领导班子" else []:
            sub = org.create_department(
                actor=None, organisation_id=o.pk, name=f"{name}{sub_name}", parent_id=top.pk
            )
            leaves += [
                org.create_department(
                    actor=None, organisation_id=o.pk, name=group, parent_id=sub.pk
                )
                for group in GROUPS
            ]
    personas = [
        (common.LOW, Role.STAFF, leaves[0].pk, "staff", Clearance.GENERAL),
        (common.HIGH, Role.LEADER, tops["领导班子"].pk, "board", Clearance.CORE),
        (common.CLERK, Role.CLERK, tops["总经理办公室"].pk, "staff", Clearance.CORE),
    ]
    for n, (username, role, dept, rank, clearance) in enumerate(personas, 1):
        person = org.create_person(
            actor=None,
            department_id=dept,
            rank_id=ranks[rank].pk,
            name=username,
            staff_number=f"B{n:03d}",
        )
        org.set_clearance(actor=None, person_id=person.pk, clearance=clearance)
        accounts.create_account(
            actor=None,
            username=username,
            role=role,
            password="Bench-password-2026",
            person_id=person.pk,
            one_time=False,  # the bench's own logins, as the demo's: no first change
        )
    return o.pk


def _ranks() -> list[tuple[str, str, int]]:
    from baomi.org.ranks import RANKS

    return RANKS


def top_up_people(world: World, total: int, rng: random.Random) -> int:
    from baomi.org.models import Person

    have = Person.objects.filter(organisation_id=world.org_id).count()
    start = _next_id(Person)
    ranks = [world.ranks[k] for k, _ in RANK_SHARES]
    rank_weights = [w for _, w in RANK_SHARES]
    clearances, clearance_weights = zip(*CLEARANCES, strict=True)

    def rows() -> Iterator[tuple[Any, ...]]:
        for pk in range(start, start + max(0, total - have)):
            name = rng.choice(SURNAMES) + "".join(rng.choices(GIVEN, k=rng.randint(1, 2)))
            rank = rng.choices(ranks, rank_weights)[0]
            clearance = rng.choices(clearances, clearance_weights)[0]
            yield (
                pk,
                world.org_id,
                rng.choice(world.departments),
                rank,
                name,
                f"P{pk:07d}",
                clearance,
                rng.random() < 0.02,
                "active",
            )

    columns = [
        "id",
        "organisation_id",
        "department_id",
        "rank_id",
        "name",
        "staff_number",
        "clearance",
        "on_probation",
        "employment",
    ]
    return insert(Person, columns, rows())


def top_up_documents(world: World, total: int, rng: random.Random) -> int:
    """Documents with realistic levels and scopes: classified ones mostly with the default
    rank floor of their level (CLS-SCOPE-RANK), about 10% naming cleared people, some scoped to
    departments; PUBLIC and INTERNAL to the whole organisation."""
    from django.db import connection, transaction
    from django.utils import timezone

    from baomi.carriers.models import Document

    have = Document.objects.filter(organisation_id=world.org_id).count()
    todo = max(0, total - have)
    if not todo:
        return 0
    floors = {2: world.ranks["manager"], 3: world.ranks["director"], 4: world.ranks["supervisor"]}
    cleared, issuers = _cleared(world)
    levels, level_weights = [lv for lv, _, _ in LEVELS], [w for _, w, _ in LEVELS]
    max_term = {lv: term for lv, _, term in LEVELS}
    clerk = world.accounts[common.CLERK][0]
    adapt = connection.ops.adapt_datetimefield_value
    now = timezone.now()
    depts_table, people_table = Document.scope_departments.through, Document.scope_people.through
    columns = [
        "id",
        "organisation_id",
        "level",
        "term_years",
        "scope_all",
        "scope_rank_floor_id",
        "number",
        "title",
        "issuer",
        "issued_by_id",
        "registered_by_id",
        "registered_at",
    ]
    start = _next_id(Document)
    for first in range(start, start + todo, BATCH):
        docs, dept_rows, people_rows = [], [], []
        for pk in range(first, min(first + BATCH, start + todo)):
            level = rng.choices(levels, level_weights)[0]
            classified = level >= 2
            floor = floors[level] if classified and rng.random() < 0.85 else None
            if classified and rng.random() < 0.10:
                people_rows += [(pk, p) for p in rng.sample(cleared[level], rng.randint(1, 3))]
            if classified and (floor is None or rng.random() < 0.15):
                dept_rows += [(pk, d) for d in rng.sample(world.departments, rng.randint(1, 2))]
            at = now - datetime.timedelta(seconds=(start + todo - pk) * 60)
            docs.append(
                (
                    pk,
                    world.org_id,
                    level,
                    rng.randint(1, max_term[level]) if classified else None,
                    not classified,
                    floor,
                    f"压测发〔{at.year}〕{pk}号",
                    f"关于{rng.choice(TOPICS)}{rng.choice(KINDS)}",
                    rng.choice(TOP_DEPARTMENTS),
                    rng.choice(issuers) if level == 4 and issuers else None,
                    clerk,
                    adapt(at),
                )
            )
        with transaction.atomic():
            insert(Document, columns, docs, atomic=False)
            insert(depts_table, ["document_id", "department_id"], dept_rows, atomic=False)
            insert(people_table, ["document_id", "person_id"], people_rows, atomic=False)
    return todo


def _cleared(world: World) -> tuple[dict[int, list[int]], list[int]]:
    """The people cleared for each level, and the CORE board members and general managers
    (the issuers of TOP_SECRET documents)."""
    from baomi.org.models import Person

    cleared: dict[int, list[int]] = {level: [] for level in range(5)}
    issuers = []
    for pk, clearance, rank_id in Person.objects.filter(organisation_id=world.org_id).values_list(
        "pk", "clearance", "rank_id"
    ):
        for level in range(clearance + 1):
            cleared[level].append(pk)
        if clearance == 4 and rank_id in (world.ranks["board"], world.ranks["general_manager"]):
            issuers.append(pk)
    return cleared, issuers


def top_up_copies(world: World, total: int, rng: random.Random) -> int:
    """Copies of documents that have none yet, spread over all of them (1–5 copies each,
    numbered, the document's ``copies_count`` set), each document's copies kept by one of
    ``CUSTODIANS`` clerks (bench-clerk and the first CORE people), who is named in the scope of
    the classified ones as the registering clerk is. States per ``COPY_STATES``: the copies away
    from their custodian are held by people cleared for the level, with an open ``Custody`` row
    and a due time (``OVERDUE`` of them past it); archived and destroyed ones have no holder.
    One ``CopyEvent`` per copy: the move into its current state."""
    from django.db import connection, transaction
    from django.utils import timezone

    from baomi.carriers.models import Copy, CopyEvent, Custody, Document

    have = Copy.objects.filter(organisation_id=world.org_id).count()
    candidates = Document.objects.filter(organisation_id=world.org_id, copies_count=0)
    todo, left = max(0, total - have), candidates.count()
    if not todo or not left:
        return 0
    cleared, _issuers = _cleared(world)
    clerk_account, clerk = world.accounts[common.CLERK]
    bench_people = {person for _account, person in world.accounts.values()}
    custodians = [clerk, *[p for p in cleared[4] if p not in bench_people][: CUSTODIANS - 1]]
    people_table = Document.scope_people.through
    named = set(
        people_table.objects.filter(person_id__in=custodians).values_list(
            "document_id", "person_id"
        )
    )
    states = [s for s, *_ in COPY_STATES]
    weights = [w for _, w, *_ in COPY_STATES]
    away = {s: (kind, action, ahead) for s, _, kind, action, ahead in COPY_STATES}
    adapt = connection.ops.adapt_datetimefield_value
    now = timezone.now()
    hour = datetime.timedelta(hours=1)
    copy_columns = [
        "id",
        "organisation_id",
        "document_id",
        "number",
        "custodian_id",
        "holder_id",
        "state",
        "due_at",
        "updated_at",
    ]
    custody_columns = [
        "organisation_id",
        "copy_id",
        "kind",
        "holder_id",
        "handed_by_id",
        "started_at",
        "due_at",
        "received_at",
    ]
    event_columns = ["copy_id", "at", "action", "actor_id", "person_id", "state"]
    pk, added, last = _next_id(Copy), 0, 0
    while added < todo:
        docs = list(
            candidates.filter(pk__gt=last)
            .order_by("pk")
            .values_list("pk", "level", "registered_at")[:BATCH]
        )
        if not docs:
            break
        last = docs[-1][0]
        copies, custodies, events, scope, counts = [], [], [], [], []
        for doc, level, registered_at in docs:
            if added >= todo:
                break
            left -= 1
            # A document gets copies (3 on average) with the chance that spreads what is still
            # to add over the documents still to visit.
            if rng.random() * 3 * (left + 1) >= todo - added:
                continue
            m = min(rng.randint(1, 5), todo - added)
            custodian = rng.choice(custodians)
            if level >= 2 and (doc, custodian) not in named:
                scope.append((doc, custodian))
            counts.append((m, doc))
            for number in range(1, m + 1):
                state = rng.choices(states, weights)[0]
                kind, action, ahead = away[state]
                holder, due, at = custodian, None, registered_at
                if kind:  # away from the custodian, due back
                    holder = rng.choice(cleared[level])
                    if rng.random() < OVERDUE:
                        due = now - hour * rng.uniform(1, 240)
                    else:
                        due = now + hour * rng.uniform(1, ahead)
                    at = max(registered_at, min(now, due) - hour * rng.uniform(1, 48))
                    custodies.append(
                        (
                            world.org_id,
                            pk,
                            kind,
                            holder,
                            clerk_account,
                            adapt(at),
                            adapt(due),
                            adapt(at + hour / 6),  # the receipt signed (CIRC-SIGN)
                        )
                    )
                elif state != "with_custodian":  # archived or destroyed
                    holder = None
                    at = registered_at + (now - registered_at) * rng.uniform(0.5, 1)
                copies.append(
                    (
                        pk,
                        world.org_id,
                        doc,
                        number,
                        custodian,
                        holder,
                        state,
                        adapt(due),
                        adapt(at),
                    )
                )
                person = holder if kind else None
                events.append((pk, adapt(at), action, clerk_account, person, state))
                pk += 1
            added += m
        with transaction.atomic():
            insert(Copy, copy_columns, copies, atomic=False, reset=False)
            insert(Custody, custody_columns, custodies, atomic=False)
            insert(CopyEvent, event_columns, events, atomic=False)
            insert(people_table, ["document_id", "person_id"], scope, atomic=False)
            with connection.cursor() as cursor:
                table = connection.ops.quote_name(Document._meta.db_table)
                cursor.executemany(f"UPDATE {table} SET copies_count = %s WHERE id = %s", counts)
    _reset_sequence(Copy)
    return added


def top_up_events(world: World, total: int, rng: random.Random) -> int:
    """Audit events continuing the chain from its head, hashed as record_event does."""
    from django.db import transaction

    from baomi.audit.chain import canonical, link
    from baomi.audit.models import AuditEvent, ChainHead
    from baomi.carriers.models import Document

    head = ChainHead.objects.get(pk=1)
    todo = max(0, total - head.seq)
    if not todo:
        return 0
    last_at = AuditEvent.objects.get(seq=head.seq).at
    max_doc = Document.objects.order_by("-pk").values_list("pk", flat=True).first() or 1
    actors = list(world.accounts.items())
    # The index columns (time, actor, action …) are generated from the body by the database.
    columns = ["seq", "body", "hash"]
    seq, prev = head.seq, head.hash

    def event() -> dict[str, Any]:
        username, (account_id, person_id) = rng.choice(actors)
        doc = str(rng.randint(1, max_doc))
        roll = rng.random()
        e = {
            "actor_id": account_id,
            "actor": username,
            "organisation_id": world.org_id,
            "outcome": "ok",
            "subject_type": "carriers.document",
            "subject_id": doc,
            "data": {},
        }
        if roll < 0.70:
            # A view is staged, then chained by the sealing with the id of its staged row
            # (audit.recorder.seal): this bench counts them from the event's number.
            e["action"] = "carriers.document_viewed"
            e["data"] = {"staged": seq}
        elif roll < 0.85:
            e["action"] = "carriers.document_registered"
            e["data"] = {
                "level": rng.randint(1, 4),
                "term_years": rng.randint(1, 10),
                "named": sorted(rng.sample(range(1, 10_000), rng.randint(0, 2))),
                "departments": [],
            }
        elif roll < 0.97:
            e.update(
                action="auth.login", subject_type="accounts.account", subject_id=str(account_id)
            )
        else:
            e.update(action="operation.refused", outcome="denied", subject_type="", subject_id="")
            e["data"] = {
                "operation": "widen_scope",
                "refusal": "RuleViolation",
                "rule": "CLS-NO-WIDEN",
                "message": "The person already knows this item.",
                "arguments": {"document_id": int(doc), "person_id": person_id},
            }
        return e

    while seq < total:
        rows = []
        for _ in range(min(BATCH, total - seq)):
            seq += 1
            at = last_at + datetime.timedelta(microseconds=100 * (seq - head.seq))
            e = event()
            # Exactly the body of record_event: the same keys, canonical JSON, linked to prev.
            body = canonical({"seq": seq, "at": at.isoformat(), **e})
            prev = link(prev, body)
            rows.append((seq, body, prev))
        with transaction.atomic():
            insert(AuditEvent, columns, rows, atomic=False)
            ChainHead.objects.filter(pk=1).update(seq=seq, hash=prev)
    return todo


def insert(
    model: Any,
    columns: list[str],
    rows: Iterable[tuple[Any, ...]],
    *,
    atomic: bool = True,
    reset: bool = True,
) -> int:
    """Insert ``rows`` into ``model``'s table, ``BATCH`` at a time: raw ``executemany`` on
    SQLite, ``COPY`` on PostgreSQL (psycopg's executemany is several times slower there).
    Explicit ids move PostgreSQL's identity past them, unless ``reset`` is false (the caller
    does it once at the end)."""
    from django.db import connection, transaction

    defaults = _defaults(model, columns)
    columns = [*columns, *defaults]
    table = connection.ops.quote_name(model._meta.db_table)
    names = ", ".join(connection.ops.quote_name(c) for c in columns)
    sql = f"INSERT INTO {table} ({names}) VALUES ({', '.join(['%s'] * len(columns))})"
    count, it, extra = 0, iter(rows), tuple(defaults.values())
    while batch := [(*row, *extra) for row in islice(it, BATCH)]:
        with transaction.atomic() if atomic else nullcontext(), connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                    for row in batch:
                        copy.write_row(row)
            else:
                cursor.executemany(sql, batch)
        count += len(batch)
    if count and reset and "id" in columns:
        _reset_sequence(model)
    return count


def _defaults(model: Any, columns: list[str]) -> dict[str, Any]:
    """The model's defaults (or "") of the NOT NULL columns missing from ``columns``, as the
    database stores them: the generator names only the columns it varies (never a column the
    database generates, such as the audit events' index columns)."""
    from django.db import connection

    return {
        f.column: f.get_db_prep_save(f.get_default(), connection)
        for f in model._meta.concrete_fields
        if f.column not in columns
        and not (f.null or f.primary_key or f.generated)
        and (f.has_default() or f.empty_strings_allowed)
    }


def _reset_sequence(model: Any) -> None:
    """After inserting explicit ids, move PostgreSQL's identity past them."""
    from django.core.management.color import no_style
    from django.db import connection

    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), [model]):
            cursor.execute(sql)


def _analyze() -> str:
    """Table statistics now, as autovacuum would gather them shortly after a bulk load."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return "done"


def _next_id(model: Any) -> int:
    return (model.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1


if __name__ == "__main__":
    main()
