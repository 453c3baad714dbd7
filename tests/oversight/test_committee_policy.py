"""The security committee meetings' policy (``oversight.policies.COMMITTEE_MEETINGS``) held to
a brute-force oracle over random worlds (tests/access/people.py): two organisations, people of
every role, employment and account state, committee seats (chair or member, current or
ended, or begun later) and meetings of either organisation attended by anyone. The oracle,
from the generated data alone: whoever knows as their person (a knowing role, the account and
the person active) with their password their own, of the meeting's organisation, knows it when
they are the security office (the security officer's role), sit on the committee today, or
attended it; nobody else, never another organisation's."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import timezone
from hypothesis import example, given
from hypothesis import strategies as st

from baomi.access.roles import Role
from baomi.org.models import SecurityAppointment, StaffRole
from baomi.oversight.models import CommitteeMeeting
from baomi.oversight.policies import COMMITTEE_MEETINGS
from tests.access.people import (
    PROPERTY,
    People,
    PersonSpec,
    build_people,
    in_rolled_back_world,
    knows_as_person,
    person_specs,
)

# A seat: (person index, role, state) — current, ended yesterday, or beginning tomorrow.
SEAT_STATES = ("current", "ended", "future")


@dataclass
class WorldSpec:
    people: list[PersonSpec]
    seats: list[tuple[int, str, str]]
    meetings: list[tuple[int, frozenset[int]]]  # organisation, attendees (indexes)


@st.composite
def worlds(draw: st.DrawFn) -> WorldSpec:
    people = draw(person_specs())
    anyone = st.integers(0, len(people) - 1)
    seats = [
        (
            draw(anyone),
            draw(st.sampled_from([StaffRole.COMMITTEE_CHAIR, StaffRole.COMMITTEE_MEMBER])),
            draw(st.sampled_from(SEAT_STATES)),
        )
        for _i in range(draw(st.integers(0, 3)))
    ]
    meetings = [
        (draw(st.sampled_from([0, 0, 1])), frozenset(draw(st.lists(anyone, max_size=3))))
        for _i in range(draw(st.integers(0, 4)))
    ]
    return WorldSpec(people, seats, meetings)


@dataclass
class Built:
    spec: WorldSpec
    who: People
    meetings: list[CommitteeMeeting]


def build(spec: WorldSpec) -> Built:
    who = build_people(spec.people)
    today = timezone.localdate()
    day = datetime.timedelta(days=1)
    for index, role, state in spec.seats:
        person = who.people[index]
        SecurityAppointment.objects.create(
            organisation_id=person.organisation_id,
            person=person,
            role=role,
            since=today + day if state == "future" else today - 30 * day,
            until=today - day if state == "ended" else None,
        )
    meetings = []
    for org, attendees in spec.meetings:
        recorder = who.accounts[0]
        meeting = CommitteeMeeting.objects.create(
            organisation=who.orgs[org],
            held_on=today,
            agenda="议题",
            recorded_by=recorder,
            recorded_at=timezone.now(),
        )
        meeting.attendees.set([who.people[i] for i in attendees])
        meetings.append(meeting)
    return Built(spec, who, meetings)


def oracle(spec: WorldSpec, viewer: int, meeting: int) -> bool:
    p = spec.people[viewer]
    org, attendees = spec.meetings[meeting]
    if not knows_as_person(p) or p.must_change or p.org != org:
        return False
    if p.role == Role.SECURITY_OFFICER:
        return True
    if any(i == viewer and state == "current" for i, _role, state in spec.seats):
        return True
    return viewer in attendees


def check(built: Built) -> None:
    for viewer, account in enumerate(built.who.accounts):
        known = set(COMMITTEE_MEETINGS.known(account).values_list("pk", flat=True))
        for n, meeting in enumerate(built.meetings):
            expected = oracle(built.spec, viewer, n)
            assert COMMITTEE_MEETINGS.may_know(account, meeting) is expected, (viewer, n)
            assert (meeting.pk in known) is expected, (viewer, n)


def _p(org: int, role: str, **kw: bool) -> PersonSpec:
    values = {"active": True, "account_active": True, "must_change": False, **kw}
    return PersonSpec(org=org, dept=0, role=role, **values)


EVERY_CASE = WorldSpec(
    people=[
        _p(0, Role.SECURITY_OFFICER),  # 0 the office: every meeting of its organisation
        _p(0, Role.LEADER),  # 1 the chair: every meeting
        _p(0, Role.STAFF),  # 2 attended meeting 0 only
        _p(0, Role.STAFF),  # 3 a member whose seat ended: attended nothing
        _p(0, Role.LEADER),  # 4 a member from tomorrow: nothing yet
        _p(0, Role.AUDITOR),  # 5 attended, but never knows as a person
        _p(0, Role.STAFF, active=False),  # 6 attended, has left
        _p(0, Role.SECURITY_OFFICER, must_change=True),  # 7 password not their own
        _p(1, Role.SECURITY_OFFICER),  # 8 the other organisation's office
        _p(1, Role.STAFF),  # 9 attended meeting 0 across organisations (not possible, named)
    ],
    seats=[
        (1, StaffRole.COMMITTEE_CHAIR, "current"),
        (3, StaffRole.COMMITTEE_MEMBER, "ended"),
        (4, StaffRole.COMMITTEE_MEMBER, "future"),
    ],
    meetings=[(0, frozenset({2, 5, 6, 9})), (0, frozenset({1})), (1, frozenset({9}))],
)


@PROPERTY
@given(spec=worlds())
@example(spec=EVERY_CASE)
def test_committee_meetings_are_known_as_the_oracle_says__COMMITTEE(db, spec):
    in_rolled_back_world(build, spec, check)


def test_the_explicit_example_holds_every_grant_and_exclusion__COMMITTEE(db):
    spec = EVERY_CASE
    grid = {(v, m): oracle(spec, v, m) for v in range(len(spec.people)) for m in range(3)}
    assert grid[0, 0] and grid[0, 1] and not grid[0, 2]
    assert grid[1, 0] and grid[1, 1]
    assert grid[2, 0] and not grid[2, 1]
    assert not any(grid[v, m] for v in (3, 4, 5, 6, 7) for m in range(3))
    assert grid[8, 2] and not grid[8, 0]
    assert grid[9, 2] and not grid[9, 0]
    in_rolled_back_world(build, spec, check)
