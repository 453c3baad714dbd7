"""CLS-MAC held to a brute-force oracle over random worlds.

Each example builds two organisations with a random department tree, random ranks, people with
random clearance, employment and roles, and documents with arbitrary scopes, written directly
to the database inside a savepoint that is rolled back afterwards. The oracle below restates
CLS-MAC in plain Python from the generated data (never from the database's paths or queries):
a person may know a document when they are active, in its organisation, cleared for its level,
and inside its scope (the whole organisation, at or above its rank floor, named, or in one of
its departments or a department below one).
"""

from __future__ import annotations

import datetime
import itertools
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from baomi.access.mac import can_know, knower, visible_to
from baomi.access.roles import KNOWING_ROLES, Role
from baomi.accounts.models import Account
from baomi.carriers import queries
from baomi.carriers.models import Copy, CopyState, Document
from baomi.carriers.queries import copies as copy_queries
from baomi.core.errors import NotFound
from baomi.core.levels import Clearance, Level
from baomi.org.models import Department, Employment, Organisation, Person, Rank

_names = itertools.count(1)


@dataclass
class PersonSpec:
    org: int
    dept: int  # index into the organisation's departments
    rank: int  # index into the organisation's ranks
    clearance: int
    active: bool
    role: str
    account_active: bool


@dataclass
class DocSpec:
    org: int
    level: int
    scope_all: bool
    floor: int | None  # index into the organisation's ranks
    departments: set[tuple[int, int]]  # (organisation, department index), either organisation
    people: set[int]  # indexes into the world's people, either organisation


@dataclass
class WorldSpec:
    parents: list[list[int | None]]  # per organisation: each department's parent index
    seniorities: list[list[int]]  # per organisation
    people: list[PersonSpec]
    docs: list[DocSpec] = field(default_factory=list)


@st.composite
def worlds(draw: st.DrawFn) -> WorldSpec:
    parents: list[list[int | None]] = []
    seniorities: list[list[int]] = []
    for size in (draw(st.integers(1, 6)), draw(st.integers(1, 2))):
        # Mostly one deep tree: a department's parent is any earlier one, rarely none.
        parents.append([draw(st.sampled_from([None, *range(i)])) for i in range(size)])
        seniorities.append(draw(st.lists(st.integers(1, 60), min_size=1, max_size=4, unique=True)))
    people = [
        PersonSpec(
            org=(org := draw(st.sampled_from([0, 0, 0, 1]))),
            dept=draw(st.integers(0, len(parents[org]) - 1)),
            rank=draw(st.integers(0, len(seniorities[org]) - 1)),
            clearance=draw(st.sampled_from(Clearance.values)),
            active=draw(st.booleans() | st.just(True)),
            role=draw(st.sampled_from(Role.values)),
            account_active=draw(st.booleans() | st.just(True)),
        )
        for _i in range(draw(st.integers(1, 8)))
    ]
    all_depts = [(o, d) for o, tree in enumerate(parents) for d in range(len(tree))]
    docs = [
        DocSpec(
            org=(org := draw(st.sampled_from([0, 0, 1]))),
            level=draw(st.sampled_from(Level.values)),
            scope_all=draw(st.sampled_from([False, False, False, True])),
            floor=draw(st.none() | st.integers(0, len(seniorities[org]) - 1)),
            departments=draw(st.sets(st.sampled_from(all_depts), max_size=3)),
            people=draw(st.sets(st.integers(0, len(people) - 1), max_size=3)),
        )
        for _i in range(draw(st.integers(0, 10)))
    ]
    return WorldSpec(parents, seniorities, people, docs)


@dataclass
class Built:
    spec: WorldSpec
    people: list[Person]
    accounts: list[Account]
    docs: list[Document]


