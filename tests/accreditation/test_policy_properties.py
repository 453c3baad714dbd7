"""The self-score's policies (``baomi.accreditation.policies``) held to a brute-force oracle
over random worlds of two organisations (tests/access/people.py), written directly to the
database inside a savepoint rolled back afterwards. The oracle: the security office (the
security officer's role, the account active, the person employed, the password its own)
knows the built-in standards and its organisation's own editions with their items, and its
organisation's assessments; nobody else knows anything, nobody another organisation's."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from hypothesis import given
from hypothesis import strategies as st

from baomi.accreditation.models import Assessment, Chapter, Item, Standard
from baomi.accreditation.policies import ASSESSMENTS, ITEMS, STANDARDS
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


@dataclass
class WorldSpec:
    people: list[PersonSpec]
    standards: list[int | None]  # the organisation of each standard (None: built in)
    assessments: list[int]  # the organisation of each assessment (of the first standard)


@st.composite
def worlds(draw: st.DrawFn) -> WorldSpec:
    return WorldSpec(
        draw(person_specs()),
        draw(st.lists(st.sampled_from([None, 0, 1]), min_size=1, max_size=3)),
        draw(st.lists(st.sampled_from([0, 1]), max_size=2, unique=True)),
    )


@dataclass
class Built:
    spec: WorldSpec
    who: People
    standards: list[Standard]
    items: list[Item]
    assessments: list[Assessment]


def build(spec: WorldSpec) -> Built:
    who = build_people(spec.people)
    standards, items = [], []
    for k, org in enumerate(spec.standards):
        standard = Standard.objects.create(
            organisation=None if org is None else who.orgs[org],
            key="jungong",
            name="标准",
            edition=f"策略{k}-{who.orgs[0].pk}",
            total_points=100,
            confidence="unit",
        )
        chapter = Chapter.objects.create(
            standard=standard, position=1, title="章", confidence="unit"
        )
        items.append(
            Item.objects.create(
                standard=standard,
                chapter=chapter,
                position=1,
                code="1",
                text="项",
                confidence="unit",
            )
        )
        standards.append(standard)
    assessments = [
        Assessment.objects.create(organisation=who.orgs[org], item=items[0])
        for org in spec.assessments
    ]
    return Built(spec, who, standards, items, assessments)


def office(spec: WorldSpec, i: int) -> bool:
    me = spec.people[i]
    return security_officer(me) and knows_as_person(me)


@pytest.mark.django_db
@PROPERTY
@given(spec=worlds())
def test_the_self_score_policies_equal_the_oracle(spec: WorldSpec) -> None:
    def check(world: Built) -> None:
        s = world.spec
        for i, account in enumerate(world.who.accounts):
            org = s.people[i].org
            standards = {k for k, o in enumerate(s.standards) if office(s, i) and o in (None, org)}
            assessments = {k for k, o in enumerate(s.assessments) if office(s, i) and o == org}
            for policy, rows, wanted in (
                (STANDARDS, world.standards, standards),
                (ITEMS, world.items, standards),
                (ASSESSMENTS, world.assessments, assessments),
            ):
                mine = {r.pk for r in rows}
                known = set(policy.known(account).values_list("pk", flat=True)) & mine
                admitted = {r.pk for r in rows if policy.may_know(account, r)}
                expected = {rows[k].pk for k in wanted}
                assert known == admitted == expected, (i, policy, known, admitted, expected)

    in_rolled_back_world(build, spec, check)
