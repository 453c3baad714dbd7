"""The incidents' policy (``baomi.incidents.policies.INCIDENTS``) held to a brute-force oracle
over random worlds of two organisations (tests/access/people.py), written directly to the
database inside a savepoint rolled back afterwards. The oracle restates INC-RECORD's reading
rule from the generated data alone:

- the security officer (OVERSEE: the role, the account active, the password its own) knows
  every incident of its organisation;
- anyone else knowing as their person (a knowing role, the account active, the person
  employed, the password their own) knows the incidents they reported — not those that
  merely name them;
- nobody knows another organisation's."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.utils import timezone
from hypothesis import example, given
from hypothesis import strategies as st

from baomi.access.roles import Role
from baomi.incidents.models import Incident, IncidentPerson
from baomi.incidents.policies import INCIDENTS
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
class IncidentSpec:
    org: int
    reporter: int | None  # index into the people
    named: int  # a person involved, index into the people


@dataclass
class WorldSpec:
    people: list[PersonSpec]
    incidents: list[IncidentSpec]


@st.composite
def worlds(draw: st.DrawFn) -> WorldSpec:
    people = draw(person_specs())
    anyone = st.integers(0, len(people) - 1)
    incidents = [
        IncidentSpec(draw(st.sampled_from([0, 0, 1])), draw(st.none() | anyone), draw(anyone))
        for _i in range(draw(st.integers(1, 5)))
    ]
    return WorldSpec(people, incidents)


@dataclass
class Built:
    spec: WorldSpec
    who: People
    incidents: list[Incident]


def build(spec: WorldSpec) -> Built:
    who = build_people(spec.people)
    now = timezone.now()
    found = []
    for k, t in enumerate(spec.incidents):
        item = Incident.objects.create(
            organisation=who.orgs[t.org],
            kind="violation",
            title=f"事件{k}",
            account="经过",
            discovered_at=now,
            recorded_at=now,
            reporter=who.people[t.reporter] if t.reporter is not None else None,
        )
        IncidentPerson.objects.create(incident=item, person=who.people[t.named], role="involved")
        found.append(item)
    return Built(spec, who, found)


def reads(spec: WorldSpec, i: int, t: IncidentSpec) -> bool:
    me = spec.people[i]
    if t.org != me.org:
        return False
    if security_officer(me):
        return True
    return knows_as_person(me) and not me.must_change and t.reporter == i


_R = Role
EVERY_CASE = example(
    spec=WorldSpec(
        people=[
            PersonSpec(0, 0, _R.SECURITY_OFFICER, True, True, False),  # 0 the office
            PersonSpec(1, 0, _R.SECURITY_OFFICER, True, True, False),  # 1 the other's office
            PersonSpec(0, 1, _R.STAFF, True, True, False),  # 2 a reporter
            PersonSpec(0, 0, _R.SECURITY_OFFICER, True, True, True),  # 3 password not own
            PersonSpec(0, 0, _R.STAFF, True, False, False),  # 4 deactivated reporter
            PersonSpec(0, 0, _R.SYSADMIN, True, True, False),  # 5 the system administrator
            PersonSpec(0, 0, _R.AUDITOR, True, True, False),  # 6 the auditor
            PersonSpec(0, 1, _R.STAFF, False, True, False),  # 7 a reporter who has left
            PersonSpec(0, 1, _R.LEADER, True, True, False),  # 8 named, not the reporter
        ],
        incidents=[
            IncidentSpec(0, 2, 8),
            IncidentSpec(0, 4, 2),
            IncidentSpec(0, 7, 7),
            IncidentSpec(0, None, 8),
            IncidentSpec(1, 1, 2),
        ],
    )
)


@pytest.mark.django_db
@PROPERTY
@EVERY_CASE
@given(spec=worlds())
def test_the_incidents_policy_equals_the_oracle__INC_RECORD(spec: WorldSpec) -> None:
    """``known``, ``may_know`` and the oracle agree for every account."""

    def check(world: Built) -> None:
        s = world.spec
        for i, account in enumerate(world.who.accounts):
            known = set(INCIDENTS.known(account).values_list("pk", flat=True))
            admitted = {x.pk for x in world.incidents if INCIDENTS.may_know(account, x)}
            expected = {
                x.pk for x, t in zip(world.incidents, s.incidents, strict=True) if reads(s, i, t)
            }
            assert known == admitted == expected, (s.people[i], known, admitted, expected)

    in_rolled_back_world(build, spec, check)