def build(spec: WorldSpec) -> Built:
    """Write the world straight to the database (tests may; the product may not)."""
    n = next(_names)
    orgs = [Organisation.objects.create(name=f"MAC单位{n}-{i}") for i in range(2)]
    departments: list[list[Department]] = []
    for org, parents in zip(orgs, spec.parents, strict=True):
        tree: list[Department] = []
        for i, parent in enumerate(parents):
            above = tree[parent] if parent is not None else None
            dept = Department.objects.create(
                organisation=org, parent=above, name=f"部门{i}", path=""
            )
            dept.path = f"{above.path if above else '/'}{dept.pk}/"
            dept.save(update_fields=["path"])
            tree.append(dept)
        departments.append(tree)
    ranks = [
        [
            Rank.objects.create(organisation=org, key=f"r{s}", name=f"职级{s}", seniority=s)
            for s in seniorities
        ]
        for org, seniorities in zip(orgs, spec.seniorities, strict=True)
    ]
    people, accounts = [], []
    for i, p in enumerate(spec.people):
        person = Person.objects.create(
            organisation=orgs[p.org],
            department=departments[p.org][p.dept],
            rank=ranks[p.org][p.rank],
            name=f"人员{i}",
            staff_number=f"{n}-{i}",
            clearance=p.clearance,
            employment=Employment.ACTIVE if p.active else Employment.LEFT,
        )
        people.append(person)
        accounts.append(
            Account.objects.create(
                username=f"mac{n}-{i}", role=p.role, person=person, is_active=p.account_active
            )
        )
    registrar = accounts[0]
    docs = []
    for i, d in enumerate(spec.docs):
        doc = Document.objects.create(
            organisation=orgs[d.org],
            level=d.level,
            scope_all=d.scope_all,
            scope_rank_floor=ranks[d.org][d.floor] if d.floor is not None else None,
            number=f"{n}-{i}",
            title=f"文件{uuid.uuid4().hex}",
            registered_by=registrar,
            registered_at=timezone.now(),
        )
        doc.scope_departments.set([departments[o][k] for o, k in d.departments])
        doc.scope_people.set([people[k] for k in d.people])
        docs.append(doc)
    return Built(spec, people, accounts, docs)


def oracle(world: Built, person_index: int, doc_index: int) -> bool:
    """CLS-MAC restated from the generated data alone."""
    p, d = world.spec.people[person_index], world.spec.docs[doc_index]
    if not p.active or p.org != d.org or d.level > p.clearance:
        return False
    if d.scope_all or person_index in d.people:
        return True
    seniorities = world.spec.seniorities[p.org]
    if d.floor is not None and seniorities[p.rank] >= seniorities[d.floor]:
        return True
    line: list[int | None] = []
    dept: int | None = p.dept
    while dept is not None:
        line.append(dept)
        dept = world.spec.parents[p.org][dept]
    return any((p.org, k) in d.departments for k in line)


def knows_as_person(world: Built, i: int) -> bool:
    """Whether account ``i`` acts as its person at all (CLS-MAC: not a role, not a left person)."""
    p = world.spec.people[i]
    return p.role in KNOWING_ROLES and p.active and p.account_active


def expected(world: Built, i: int) -> set[int]:
    if not knows_as_person(world, i):
        return set()
    return {world.docs[k].pk for k in range(len(world.docs)) if oracle(world, i, k)}


def in_rolled_back_world(spec: WorldSpec, check: Callable[[Built], None]) -> None:
    with transaction.atomic():
        world = build(spec)
        assert Document.objects.count() == len(world.docs)
        check(world)
        transaction.set_rollback(True)


