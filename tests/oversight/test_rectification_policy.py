"""The rectifications' policy (``oversight.policies.RECTIFICATIONS``, INSP-RECTIFY) held to a
brute-force oracle over random worlds (tests/access/people.py): two organisations, the first
with a sub-department under its first department, random department heads, and tasks of either
organisation naming anyone as owner and as the inspector of their source inspection.

The oracle, from the generated data alone: a person who knows as their person (a knowing role,
the account active, the person employed) with their password their own knows a task of their
organisation when they are of the security office (the security officer), own it, inspected
its source, or head its department or the department above it; nobody knows another
organisation's."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import pytest
from django.utils import timezone
from hypothesis import example, given
from hypothesis import strategies as st

from baomi.access.roles import Role
from baomi.org.models import Department
from baomi.oversight.models import (
    Answer,
    Checklist,
    ChecklistItem,
    Inspection,
    InspectionKind,
    Rectification,
    Verdict,
)
from baomi.oversight.policies import RECTIFICATIONS
from tests.access.people import (
    PARENT,
    PROPERTY,
    SUB,
    People,
    PersonSpec,
    build_people,
    departments_of,
    draw_heads,
    in_rolled_back_world,
    knows_as_person,
    person_specs,
    security_officer,
)


@dataclass(frozen=True)
class TaskSpec:
    org: int
    dept: int
    owner: int
    inspector: int | None


@dataclass
class WorldSpec:
    people: list[PersonSpec]
    heads: dict[tuple[int, int], int]  # (org, department) → person index
    tasks: list[TaskSpec]


@st.composite
def worlds(draw: st.DrawFn) -> WorldSpec:
    people = draw(person_specs())
    anyone = st.integers(0, len(people) - 1)
    heads = draw_heads(draw, anyone)
    tasks = []
    for _i in range(draw(st.integers(0, 6))):
        org = draw(st.sampled_from([0, 0, 1]))
        tasks.append(
            TaskSpec(
                org=org,
                dept=draw(st.integers(0, departments_of(org) - 1)),
                owner=draw(anyone),
                inspector=draw(st.none() | anyone),
            )
        )
    return WorldSpec(people, heads, tasks)


@dataclass
class Built:
    spec: WorldSpec
    who: People
    tasks: list[Rectification]


def build(spec: WorldSpec) -> Built:
    """Write the world straight to the database (tests may; the product may not)."""
    who = build_people(spec.people)
    first = who.departments[0][0]
    sub = Department.objects.create(
        organisation=who.orgs[0], parent=first, name="下级部门", path=""
    )
    sub.path = f"{first.path}{sub.pk}/"
    sub.save(update_fields=["path"])
    who.departments[0].append(sub)
    for (org, d), person in spec.heads.items():
        Department.objects.filter(pk=who.departments[org][d].pk).update(head=who.people[person])
    checklist = Checklist.objects.create(name="清单", kind=InspectionKind.DEPARTMENT_MONTHLY)
    item = ChecklistItem.objects.create(checklist=checklist, text="问题", rule_id="DEV-AIRGAP")
    today = timezone.localdate()
    tasks = []
    for t in spec.tasks:
        answer = None
        if t.inspector is not None:
            inspection = Inspection.objects.create(
                organisation=who.orgs[t.org],
                kind=InspectionKind.DEPARTMENT_MONTHLY,
                checklist=checklist,
                department=who.departments[t.org][t.dept],
                period_start=today,
                period_end=today,
                inspector=who.people[t.inspector],
                opened_at=timezone.now(),
                opened_by=who.accounts[t.inspector],
            )
            answer = Answer.objects.create(
                inspection=inspection, item=item, verdict=Verdict.PROBLEM
            )
        tasks.append(
            Rectification.objects.create(
                organisation=who.orgs[t.org],
                answer=answer,
                rule_id="DEV-AIRGAP",
                description="整改",
                owner=who.people[t.owner],
                department=who.departments[t.org][t.dept],
                due=today + datetime.timedelta(days=1),
                created_at=timezone.now(),
            )
        )
    return Built(spec, who, tasks)


def knows(spec: WorldSpec, i: int, t: TaskSpec) -> bool:
    """INSP-RECTIFY's readers, from the generated data alone."""
    me = spec.people[i]
    if t.org != me.org or not knows_as_person(me) or me.must_change:
        return False
    if security_officer(me) or t.owner == i or t.inspector == i:
        return True
    line = {t.dept, PARENT.get(t.dept, t.dept)} if t.org == 0 else {t.dept}
    return any(spec.heads.get((t.org, d)) == i for d in line)


_R = Role
EVERY_CASE = example(
    spec=WorldSpec(
        people=[
            PersonSpec(0, 0, _R.SECURITY_OFFICER, True, True, False),  # 0 the office
            PersonSpec(1, 0, _R.SECURITY_OFFICER, True, True, False),  # 1 the other office
            PersonSpec(0, 1, _R.STAFF, True, True, False),  # 2 an owner
            PersonSpec(0, 0, _R.LEADER, True, True, False),  # 3 head of the first department
            PersonSpec(0, 2, _R.STAFF, True, True, False),  # 4 an inspector
            PersonSpec(0, 0, _R.SECURITY_OFFICER, True, True, True),  # 5 password not own
            PersonSpec(0, 0, _R.STAFF, True, False, False),  # 6 deactivated owner
            PersonSpec(0, 0, _R.SYSADMIN, True, True, False),  # 7 the system administrator
            PersonSpec(0, 1, _R.STAFF, False, True, False),  # 8 has left (an owner)
            PersonSpec(1, 1, _R.STAFF, True, True, False),  # 9 heads a department abroad
        ],
        heads={(0, 0): 3, (1, 0): 9, (0, 1): 9},
        tasks=[
            TaskSpec(0, SUB, 2, 4),  # in the sub-department: its parent's head knows it
            TaskSpec(0, 1, 6, None),  # headed by someone of the other organisation
            TaskSpec(1, 0, 2, 4),  # abroad, naming ours
            TaskSpec(0, 2, 8, 5),  # of one who left, inspected by a password not their own
            TaskSpec(0, 0, 7, None),  # the administrator's
        ],
    )
)


@pytest.mark.django_db
@PROPERTY
@EVERY_CASE
@given(spec=worlds())
def test_the_rectifications_policy_equals_the_oracle__INSP_RECTIFY(spec: WorldSpec) -> None:
    """For every account, ``known`` equals ``{t : may_know(t)}`` equals the oracle."""

    def check(world: Built) -> None:
        s = world.spec
        for i, account in enumerate(world.who.accounts):
            expected = {
                task.pk for task, t in zip(world.tasks, s.tasks, strict=True) if knows(s, i, t)
            }
            known = set(RECTIFICATIONS.known(account).values_list("pk", flat=True))
            may = {task.pk for task in world.tasks if RECTIFICATIONS.may_know(account, task)}
            assert known == may == expected, (i, s.people[i])
        assert RECTIFICATIONS.known(None).count() == 0

    in_rolled_back_world(build, spec, check)
