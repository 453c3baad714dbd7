"""The self-inspections' policy (``oversight.policies.INSPECTIONS``) held to a brute-force
oracle over random worlds (tests/access/people.py), like tests/people/test_policy_properties.py.

The oracle, from the generated data alone: an inspection is known to whoever knows as their
person (a knowing role, the account active, the person employed) in its organisation, when
they are of the security office (the security officer's role, the password their own:
OVERSEE), its inspector, the person it inspects, or the head of the department it inspects;
never to anyone of another organisation."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import timezone
from hypothesis import example, given
from hypothesis import strategies as st

from baomi.oversight.models import Checklist, Inspection, InspectionKind
from baomi.oversight.policies import INSPECTIONS
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
class InspectionSpec:
    org: int
    dept: int  # index into the organisation's departments, or -1: a person's inspection
    inspector: int
    person: int
    head: int  # the department's head (-1: none)


@dataclass
class WorldSpec:
    people: list[PersonSpec]
    inspections: list[InspectionSpec]


@st.composite
def worlds(draw: st.DrawFn) -> WorldSpec:
    people = draw(person_specs())
    anyone = st.integers(0, len(people) - 1)
    found = []
    for _i in range(draw(st.integers(0, 6))):
        org = draw(st.sampled_from([0, 0, 1]))
        found.append(
            InspectionSpec(
                org=org,
                dept=draw(st.sampled_from([-1, 0, 1])),
                inspector=draw(anyone),
                person=draw(anyone),
                head=draw(st.sampled_from([-1]) | anyone),
            )
        )
    return WorldSpec(people, found)


@dataclass
class Built:
    spec: WorldSpec
    who: People
    inspections: list[Inspection]


def build(spec: WorldSpec) -> Built:
    who = build_people(spec.people)
    checklist = Checklist.objects.get(organisation=None, kind=InspectionKind.DEPARTMENT_MONTHLY)
    made = []
    for k, s in enumerate(spec.inspections):
        department = who.departments[s.org][s.dept] if s.dept >= 0 else None
        if department is not None:
            department.head = who.people[s.head] if s.head >= 0 else None
            department.save(update_fields=["head"])
        made.append(
            Inspection.objects.create(
                organisation=who.orgs[s.org],
                kind=InspectionKind.DEPARTMENT_MONTHLY
                if department
                else InspectionKind.PERSON_MONTHLY,
                checklist=checklist,
                department=department,
                person=None if department else who.people[s.person],
                period_start=datetime.date(2000 + k, 1, 1),
                period_end=datetime.date(2000 + k, 1, 31),
                inspector=who.people[s.inspector],
                opened_at=timezone.now(),
                opened_by=who.accounts[s.inspector],
            )
        )
    return Built(spec, who, made)


def knows(spec: WorldSpec, heads: dict[tuple[int, int], int], i: int, s: InspectionSpec) -> bool:
    me = spec.people[i]
    if not knows_as_person(me) or me.org != s.org:
        return False
    if security_officer(me):
        return True
    if i == s.inspector:
        return True
    if s.dept < 0:
        return i == s.person
    return heads.get((s.org, s.dept)) == i


def check(built: Built) -> None:
    spec = built.spec
    # A department's head is the last one written for it.
    heads: dict[tuple[int, int], int] = {}
    for s in spec.inspections:
        if s.dept >= 0:
            heads[(s.org, s.dept)] = s.head
    for item in built.inspections:
        item.refresh_from_db()
    for i, account in enumerate(built.who.accounts):
        account.refresh_from_db()
        expected = {
            built.inspections[k].pk
            for k, s in enumerate(spec.inspections)
            if knows(spec, heads, i, s)
        }
        assert set(INSPECTIONS.known(account).values_list("pk", flat=True)) == expected
        assert {x.pk for x in built.inspections if INSPECTIONS.may_know(account, x)} == expected


EVERY_CASE = WorldSpec(
    people=[
        PersonSpec(0, 0, "security_officer", True, True, False),  # the office: all of org 0
        PersonSpec(0, 0, "staff", True, True, False),  # inspector
        PersonSpec(0, 1, "leader", True, True, False),  # head of department 1
        PersonSpec(0, 1, "staff", True, True, False),  # the person inspected
        PersonSpec(0, 1, "staff", True, True, False),  # nobody to these
        PersonSpec(1, 0, "security_officer", True, True, False),  # another organisation
        PersonSpec(0, 0, "security_officer", True, True, True),  # password not its own
        PersonSpec(0, 0, "staff", False, True, False),  # left: inspector no more
        PersonSpec(0, 0, "auditor", True, True, False),  # never knows
    ],
    inspections=[
        InspectionSpec(0, 1, 1, 0, 2),
        InspectionSpec(0, -1, 3, 3, -1),
        InspectionSpec(0, 0, 7, 0, -1),
        InspectionSpec(1, 0, 5, 0, -1),
    ],
)


@PROPERTY
@given(worlds())
@example(EVERY_CASE)
def test_inspections_are_known_to_the_office_the_inspector_the_head_and_the_person__INSP_MONTHLY(
    db, spec
):
    in_rolled_back_world(build, spec, check)
