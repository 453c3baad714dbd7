# ruff: noqa: F811 - the fixtures imported from tests.cockpit.deadline_world
"""Who sees which deadline, and whose subject is named, held to a brute-force oracle over
random worlds (tests/access/people.py): two organisations, the first with a sub-department
under its first department, random department heads, and planted deadlines of either
organisation naming anyone (or nobody) as the person answering, any department (or none), and
a person of either organisation (or none that exists) as their subject.

The oracle, from the generated data alone: a person who knows as their person (a knowing role,
the account active, the person employed) sees the deadlines of their own organisation that
they answer for, those of the departments they head (and the sub-department below), and every
one when they are the security officer or a leader with their password their own
(SEE_DASHBOARD); nobody else sees any. A row names its subject (a person) only to a viewer of
the subject's organisation, and never carries the id of a subject it does not name."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from baomi.access.roles import Role
from baomi.cockpit.queries import deadlines as queries
from baomi.org.models import Department
from baomi.seams.deadlines import Deadline
from tests.access.people import (
    PARENT,
    PROPERTY,
    SUB,
    PersonSpec,
    build_people,
    departments_of,
    draw_heads,
    in_rolled_back_world,
    knows_as_person,
    person_specs,
)
from tests.cockpit.deadline_world import NOW, planted  # noqa: F401 - the fixture

MISSING = -1  # a subject that does not exist


@dataclass(frozen=True)
class DeadlineSpec:
    org: int
    person: int | None
    dept: int | None
    subject: int  # a person index, or MISSING


@dataclass
class WorldSpec:
    people: list[PersonSpec]
    heads: dict[tuple[int, int], int]
    deadlines: list[DeadlineSpec]


@st.composite
def worlds(draw: st.DrawFn) -> WorldSpec:
    people = draw(person_specs())
    anyone = st.integers(0, len(people) - 1)
    heads = draw_heads(draw, anyone)
    found = []
    for _i in range(draw(st.integers(0, 8))):
        org = draw(st.sampled_from([0, 0, 1]))
        found.append(
            DeadlineSpec(
                org=org,
                person=draw(st.none() | anyone),
                dept=draw(st.none() | st.integers(0, departments_of(org) - 1)),
                subject=draw(st.just(MISSING) | anyone),
            )
        )
    return WorldSpec(people, heads, found)


def sees(spec: WorldSpec, i: int, d: DeadlineSpec) -> bool:
    me = spec.people[i]
    if d.org != me.org or not knows_as_person(me):
        return False
    if me.role in (Role.SECURITY_OFFICER, Role.LEADER) and not me.must_change:
        return True
    if d.person == i:
        return True
    if d.dept is None:
        return False
    line = {d.dept, PARENT.get(d.dept, d.dept)} if d.org == 0 else {d.dept}
    return any(spec.heads.get((d.org, x)) == i for x in line)


def named(spec: WorldSpec, i: int, d: DeadlineSpec) -> bool:
    return d.subject != MISSING and spec.people[d.subject].org == spec.people[i].org


_R = Role
EVERY_CASE = example(
    spec=WorldSpec(
        people=[
            PersonSpec(0, 0, _R.SECURITY_OFFICER, True, True, False),  # 0 the office
            PersonSpec(1, 0, _R.LEADER, True, True, False),  # 1 the other organisation's leader
            PersonSpec(0, 1, _R.STAFF, True, True, False),  # 2 answers for one
            PersonSpec(0, 0, _R.STAFF, True, True, False),  # 3 heads the first department
            PersonSpec(0, 0, _R.LEADER, True, True, True),  # 4 a leader, password not own
            PersonSpec(0, 1, _R.STAFF, False, True, False),  # 5 has left, answers for one
            PersonSpec(0, 0, _R.AUDITOR, True, True, False),  # 6 the auditor
            PersonSpec(1, 1, _R.STAFF, True, True, False),  # 7 heads a department abroad
        ],
        heads={(0, 0): 3, (1, 0): 7, (0, 2): 4},
        deadlines=[
            DeadlineSpec(0, 2, 1, 7),  # subject abroad: named to nobody of ours
            DeadlineSpec(0, None, SUB, 2),  # the sub-department: its parent's head sees it
            DeadlineSpec(1, 2, 0, 1),  # abroad, naming ours
            DeadlineSpec(0, 5, None, MISSING),  # of one who left
            DeadlineSpec(0, None, 2, 3),  # headed by a leader whose password is not own
        ],
    )
)


@pytest.mark.django_db
@PROPERTY
@EVERY_CASE
@given(spec=worlds())
def test_who_sees_a_deadline_and_its_subject_equals_the_oracle(planted, spec: WorldSpec):
    def build(spec: WorldSpec):
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
        planted.by_organisation.clear()
        made = []
        for n, d in enumerate(spec.deadlines):
            subject = who.people[d.subject].pk if d.subject != MISSING else 10**9 + n
            deadline = Deadline(
                "LOAN-DUE",
                "org.person",
                subject,
                NOW,
                who.people[d.person].pk if d.person is not None else None,
                who.departments[d.org][d.dept].pk if d.dept is not None else None,
            )
            planted.add(who.orgs[d.org].pk, deadline)
            made.append(deadline)
        return who, made

    def check(built) -> None:
        who, made = built
        for i, account in enumerate(who.accounts):
            expected = {
                (x.subject_id, x.department_id, x.person_id)
                for x, d in zip(made, spec.deadlines, strict=True)
                if sees(spec, i, d)
            }
            rows = queries.page(account, NOW, limit=queries.MAX_LIMIT).rows
            got = {
                (r.deadline.subject_id, r.deadline.department_id, r.deadline.person_id)
                for r in rows
            }
            assert got == expected, (i, spec.people[i])
            by_subject = {x.subject_id: d for x, d in zip(made, spec.deadlines, strict=True)}
            for row in rows:
                d = by_subject[row.deadline.subject_id]
                assert (row.subject is not None) == named(spec, i, d), (i, d)
                out = row.as_json()
                if row.subject is None:
                    assert out["subject_id"] is None and out["subject_label"] is None

    in_rolled_back_world(build, spec, check)