PROPERTY = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
_C, _L, _S = Clearance, Level, Role.STAFF
# Every grant and every exclusion at least once, whatever the random examples draw:
# organisation 0 has the chain 0 ─ 1 ─ 2 and ranks of seniority 10, 20, 30.
EVERY_CASE = example(
    spec=WorldSpec(
        parents=[[None, 0, 1], [None]],
        seniorities=[[10, 20, 30], [10]],
        people=[
            PersonSpec(0, 2, 0, _C.CORE, True, _S, True),  # deep in the tree, junior
            PersonSpec(0, 0, 1, _C.IMPORTANT, True, Role.LEADER, True),  # at the top, rank 20
            PersonSpec(1, 0, 0, _C.CORE, True, _S, True),  # the other organisation
            PersonSpec(0, 1, 2, _C.CORE, True, Role.SYSADMIN, True),  # senior administrator
            PersonSpec(0, 2, 2, _C.CORE, False, _S, True),  # has left
            PersonSpec(0, 2, 2, _C.CORE, True, Role.CLERK, False),  # account deactivated
            PersonSpec(0, 1, 2, _C.CORE, True, Role.AUDITOR, True),  # the auditor
        ],
        docs=[
            DocSpec(0, _L.SECRET, False, None, {(0, 0)}, set()),  # a department and below
            DocSpec(0, _L.CONFIDENTIAL, False, 1, set(), set()),  # rank 20 and above
            DocSpec(0, _L.TOP_SECRET, False, None, set(), {0, 2}),  # named, one of them abroad
            DocSpec(1, _L.INTERNAL, True, None, set(), set()),  # the whole other organisation
            DocSpec(0, _L.TOP_SECRET, True, None, set(), set()),  # all, but clearance bounds
            DocSpec(0, _L.SECRET, False, None, {(1, 0)}, set()),  # a foreign department
            DocSpec(0, _L.PUBLIC, False, None, {(0, 2)}, set()),  # the deepest department only
        ],
    )
)


@pytest.mark.django_db
@PROPERTY
@EVERY_CASE
@given(spec=worlds())
def test_visible_to_equals_the_oracle__CLS_MAC(spec: WorldSpec) -> None:
    """``visible_to`` answers exactly the documents the oracle lets each account know."""

    def check(world: Built) -> None:
        for i, account in enumerate(world.accounts):
            got = set(visible_to(account, Document.objects.all()).values_list("pk", flat=True))
            assert got == expected(world, i), (world.spec.people[i], world.spec.docs)

    in_rolled_back_world(spec, check)


@pytest.mark.django_db
@PROPERTY
@EVERY_CASE
@given(spec=worlds())
def test_can_know_agrees_with_the_oracle_for_every_pair__CLS_MAC(spec: WorldSpec) -> None:
    """``can_know`` (one person, one item), also of an account's ``knower``, agrees with the
    oracle, and therefore with ``visible_to``, for every person and document of the world."""

    def check(world: Built) -> None:
        for (i, person), (k, doc) in itertools.product(
            enumerate(world.people), enumerate(world.docs)
        ):
            assert can_know(person, doc) == oracle(world, i, k), (
                world.spec.people[i],
                world.spec.docs[k],
            )
            assert can_know(knower(world.accounts[i]), doc) == (
                knows_as_person(world, i) and oracle(world, i, k)
            )

    in_rolled_back_world(spec, check)


@pytest.mark.django_db
@PROPERTY
@EVERY_CASE
@given(spec=worlds())
def test_no_role_and_no_left_person_grants_knowledge__CLS_MAC(spec: WorldSpec) -> None:
    """The system administrator, the auditor, an inactive account and the account of a person
    who left know nothing, whatever the clearance and whatever the scopes name them in."""

    def check(world: Built) -> None:
        for i, account in enumerate(world.accounts):
            p = world.spec.people[i]
            if p.role in KNOWING_ROLES and p.active and p.account_active:
                continue
            assert not visible_to(account, Document.objects.all()).exists()
            assert not queries.documents(account).exists()
            assert not any(can_know(knower(account), doc) for doc in world.docs)
            for doc in world.docs:
                with pytest.raises(NotFound):
                    queries.document(account, doc.pk)

    in_rolled_back_world(spec, check)


