"""The meeting papers', minutes' and readings' policies (``baomi.meetings.policies``:
``PAPERS``, ``MINUTES``, ``READINGS``) held to a brute-force oracle over random worlds, like
tests/meetings/test_policy_properties.py (whose worlds of meetings this extends).

Each example builds two organisations with people of random roles, employment, accounts and
clearances, meetings of either organisation at random levels organised by anyone and listing
anyone, and on them: papers (a numbered copy of a document of the meeting's organisation,
handed to a listed person or a visitor, still out or accounted for), minutes kept by anyone,
and readings of them by anyone — written directly to the database inside a savepoint rolled
back afterwards. The oracle restates the rules from the generated data alone:

- a paper (MEET-DOCS): whoever knows its meeting (the meetings' oracle: knowing as their
  person, of the meeting's organisation, cleared for its level, and organising meetings or
  the meeting's organiser or on its list) and either organises meetings (the security
  officer's or the clerk's role, the password its own), or is the meeting's organiser, or is
  the person the paper was handed to — not another attendee, not the copy's custodian;
- minutes (MEET-MINUTES): whoever knows the meeting — keeping them grants nothing more;
- a reading of minutes: whoever knows the minutes — having read them grants nothing more."""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import pytest
from django.utils import timezone
from hypothesis import example, given
from hypothesis import strategies as st

from baomi.access.roles import Role
from baomi.areas.models import Visitor
from baomi.carriers.models import Copy, CopyState, Document
from baomi.core.levels import Clearance, Level
from baomi.meetings.models import Attendee, MeetingPaper, Minutes, MinutesReading, PaperHandling
from baomi.meetings.policies import MINUTES, PAPERS, READINGS
from baomi.meetings.queries import minutes as minutes_queries
from baomi.meetings.queries import papers as paper_queries
from tests.access.people import PROPERTY, PersonSpec, in_rolled_back_world, person_specs
from tests.meetings.test_policy_properties import (
    CLEARANCES,
    LEVELS,
    MeetingSpec,
    knows,
    organiser_role,
)
from tests.meetings.test_policy_properties import Built as MeetingsBuilt
from tests.meetings.test_policy_properties import WorldSpec as MeetingsSpec
from tests.meetings.test_policy_properties import build as build_meetings

_numbers = itertools.count(1)


@dataclass(frozen=True)
class PaperSpec:
    meeting: int  # index into the meetings
    to: int | None  # index into the people (one listed on the meeting), None: a visitor
    custodian: int  # the copy's custodian (index into the people)
    accounted: bool  # collected back, or still out


@dataclass(frozen=True)
class MinutesSpec:
    meeting: int
    custodian: int
    readers: tuple[int, ...]


@dataclass
class WorldSpec:
    people: list[PersonSpec]
    clearances: list[int]
    meetings: list[MeetingSpec]
    papers: list[PaperSpec]
    minutes: list[MinutesSpec]  # at most one per meeting


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
        for _i in range(draw(st.integers(1, 4)))
    ]
    papers = []
    for k, m in enumerate(meetings):
        to = st.sampled_from([*sorted(m.listed), None])
        papers += [
            PaperSpec(k, draw(to), draw(anyone), draw(st.booleans()))
            for _i in range(draw(st.integers(0, 3)))
        ]
    minutes = [
        MinutesSpec(k, draw(anyone), tuple(draw(st.lists(anyone, max_size=3))))
        for k in draw(st.sets(st.integers(0, len(meetings) - 1)))
    ]
    return WorldSpec(people, clearances, meetings, papers, minutes)


@dataclass
class Built:
    spec: WorldSpec
    base: MeetingsBuilt
    papers: list[MeetingPaper]
    minutes: list[Minutes]
    readings: list[tuple[int, MinutesReading]]  # (index into the minutes, the reading)


def meetings_of(spec: WorldSpec) -> MeetingsSpec:
    """The world of meetings underneath (tests/meetings/test_policy_properties.py)."""
    return MeetingsSpec(spec.people, spec.clearances, spec.meetings)


