"""The secure areas' policies (``baomi.areas.policies``) held to a brute-force oracle over
random worlds, like tests/people/test_policy_properties.py.

Each example builds two organisations with people of random roles, employment and accounts
(tests/access/people.py) and areas of either organisation, each with a keeper, in use or not,
and assignments running or ended — written directly to the database inside a savepoint rolled
back afterwards. The oracle restates the rules from the generated data alone:

- an area (AREAS): the security office (the security officer's role, the account active, its
  password its own) knows every area of its organisation; whoever knows as their person (a
  knowing role, the account active, the person employed) knows the areas of their
  organisation they keep or are assigned to now; nobody knows another organisation's;
- a venue (VENUES): the areas in use of the organisation, for whoever organises meetings or
  keeps the list (the security officer's or the clerk's role, the account active, its
  password its own)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from baomi.access.roles import Role
from baomi.areas.models import AreaAssignment, AreaKind, SecureArea
from baomi.areas.policies import AREAS, VENUES
from baomi.areas.queries import areas as queries
from tests.access.people import (
    PROPERTY,
    People,
    PersonSpec,
    build_people,
    in_rolled_back_world,
    knows_as_person,
    person_specs,
    security_officer,
)


@dataclass(frozen=True)
class AreaSpec:
    org: int
    keeper: int  # index into the people (of either organisation)
    active: bool
    assigned: tuple[tuple[int, bool], ...]  # (person, still running)


@dataclass
class WorldSpec:
    people: list[PersonSpec]
    areas: list[AreaSpec]


@st.composite
def worlds(draw: st.DrawFn) -> WorldSpec:
    people = draw(person_specs())
    anyone = st.integers(0, len(people) - 1)
    areas = [
        AreaSpec(
            org=draw(st.sampled_from([0, 0, 1])),
            keeper=draw(anyone),
            active=draw(st.booleans() | st.just(True)),
            assigned=tuple(
                draw(
                    st.lists(st.tuples(anyone, st.booleans()), max_size=3, unique_by=lambda x: x[0])
                )
            ),
        )
        for _i in range(draw(st.integers(0, 6)))
    ]
    return WorldSpec(people, areas)


@dataclass
class Built:
    spec: WorldSpec
    who: People
    areas: list[SecureArea]


def build(spec: WorldSpec) -> Built:
    """Write the world straight to the database (tests may; the product may not)."""
    who = build_people(spec.people)
    areas = []
    for k, a in enumerate(spec.areas):
        area = SecureArea.objects.create(
            organisation=who.orgs[a.org],
            name=f"要害部位{k}",
            kind=AreaKind.ARCHIVE_ROOM,
            level=3,
            department=who.departments[a.org][0],
            keeper=who.people[a.keeper],
            active=a.active,
        )
        for person, running in a.assigned:
            AreaAssignment.objects.create(
                area=area,
                person=who.people[person],
                since=datetime.date(2020, 1, 1),
                until=None if running else datetime.date(2021, 1, 1),
                assigned_by=who.accounts[0],
            )
        areas.append(area)
    return Built(spec, who, areas)


def knows_area(spec: WorldSpec, i: int, area: AreaSpec) -> bool:
    me = spec.people[i]
    if area.org != me.org:
        return False
    if security_officer(me):
        return True
    mine = area.keeper == i or any(p == i and running for p, running in area.assigned)
    return knows_as_person(me) and mine


def picks_venues(p: PersonSpec) -> bool:
    return p.role in (Role.SECURITY_OFFICER, Role.CLERK) and p.account_active and not p.must_change


def knows_venue(spec: WorldSpec, i: int, area: AreaSpec) -> bool:
    me = spec.people[i]
    return area.org == me.org and area.active and picks_venues(me)


_R = Role
EVERY_CASE = example(
    spec=WorldSpec(
        people=[
            PersonSpec(0, 0, _R.SECURITY_OFFICER, True, True, False),  # 0 the office
            PersonSpec(1, 0, _R.SECURITY_OFFICER, True, True, False),  # 1 the other office
            PersonSpec(0, 1, _R.STAFF, True, True, False),  # 2 a keeper
            PersonSpec(0, 0, _R.SECURITY_OFFICER, True, True, True),  # 3 password not own
            PersonSpec(0, 0, _R.STAFF, True, False, False),  # 4 deactivated, assigned
            PersonSpec(0, 0, _R.SYSADMIN, True, True, False),  # 5 an administrator keeper
            PersonSpec(0, 0, _R.CLERK, True, True, False),  # 6 the clerk, assigned
            PersonSpec(0, 2, _R.STAFF, False, True, False),  # 7 has left, assigned
            PersonSpec(0, 1, _R.LEADER, True, True, False),  # 8 an assignment ended
        ],
        areas=[
            AreaSpec(0, 2, True, ((4, True), (6, True), (7, True), (8, False))),
            AreaSpec(1, 1, True, ((2, True),)),  # abroad, naming ours
            AreaSpec(0, 5, True, ()),
            AreaSpec(0, 2, False, ((6, True),)),  # out of use
        ],
    )
)


@pytest.mark.django_db
@PROPERTY
@EVERY_CASE
@given(spec=worlds())
def test_the_areas_policies_equal_the_oracle__AREA_LIST(spec: WorldSpec) -> None:
    """``known``, ``may_know`` and the oracle agree for every account, for the areas and for
    the meetings' venues (and what ``queries.venues`` lists)."""

    def check(world: Built) -> None:
        s = world.spec
        for i, account in enumerate(world.who.accounts):
            who = (s.people[i], i)
            expected = {
                a.pk
                for a, spec_ in zip(world.areas, s.areas, strict=True)
                if knows_area(s, i, spec_)
            }
            known = set(AREAS.known(account).values_list("pk", flat=True))
            admitted = {a.pk for a in world.areas if AREAS.may_know(account, a)}
            assert known == admitted == expected, (who, known, expected)

            expected = {
                a.pk
                for a, spec_ in zip(world.areas, s.areas, strict=True)
                if knows_venue(s, i, spec_)
            }
            known = set(VENUES.known(account).values_list("pk", flat=True))
            admitted = {a.pk for a in world.areas if VENUES.may_know(account, a)}
            listed = {a.pk for a in queries.venues(account)}
            assert known == admitted == listed == expected, (who, known, expected)

    in_rolled_back_world(build, spec, check)
