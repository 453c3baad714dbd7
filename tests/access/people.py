"""Random people of two organisations for the policies' property tests (tests/devices,
tests/scans): each person with one account of a random role, the account active or not,
its password to be changed or not, the person employed or gone. Written straight to the
database (tests may) inside the caller's rolled-back transaction.

The helpers below restate who an account acts as, from the generated data alone, never
from ``baomi.access``: the oracles of the tests are built on them."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from django.db import transaction
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from baomi.access.roles import Role
from baomi.accounts.models import Account
from baomi.core.levels import Clearance
from baomi.org.models import Department, Employment, Organisation, Person, Rank

_names = itertools.count(1)

# The hypothesis settings of the policies' property tests: each example builds a world in the
# database (slow), inside the test's function-scoped database fixture.
PROPERTY = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

Spec = TypeVar("Spec")
World = TypeVar("World")


def in_rolled_back_world(
    build: Callable[[Spec], World], spec: Spec, check: Callable[[World], None]
) -> None:
    """``check`` the world ``build`` writes for ``spec``, then roll it back (every example
    starts from an empty database)."""
    with transaction.atomic():
        check(build(spec))
        transaction.set_rollback(True)


# Departments per organisation: the second organisation's first department has the same
# index as the first's, so a rule comparing indexes instead of departments would leak.
DEPARTMENTS = (3, 2)
# Worlds with a tree: the first organisation's DEPARTMENTS[0] flat departments, then one under
# its first (SUB, whose parent PARENT names).
SUB = DEPARTMENTS[0]
PARENT = {SUB: 0}


def departments_of(org: int) -> int:
    """How many departments organisation ``org`` has in a world with a tree."""
    return DEPARTMENTS[org] + (1 if org == 0 else 0)


def draw_heads(draw: st.DrawFn, anyone: st.SearchStrategy[int]) -> dict[tuple[int, int], int]:
    """Random heads of the departments of a world with a tree: (org, department) → person
    index."""
    heads = {}
    for org in (0, 1):
        for d in range(departments_of(org)):
            if draw(st.booleans()):
                heads[(org, d)] = draw(anyone)
    return heads


@dataclass(frozen=True)
class PersonSpec:
    org: int
    dept: int  # index into the organisation's departments
    role: str
    active: bool  # still employed
    account_active: bool
    must_change: bool  # password set by someone else (AUTH-PASSWORD)


@st.composite
def person_specs(draw: st.DrawFn, min_size: int = 1, max_size: int = 8) -> list[PersonSpec]:
    return [
        PersonSpec(
            org=(org := draw(st.sampled_from([0, 0, 1]))),
            dept=draw(st.integers(0, DEPARTMENTS[org] - 1)),
            role=draw(st.sampled_from(Role.values)),
            active=draw(st.booleans() | st.just(True)),
            account_active=draw(st.booleans() | st.just(True)),
            must_change=draw(st.sampled_from([False, False, True])),
        )
        for _i in range(draw(st.integers(min_size, max_size)))
    ]


@dataclass
class People:
    specs: list[PersonSpec]
    orgs: list[Organisation]
    departments: list[list[Department]]
    people: list[Person]
    accounts: list[Account]


def build_people(specs: list[PersonSpec]) -> People:
    n = next(_names)
    orgs = [Organisation.objects.create(name=f"策略单位{n}-{i}") for i in range(2)]
    departments = []
    for org, size in zip(orgs, DEPARTMENTS, strict=True):
        tree = []
        for i in range(size):
            dept = Department.objects.create(organisation=org, name=f"部门{i}", path="")
            dept.path = f"/{dept.pk}/"
            dept.save(update_fields=["path"])
            tree.append(dept)
        departments.append(tree)
    ranks = [
        Rank.objects.create(organisation=org, key="staff", name="职员", seniority=10)
        for org in orgs
    ]
    people, accounts = [], []
    for i, p in enumerate(specs):
        person = Person.objects.create(
            organisation=orgs[p.org],
            department=departments[p.org][p.dept],
            rank=ranks[p.org],
            name=f"人员{i}",
            staff_number=f"{n}-{i}",
            clearance=Clearance.CORE,
            employment=Employment.ACTIVE if p.active else Employment.LEFT,
        )
        people.append(person)
        accounts.append(
            Account.objects.create(
                username=f"pol{n}-{i}",
                role=p.role,
                person=person,
                is_active=p.account_active,
                password_must_change=p.must_change,
            )
        )
    return People(specs, orgs, departments, people, accounts)


def knows_as_person(p: PersonSpec) -> bool:
    """CLS-MAC: the account acts as its person: a role that knows items (not the system
    administrator, not the auditor), the account active, the person still employed."""
    knowing = {Role.SECURITY_OFFICER, Role.CLERK, Role.LEADER, Role.STAFF}
    return p.role in knowing and p.account_active and p.active


def security_officer(p: PersonSpec) -> bool:
    """The account holds the security officer's powers now: its role, active, its password
    its own (AUTH-PASSWORD: a password someone else set grants nothing until changed)."""
    return p.role == Role.SECURITY_OFFICER and p.account_active and not p.must_change
