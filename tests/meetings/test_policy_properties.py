"""The meetings' policy (``baomi.meetings.policies.MEETINGS``) held to a brute-force oracle over
random worlds, like tests/people/test_policy_properties.py.

Each example builds two organisations with people of random roles, employment, accounts and
clearances (tests/access/people.py, then each person's clearance drawn) and meetings of either
organisation at random levels, organised by anyone and listing anyone — written directly to
the database inside a savepoint rolled back afterwards. The oracle restates the rule from the
generated data alone: an account knows a meeting when it acts as its person (a knowing role,
the account active, the person employed), of the meeting's organisation, cleared for its
level, and either organises meetings (the security officer's or the clerk's role, the
password its own) or is the meeting's organiser or a person on its list."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import pytest
from django.utils import timezone
from hypothesis import example, given
from hypothesis import strategies as st

from baomi.access.roles import Role
from baomi.areas.models import SecureArea
from baomi.core.levels import Clearance, Level
from baomi.meetings.models import Attendee, Meeting
from baomi.meetings.policies import MEETINGS
from baomi.meetings.queries import meetings as queries
from baomi.org.models import Person
from tests.access.people import (
    PROPERTY,
    People,
    PersonSpec,
    build_people,
    in_rolled_back_world,
    knows_as_person,
    person_specs,
)

CLEARANCES = [Clearance.NONE, Clearance.GENERAL, Clearance.IMPORTANT, Clearance.CORE]
LEVELS = [Level.CONFIDENTIAL, Level.SECRET, Level.TOP_SECRET]


@dataclass(frozen=True)
class MeetingSpec:
    org: int
    level: int
    organiser: int  # index into the people (of either organisation)
    listed: frozenset[int]


@dataclass
class WorldSpec:
    people: list[PersonSpec]
    clearances: list[int]
    meetings: list[MeetingSpec]


@st.composite
def worlds(draw: st.DrawFn) -> WorldSpec:
    people = draw(person_specs())
    anyone = st.integers(0, len(people) - 1)
    clearances = [draw(st.sampled_from(CLEARANCES)) for _p in people]
    meetings = [
        MeetingSpec(
            org=draw(st.sampled_from([0, 0, 1])),
            level=draw(st.sampled_from(LEVELS)),
            organiser=draw(anyone),
            listed=frozenset(draw(st.lists(anyone, max_size=4))),
        )
        for _i in range(draw(st.integers(0, 5)))
    ]
    return WorldSpec(people, clearances, meetings)


@dataclass
class Built:
    spec: WorldSpec
    who: People
    meetings: list[Meeting]


def build(spec: WorldSpec) -> Built:
    """Write the world straight to the database (tests may; the product may not)."""
    who = build_people(spec.people)
    for person, clearance in zip(who.people, spec.clearances, strict=True):
        Person.objects.filter(pk=person.pk).update(clearance=clearance)
    for account in who.accounts:
        account.person.refresh_from_db()
    rooms = [
        SecureArea.objects.create(
            organisation=org,
            name="会议室",
            kind="meeting_room",
            level=Level.TOP_SECRET,
            department=who.departments[n][0],
            keeper=who.people[0],
        )
        for n, org in enumerate(who.orgs)
    ]
    start = timezone.now()
    meetings = []
    for m in spec.meetings:
        meeting = Meeting.objects.create(
            organisation=who.orgs[m.org],
            title="会议",
            level=m.level,
            organiser=who.people[m.organiser],
            department=who.departments[m.org][0],
            venue=rooms[m.org],
            starts_at=start,
            ends_at=start + datetime.timedelta(hours=1),
            created_by=who.accounts[0],
        )
        for i in m.listed:
            Attendee.objects.create(meeting=meeting, person=who.people[i], added_by=who.accounts[0])
        meetings.append(meeting)
    return Built(spec, who, meetings)


def organiser_role(p: PersonSpec) -> bool:
    """The account organises meetings now: the officer's or the clerk's role, active, its
    password its own (AUTH-PASSWORD)."""
    return p.role in (Role.SECURITY_OFFICER, Role.CLERK) and p.account_active and not p.must_change


def knows(spec: WorldSpec, i: int, m: MeetingSpec) -> bool:
    """The meetings' rule, from the generated data alone."""
    me = spec.people[i]
    if not knows_as_person(me) or me.org != m.org or spec.clearances[i] < m.level:
        return False
    return organiser_role(me) or m.organiser == i or i in m.listed


_R = Role
EVERY_CASE = example(
    spec=WorldSpec(
        people=[
            PersonSpec(0, 0, _R.SECURITY_OFFICER, True, True, False),  # 0 the office
            PersonSpec(1, 0, _R.CLERK, True, True, False),  # 1 the other organisation's clerk
            PersonSpec(0, 1, _R.STAFF, True, True, False),  # 2 listed
            PersonSpec(0, 0, _R.CLERK, True, True, True),  # 3 password not own
            PersonSpec(0, 0, _R.STAFF, True, False, False),  # 4 deactivated, listed
            PersonSpec(0, 0, _R.SYSADMIN, True, True, False),  # 5 the system administrator
            PersonSpec(0, 0, _R.AUDITOR, True, True, False),  # 6 the auditor, listed
            PersonSpec(0, 2, _R.STAFF, False, True, False),  # 7 has left, listed
            PersonSpec(0, 1, _R.LEADER, True, True, False),  # 8 the organiser
            PersonSpec(0, 1, _R.CLERK, True, True, False),  # 9 a clerk cleared too low
            PersonSpec(0, 1, _R.STAFF, True, True, False),  # 10 listed, cleared too low
        ],
        clearances=[
            Clearance.CORE,
            Clearance.CORE,
            Clearance.IMPORTANT,
            Clearance.CORE,
            Clearance.CORE,
            Clearance.CORE,
            Clearance.CORE,
            Clearance.CORE,
            Clearance.CORE,
            Clearance.GENERAL,
            Clearance.GENERAL,
        ],
        meetings=[
            MeetingSpec(0, Level.SECRET, 8, frozenset({2, 4, 6, 7, 10})),
            MeetingSpec(1, Level.CONFIDENTIAL, 1, frozenset({2})),  # abroad, naming ours
            MeetingSpec(0, Level.TOP_SECRET, 8, frozenset({2})),  # above the listed one
        ],
    )
)


@pytest.mark.django_db
@PROPERTY
@EVERY_CASE
@given(spec=worlds())
def test_the_meetings_policy_equals_the_oracle(spec: WorldSpec) -> None:
    """``known``, ``may_know``, the list query and the oracle agree for every account."""

    def check(world: Built) -> None:
        s = world.spec
        for i, account in enumerate(world.who.accounts):
            expected = {
                meeting.pk
                for meeting, m in zip(world.meetings, s.meetings, strict=True)
                if knows(s, i, m)
            }
            known = set(MEETINGS.known(account).values_list("pk", flat=True))
            admitted = {m.pk for m in world.meetings if MEETINGS.may_know(account, m)}
            listed = set(queries.meetings(account).values_list("pk", flat=True))
            assert known == admitted == listed == expected, (s.people[i], i, known, expected)

    in_rolled_back_world(build, spec, check)