def build(spec: WorldSpec) -> Built:
    """Write the world straight to the database (tests may; the product may not)."""
    base = build_meetings(meetings_of(spec))
    who, now = base.who, timezone.now()
    papers = []
    for p in spec.papers:
        meeting, m = base.meetings[p.meeting], spec.meetings[p.meeting]
        org = who.orgs[m.org]
        if p.to is None:
            visitor = Visitor.objects.create(
                organisation=org,
                name="来访者",
                id_kind="id_card",
                id_number="110101199001011234",
                unit="某研究所",
                host=who.people[m.organiser],
                purpose="列席会议",
                registered_by=who.accounts[0],
                arrived_at=now,
            )
            attendee = Attendee.objects.create(
                meeting=meeting, visitor=visitor, added_by=who.accounts[0]
            )
        else:
            attendee = Attendee.objects.get(meeting=meeting, person=who.people[p.to])
        n = next(_numbers)
        document = Document.objects.create(
            organisation=org,
            level=m.level,
            number=f"会文{n}",
            title=f"会议文件{n}",
            registered_by=who.accounts[0],
            registered_at=now,
        )
        copy = Copy.objects.create(
            organisation=org,
            document=document,
            number=1,
            custodian=who.people[p.custodian],
            holder=None if p.accounted else attendee.person,
            state=CopyState.WITH_CUSTODIAN if p.accounted else CopyState.AT_MEETING,
            updated_at=now,
        )
        papers.append(
            MeetingPaper.objects.create(
                meeting=meeting,
                copy=copy,
                attendee=attendee,
                collect_at_once=m.level == Level.TOP_SECRET,
                handed_at=now,
                handed_by=who.accounts[0],
                handling=PaperHandling.COLLECTED if p.accounted else "",
                handled_at=now if p.accounted else None,
                handled_by=who.accounts[0] if p.accounted else None,
            )
        )
    minutes, readings = [], []
    for j, r in enumerate(spec.minutes):
        item = Minutes.objects.create(
            meeting=base.meetings[r.meeting],
            custodian=who.people[r.custodian],
            body="会议记录",
            recorded_by=who.accounts[0],
            recorded_at=now,
        )
        minutes.append(item)
        readings += [
            (j, MinutesReading.objects.create(minutes=item, reader=who.people[i], read_at=now))
            for i in r.readers
        ]
    return Built(spec, base, papers, minutes, readings)


def knows_paper(spec: WorldSpec, i: int, p: PaperSpec) -> bool:
    """MEET-DOCS' paper register, from the generated data alone."""
    m = spec.meetings[p.meeting]
    if not knows(meetings_of(spec), i, m):
        return False
    return organiser_role(spec.people[i]) or m.organiser == i or p.to == i


def knows_minutes(spec: WorldSpec, i: int, r: MinutesSpec) -> bool:
    """MEET-MINUTES: the minutes are known with their meeting."""
    return knows(meetings_of(spec), i, spec.meetings[r.meeting])


