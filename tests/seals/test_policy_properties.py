"""The seals' policies (``baomi.seals.policies``) held to a brute-force oracle over random worlds
of two organisations (tests/access/people.py), written directly to the database inside a
savepoint rolled back afterwards. The oracle restates SEAL-LOG's reading rules from the
generated data alone:

- the office (the security officer's or the clerk's role, the account active, the password its
  own) knows every seal of its organisation, every use, take-out and lock-up;
- anyone else knowing as their person (a knowing role, the account active, the person employed,
  the password their own) knows the seals they keep and the lock-ups of those, the uses of those
  seals and the uses they asked for, the take-outs of those seals and those they asked for or
  took out;
- the seals offered to ask for: the organisation's seals in use, to anyone knowing as their
  person;
- nobody knows another organisation's."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import pytest
from django.utils import timezone
from hypothesis import example, given
from hypothesis import strategies as st

from baomi.access.roles import Role
from baomi.seals.models import Seal, SealKind, SealLockUp, SealTakeOut, SealUse
from baomi.seals.policies import (
    OFFERED_SEALS,
    SEAL_LOCK_UPS,
    SEAL_TAKE_OUTS,
    SEAL_USES,
    SEALS,
)
from tests.access.people import (
    PROPERTY,
    People,
    PersonSpec,
    build_people,
    in_rolled_back_world,
    knows_as_person,
    person_specs,
)


@dataclass(frozen=True)
class SealSpec:
    org: int
    keeper: int  # index into the people
    active: bool


@dataclass(frozen=True)
class UseSpec:
    seal: int
    requester: int
    taker: int


@dataclass
class WorldSpec:
    people: list[PersonSpec]
    seals: list[SealSpec]
    uses: list[UseSpec]


@st.composite
def worlds(draw: st.DrawFn) -> WorldSpec:
    people = draw(person_specs())
    anyone = st.integers(0, len(people) - 1)
    seals = [
        SealSpec(
            draw(st.sampled_from([0, 0, 1])), draw(anyone), draw(st.booleans() | st.just(True))
        )
        for _i in range(draw(st.integers(1, 4)))
    ]
    uses = [
        UseSpec(draw(st.integers(0, len(seals) - 1)), draw(anyone), draw(anyone))
        for _i in range(draw(st.integers(0, 6)))
    ]
    return WorldSpec(people, seals, uses)


@dataclass
class Built:
    spec: WorldSpec
    who: People
    seals: list[Seal]
    uses: list[SealUse]
    take_outs: list[SealTakeOut]
    lock_ups: list[SealLockUp]


def build(spec: WorldSpec) -> Built:
    who = build_people(spec.people)
    now = timezone.now()
    seals = [
        Seal.objects.create(
            organisation=who.orgs[s.org],
            name=f"章{k}",
            kind=SealKind.OFFICIAL,
            keeper=who.people[s.keeper],
            active=s.active,
        )
        for k, s in enumerate(spec.seals)
    ]
    uses, take_outs = [], []
    for u in spec.uses:
        seal = seals[u.seal]
        uses.append(
            SealUse.objects.create(
                organisation_id=seal.organisation_id,
                seal=seal,
                requested_by=who.people[u.requester],
                document="报告",
                impressions=1,
            )
        )
        take_outs.append(
            SealTakeOut.objects.create(
                organisation_id=seal.organisation_id,
                seal=seal,
                requested_by=who.people[u.requester],
                taken_by=who.people[u.taker],
                purpose="签约",
                destination="现场",
                due_back_at=now,
            )
        )
    lock_ups = [
        SealLockUp.objects.create(
            organisation_id=seal.organisation_id,
            seal=seal,
            day=datetime.date(2026, 1, 5),
            confirmed_by=seal.keeper,
        )
        for seal in seals
    ]
    return Built(spec, who, seals, uses, take_outs, lock_ups)


def office(p: PersonSpec) -> bool:
    return p.role in (Role.SECURITY_OFFICER, Role.CLERK) and p.account_active and not p.must_change


def person(p: PersonSpec) -> bool:
    return knows_as_person(p) and not p.must_change


def reads(spec: WorldSpec, i: int, org: int, named: set[int]) -> bool:
    me = spec.people[i]
    if org != me.org:
        return False
    return office(me) or (person(me) and i in named)


_R = Role
EVERY_CASE = example(
    spec=WorldSpec(
        people=[
            PersonSpec(0, 0, _R.CLERK, True, True, False),  # 0 the office's clerk
            PersonSpec(1, 0, _R.SECURITY_OFFICER, True, True, False),  # 1 the other office
            PersonSpec(0, 1, _R.STAFF, True, True, False),  # 2 a keeper, a requester
            PersonSpec(0, 0, _R.CLERK, True, True, True),  # 3 password not own
            PersonSpec(0, 0, _R.STAFF, True, False, False),  # 4 deactivated
            PersonSpec(0, 0, _R.SYSADMIN, True, True, False),  # 5 the system administrator
            PersonSpec(0, 0, _R.AUDITOR, True, True, False),  # 6 the auditor
            PersonSpec(0, 2, _R.STAFF, False, True, False),  # 7 has left
            PersonSpec(0, 1, _R.LEADER, True, True, False),  # 8 takes a seal out
        ],
        seals=[
            SealSpec(0, 2, True),  # kept by staff
            SealSpec(0, 7, False),  # kept by one who left, out of use
            SealSpec(1, 1, True),  # the other organisation's
        ],
        uses=[
            UseSpec(0, 8, 8),
            UseSpec(1, 2, 4),
            UseSpec(2, 2, 3),
            UseSpec(0, 5, 6),
        ],
    )
)


@pytest.mark.django_db
@PROPERTY
@EVERY_CASE
@given(spec=worlds())
def test_the_seals_policies_equal_the_oracle__SEAL_LOG(spec: WorldSpec) -> None:
    """``known``, ``may_know`` and the oracle agree for every account and every kind."""

    def check(world: Built) -> None:
        s = world.spec
        for i, account in enumerate(world.who.accounts):
            who = (s.people[i], i)

            def agree(policy, items, expected, account=account, who=who):
                known = set(policy.known(account).values_list("pk", flat=True))
                admitted = {x.pk for x in items if policy.may_know(account, x)}
                assert known == admitted == expected, (who, known, admitted, expected)

            agree(
                SEALS,
                world.seals,
                {
                    x.pk
                    for x, t in zip(world.seals, s.seals, strict=True)
                    if reads(s, i, t.org, {t.keeper})
                },
            )
            agree(
                SEAL_LOCK_UPS,
                world.lock_ups,
                {
                    x.pk
                    for x, t in zip(world.lock_ups, s.seals, strict=True)
                    if reads(s, i, t.org, {t.keeper})
                },
            )
            uses = set()
            take_outs = set()
            for use, take_out, u in zip(world.uses, world.take_outs, s.uses, strict=True):
                seal = s.seals[u.seal]
                if reads(s, i, seal.org, {seal.keeper, u.requester}):
                    uses.add(use.pk)
                if reads(s, i, seal.org, {seal.keeper, u.requester, u.taker}):
                    take_outs.add(take_out.pk)
            agree(SEAL_USES, world.uses, uses)
            agree(SEAL_TAKE_OUTS, world.take_outs, take_outs)
            me = s.people[i]
            agree(
                OFFERED_SEALS,
                world.seals,
                {
                    x.pk
                    for x, t in zip(world.seals, s.seals, strict=True)
                    if t.org == me.org and t.active and person(me)
                },
            )

    in_rolled_back_world(build, spec, check)