@pytest.mark.django_db
@PROPERTY
@EVERY_CASE
@given(spec=worlds())
def test_lists_counts_searches_and_lookups_leak_nothing__CLS_MAC(spec: WorldSpec) -> None:
    """No list, count, search or lookup reveals an item the actor may not know: a search for
    its exact title finds nothing, the count is the oracle's, and asking for it by id fails
    exactly like asking for an id that does not exist."""

    def check(world: Built) -> None:
        missing_id = max((d.pk for d in world.docs), default=0) + 1000
        with pytest.raises(NotFound) as absent:
            queries.document(world.accounts[0], missing_id)
        for i, account in enumerate(world.accounts):
            allowed = expected(world, i)
            assert queries.documents(account).count() == len(allowed)
            # The list route's compiled query (core.prepared) answers the same, page by page.
            newest_first = sorted(allowed, reverse=True)
            pages = [
                [row["id"] for row in queries.documents_page(account, offset=o, limit=2)]
                for o in range(0, len(allowed) + 2, 2)
            ]
            assert [pk for page in pages for pk in page] == newest_first
            for doc in world.docs:
                found = queries.documents_page(account, search=doc.title, offset=0, limit=9)
                assert [row["id"] for row in found] == ([doc.pk] if doc.pk in allowed else [])
                if doc.pk in allowed:
                    assert list(queries.documents(account, search=doc.title)) == [doc]
                    assert queries.document(account, doc.pk) == doc
                    read = queries.document_read(account, doc.pk)  # the API's detail
                    assert (read["id"], read["level"]) == (doc.pk, doc.level)
                    continue
                assert not queries.documents(account, search=doc.title).exists()
                assert (
                    not queries.documents(account, search=doc.number, level=doc.level)
                    .filter(pk=doc.pk)
                    .exists()
                )
                for read in (queries.document, queries.document_read):
                    with pytest.raises(NotFound) as hidden:
                        read(account, doc.pk)
                    assert type(hidden.value) is type(absent.value)
                    assert str(hidden.value) == str(absent.value)
                    assert hidden.value.message == absent.value.message

    in_rolled_back_world(spec, check)


@pytest.mark.django_db
@PROPERTY
@EVERY_CASE
@given(spec=worlds())
def test_a_copy_is_known_exactly_when_its_document_is__CLS_MAC(spec: WorldSpec) -> None:
    """Copies carry no knowledge of their own: every read of copies (all known copies, a
    document's copies, what a person holds, what is overdue) answers exactly the copies of
    the documents the oracle lets the account know — whoever holds or keeps them."""

    def check(world: Built) -> None:
        past = timezone.now() - datetime.timedelta(days=1)
        copies = []
        for k, doc in enumerate(world.docs):
            # Kept and held by people chosen regardless of what they may know.
            keeper = world.people[k % len(world.people)]
            copies.append(
                Copy.objects.create(
                    organisation_id=doc.organisation_id,
                    document=doc,
                    number=1,
                    custodian=keeper,
                    holder=world.people[(k + 1) % len(world.people)],
                    state=CopyState.CIRCULATING,
                    due_at=past,
                    updated_at=past,
                )
            )
        by_doc = {c.document_id: c.pk for c in copies}
        for i, account in enumerate(world.accounts):
            allowed = {by_doc[pk] for pk in expected(world, i)}
            assert set(copy_queries.known_copies(account).values_list("pk", flat=True)) == allowed
            assert set(copy_queries.overdue(account).values_list("pk", flat=True)) == allowed
            for overdue in (None, True, False):  # the list route's compiled query
                rows = copy_queries.copies_page(account, overdue=overdue, offset=0, limit=99)
                assert {row["id"] for row in rows} == (set() if overdue is False else allowed)
            for person in world.people:
                rows = copy_queries.copies_page(account, holder_id=person.pk, offset=0, limit=99)
                assert {r["id"] for r in rows} == {
                    c.pk for c in copies if c.holder_id == person.pk and c.pk in allowed
                }
            if knows_as_person(world, i):
                mine = {c.pk for c in copies if c.holder_id == world.people[i].pk}
                held = set(copy_queries.holdings(account).values_list("pk", flat=True))
                assert held == mine & allowed
            for doc in world.docs:
                if by_doc[doc.pk] in allowed:
                    _doc, listed = copy_queries.document_copies(account, doc.pk)
                    assert [c.pk for c in listed] == [by_doc[doc.pk]]
                else:
                    with pytest.raises(NotFound):
                        copy_queries.document_copies(account, doc.pk)

    in_rolled_back_world(spec, check)