_R = Role
EVERY_CASE = example(
    spec=WorldSpec(
        people=[
            PersonSpec(0, 0, _R.SECURITY_OFFICER, True, True, False),  # 0 the office
            PersonSpec(1, 0, _R.CLERK, True, True, False),  # 1 the other organisation's clerk
            PersonSpec(0, 1, _R.STAFF, True, True, False),  # 2 listed, handed paper 0
            PersonSpec(0, 0, _R.CLERK, True, True, True),  # 3 password not own, listed
            PersonSpec(0, 0, _R.STAFF, True, False, False),  # 4 deactivated, handed paper 1
            PersonSpec(0, 0, _R.SYSADMIN, True, True, False),  # 5 the system administrator
            PersonSpec(0, 0, _R.AUDITOR, True, True, False),  # 6 the auditor, listed
            PersonSpec(0, 2, _R.STAFF, False, True, False),  # 7 has left, handed paper 2
            PersonSpec(0, 1, _R.LEADER, True, True, False),  # 8 the organiser
            PersonSpec(0, 1, _R.CLERK, True, True, False),  # 9 a clerk cleared too low
            PersonSpec(0, 1, _R.STAFF, True, True, False),  # 10 handed paper 3, cleared too low
            PersonSpec(0, 0, _R.STAFF, True, True, False),  # 11 listed, handed nothing
            PersonSpec(0, 0, _R.CLERK, True, True, False),  # 12 the clerk, not listed
            PersonSpec(0, 0, _R.STAFF, True, True, False),  # 13 keeps copies and minutes, reads
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
            Clearance.CORE,
            Clearance.CORE,
            Clearance.CORE,
        ],
        meetings=[
            MeetingSpec(0, Level.SECRET, 8, frozenset({2, 3, 4, 6, 7, 10, 11})),
            MeetingSpec(1, Level.CONFIDENTIAL, 1, frozenset({2})),  # abroad, naming ours
            MeetingSpec(0, Level.TOP_SECRET, 8, frozenset({2})),  # above the listed one
        ],
        papers=[
            PaperSpec(0, 2, 13, False),
            PaperSpec(0, 4, 13, False),
            PaperSpec(0, 7, 13, True),
            PaperSpec(0, 10, 13, False),
            PaperSpec(0, None, 13, False),  # to a visitor
            PaperSpec(0, 3, 13, True),
            PaperSpec(1, 2, 13, False),  # abroad, to ours
            PaperSpec(2, 2, 13, False),  # to someone cleared too low for it
        ],
        minutes=[
            MinutesSpec(0, 13, (13, 2, 10)),
            MinutesSpec(1, 13, (2,)),
            MinutesSpec(2, 13, (2, 0)),
        ],
    )
)


@pytest.mark.django_db
@PROPERTY
@EVERY_CASE
@given(spec=worlds())
def test_the_papers_policy_equals_the_oracle__MEET_DOCS(spec: WorldSpec) -> None:
    """``known``, ``may_know``, the paper register and the oracle agree for every account."""

    def check(world: Built) -> None:
        s = world.spec
        for i, account in enumerate(world.base.who.accounts):
            expected = {
                paper.pk
                for paper, p in zip(world.papers, s.papers, strict=True)
                if knows_paper(s, i, p)
            }
            known = set(PAPERS.known(account).values_list("pk", flat=True))
            admitted = {p.pk for p in world.papers if PAPERS.may_know(account, p)}
            registers = {
                paper.pk
                for meeting in world.base.meetings
                for paper in paper_queries.papers(account, meeting)
            }
            assert known == admitted == registers == expected, (s.people[i], i, known, expected)

    in_rolled_back_world(build, spec, check)


@pytest.mark.django_db
@PROPERTY
@EVERY_CASE
@given(spec=worlds())
def test_the_minutes_and_readings_policies_equal_the_oracle__MEET_MINUTES(
    spec: WorldSpec,
) -> None:
    """``MINUTES`` and ``READINGS``: ``known``, ``may_know``, the minutes' reads and the oracle
    agree for every account."""

    def check(world: Built) -> None:
        s = world.spec
        for i, account in enumerate(world.base.who.accounts):
            expected = {
                item.pk
                for item, r in zip(world.minutes, s.minutes, strict=True)
                if knows_minutes(s, i, r)
            }
            known = set(MINUTES.known(account).values_list("pk", flat=True))
            admitted = {m.pk for m in world.minutes if MINUTES.may_know(account, m)}
            found = {
                found.pk
                for meeting in world.base.meetings
                if (found := minutes_queries.of_meeting(account, meeting)) is not None
            }
            assert known == admitted == found == expected, (s.people[i], i, known, expected)

            read = {r.pk for j, r in world.readings if world.minutes[j].pk in expected}
            known = set(READINGS.known(account).values_list("pk", flat=True))
            admitted = {r.pk for _j, r in world.readings if READINGS.may_know(account, r)}
            listed = {
                r.pk for item in world.minutes for r in minutes_queries.readings(account, item)
            }
            assert known == admitted == listed == read, (s.people[i], i, known, read)

    in_rolled_back_world(build, spec, check)
