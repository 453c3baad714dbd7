"""The visitors' and the access log's policies (``areas.policies.VISITORS``, ``ENTRIES``) held
to a brute-force oracle over random worlds (tests/access/people.py), like
tests/people/test_policy_properties.py. The oracle restates the rules from the generated data:

- a visitor: the security office (the security officer's role, the account active, its
  password its own) knows every visitor of its organisation; a knowing person (a knowing
  role, the account active, the person employed) the visitors of their organisation they
  host; nobody another organisation's;
- an entry: the office every entry of its organisation; a knowing person the entries of the
  areas of their organisation they keep."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import pytest
from django.utils import timezone
from hypothesis import example, given
from hypothesis import strategies as st

from baomi.access.roles import Role
from baomi.areas.models import AreaEntry, AreaKind, IdKind, SecureArea, Visitor
from baomi.areas.policies import ENTRIES, VISITORS
from baomi.core.levels import Level
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
class RecordSpec:
    org: int
    host: int  # the visitor's host (index into the people)
    keeper: int  # the keeper of the area the entry is into


@dataclass
class WorldSpec:
    people: list[PersonSpec]
    records: list[RecordSpec]


@st.composite
def worlds(draw: st.DrawFn) -> WorldSpec:
    people = draw(person_specs())
    anyone = st.integers(0, len(people) - 1)
    records = [
        RecordSpec(org=draw(st.sampled_from([0, 0, 1])), host=draw(anyone), keeper=draw(anyone))
        for _i in range(draw(st.integers(0, 6)))
    ]
    return WorldSpec(people, records)


@dataclass
class Built:
    spec: WorldSpec
    who: People
    visitors: list[Visitor]
    entries: list[AreaEntry]


def build(spec: WorldSpec) -> Built:
    """Written straight to the database (tests may; the product may not)."""
    who = build_people(spec.people)
    visitors, entries = [], []
    now = timezone.now()
    for k, r in enumerate(spec.records):
        org = who.orgs[r.org]
        by = who.accounts[0]
        guest = Visitor.objects.create(
            organisation=org,
            name=f"访客{k}",
            id_kind=IdKind.PASSPORT,
            id_number=f"P{k}",
            unit="某单位",
            host=who.people[r.host],
            purpose="来访",
            arrived_at=now,
            registered_by=by,
        )
        area = SecureArea.objects.create(
            organisation=org,
            name=f"要害部位{k}",
            kind=AreaKind.ARCHIVE_ROOM,
            level=Level.SECRET,
            department=who.departments[r.org][0],
            keeper=who.people[r.keeper],
        )
        entries.append(
            AreaEntry.objects.create(
                organisation=org,
                area=area,
                visitor=guest,
                purpose="检查",
                entered_at=now - datetime.timedelta(minutes=1),
                recorded_by=by,
            )
        )
        visitors.append(guest)
    return Built(spec, who, visitors, entries)


def knows(spec: WorldSpec, i: int, org: int, named: int) -> bool:
    me = spec.people[i]
    if org != me.org:
        return False
    return security_officer(me) or (knows_as_person(me) and i == named)


_R = Role
EVERY_CASE = example(
    spec=WorldSpec(
        people=[
            PersonSpec(0, 0, _R.SECURITY_OFFICER, True, True, False),  # 0 the office
            PersonSpec(1, 0, _R.SECURITY_OFFICER, True, True, False),  # 1 the other office
            PersonSpec(0, 1, _R.STAFF, True, True, False),  # 2 a host and keeper
            PersonSpec(0, 0, _R.SECURITY_OFFICER, True, True, True),  # 3 password not own
            PersonSpec(0, 0, _R.STAFF, True, False, False),  # 4 deactivated
            PersonSpec(0, 0, _R.SYSADMIN, True, True, False),  # 5 the system administrator
            PersonSpec(0, 0, _R.AUDITOR, True, True, False),  # 6 the auditor
            PersonSpec(0, 2, _R.STAFF, False, True, False),  # 7 has left
        ],
        records=[
            RecordSpec(0, 2, 2),  # hosted and kept by the staff
            RecordSpec(1, 2, 2),  # abroad, naming ours
            RecordSpec(0, 5, 6),  # the administrators'
            RecordSpec(0, 7, 3),  # of one who left, kept by one whose password is not theirs
            RecordSpec(0, 4, 0),  # a deactivated host, kept by the office
        ],
    )
)


@pytest.mark.django_db
@PROPERTY
@EVERY_CASE
@given(spec=worlds())
def test_the_visitors_and_entries_policies_equal_the_oracle__AREA_ACCESS(spec: WorldSpec) -> None:
    def check(world: Built) -> None:
        s = world.spec
        for i, account in enumerate(world.who.accounts):
            expected = {
                v.pk
                for v, r in zip(world.visitors, s.records, strict=True)
                if knows(s, i, r.org, r.host)
            }
            known = set(VISITORS.known(account).values_list("pk", flat=True))
            admitted = {v.pk for v in world.visitors if VISITORS.may_know(account, v)}
            assert known == admitted == expected, (i, known, expected)
            expected = {
                e.pk
                for e, r in zip(world.entries, s.records, strict=True)
                if knows(s, i, r.org, r.keeper)
            }
            known = set(ENTRIES.known(account).values_list("pk", flat=True))
            admitted = {e.pk for e in world.entries if ENTRIES.may_know(account, e)}
            assert known == admitted == expected, (i, known, expected)

    in_rolled_back_world(build, spec, check)
