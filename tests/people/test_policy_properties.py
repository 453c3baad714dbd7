"""The security files' policies (``baomi.people.policies``) held to a brute-force oracle over
random worlds, like tests/scans/test_policy_properties.py: ``FileRecords`` for the monthly
self-checks (one person field) and the responsibility letters (two: ``first`` and
``second``), ``OrganisationKnown`` for the training sessions.

Each example builds two organisations with people of random roles, employment and accounts
(tests/access/people.py) and records of either organisation naming anyone — written directly
to the database inside a savepoint rolled back afterwards. The oracle restates the rules from
the generated data alone:

- a file record: the security office (the security officer's role, the account active, the
  password its own) reads every record of its organisation; anyone else with an active
  account, their password their own and still employed reads the records of their
  organisation that name them; nobody reads another organisation's;
- a training session: the organisation's, for the security office and for whoever knows as
  their person (a knowing role, the account active, the person employed)."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.db import transaction
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from baomi.access.roles import Role
from baomi.people.models import (
    LetterKind,
    LetterTemplate,
    ResponsibilityLetter,
    SelfCheck,
    TrainingSession,
)
from baomi.people.policies import LETTERS, SELF_CHECKS, TRAINING_SESSIONS
from baomi.people.queries import self_checks as self_check_queries
from tests.access.people import (
    People,
    PersonSpec,
    build_people,
    knows_as_person,
    person_specs,
    security_officer,
)


@dataclass(frozen=True)
class RecordSpec:
    org: int
    person: int  # index into the people (of either organisation)
    other: int  # a letter's second signer


@dataclass
class WorldSpec:
    people: list[PersonSpec]
    records: list[RecordSpec]
    sessions: list[int]  # the organisation of each training session


@st.composite
def worlds(draw: st.DrawFn) -> WorldSpec:
    people = draw(person_specs())
    anyone = st.integers(0, len(people) - 1)
    records = [
        RecordSpec(org=draw(st.sampled_from([0, 0, 1])), person=draw(anyone), other=draw(anyone))
        for _i in range(draw(st.integers(0, 8)))
    ]
    sessions = draw(st.lists(st.sampled_from([0, 1]), max_size=4))
    return WorldSpec(people, records, sessions)


@dataclass
class Built:
    spec: WorldSpec
    who: People
    checks: list[SelfCheck]
    letters: list[ResponsibilityLetter]
    sessions: list[TrainingSession]


def build(spec: WorldSpec) -> Built:
    """Write the world straight to the database (tests may; the product may not)."""
    who = build_people(spec.people)
    checks, letters = [], []
    templates = [
        LetterTemplate.objects.create(
            organisation=org, kind=LetterKind.PERSON, version=1, title="责任书", text="……"
        )
        for org in who.orgs
    ]
    for k, r in enumerate(spec.records):
        org = who.orgs[r.org]
        checks.append(
            SelfCheck.objects.create(
                organisation=org,
                person=who.people[r.person],
                month=datetime.date(2000 + k, 1, 1),  # one per person and month
                answers={},
                all_clear=True,
            )
        )
        letters.append(
            ResponsibilityLetter.objects.create(
                organisation=org,
                kind=LetterKind.PERSON,
                year=2026,
                department=who.departments[r.org][0],
                first=who.people[r.person],
                second=who.people[r.other],
                template=templates[r.org],
            )
        )
    sessions = [
        TrainingSession.objects.create(
            organisation=who.orgs[org],
            topic="保密法",
            held_on=datetime.date(2026, 3, 1),
            hours=Decimal(2),
            trainer="王",
        )
        for org in spec.sessions
    ]
    return Built(spec, who, checks, letters, sessions)


def own_records(p: PersonSpec) -> bool:
    """Whoever reads the records about themselves: the account active, the password their
    own, the person still employed (any role)."""
    return p.account_active and not p.must_change and p.active


def reads_record(spec: WorldSpec, i: int, org: int, named: set[int]) -> bool:
    """The file records' rule, from the generated data alone."""
    me = spec.people[i]
    if org != me.org:
        return False
    return security_officer(me) or (own_records(me) and i in named)


def reads_session(spec: WorldSpec, i: int, org: int) -> bool:
    me = spec.people[i]
    return org == me.org and (security_officer(me) or knows_as_person(me))


def in_rolled_back_world(spec: WorldSpec, check: Callable[[Built], None]) -> None:
    with transaction.atomic():
        check(build(spec))
        transaction.set_rollback(True)


PROPERTY = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
_R = Role
EVERY_CASE = example(
    spec=WorldSpec(
        people=[
            PersonSpec(0, 0, _R.SECURITY_OFFICER, True, True, False),  # 0 the office
            PersonSpec(1, 0, _R.SECURITY_OFFICER, True, True, False),  # 1 the other office
            PersonSpec(0, 1, _R.STAFF, True, True, False),  # 2 a cleared person
            PersonSpec(0, 0, _R.SECURITY_OFFICER, True, True, True),  # 3 password not own
            PersonSpec(0, 0, _R.STAFF, True, False, False),  # 4 deactivated
            PersonSpec(0, 0, _R.SYSADMIN, True, True, False),  # 5 the system administrator
            PersonSpec(0, 0, _R.AUDITOR, True, True, False),  # 6 the auditor
            PersonSpec(0, 2, _R.STAFF, False, True, False),  # 7 has left
            PersonSpec(0, 1, _R.LEADER, True, True, False),  # 8 a department head
        ],
        records=[
            RecordSpec(0, 2, 8),  # staff's, signed with the head
            RecordSpec(1, 2, 1),  # abroad, naming ours
            RecordSpec(0, 5, 6),  # the administrators'
            RecordSpec(0, 7, 3),  # of one who left, with one whose password is not their own
            RecordSpec(0, 4, 0),  # a deactivated account's, with the office
        ],
        sessions=[0, 1],
    )
)


@pytest.mark.django_db
@PROPERTY
@EVERY_CASE
@given(spec=worlds())
def test_the_security_files_policies_equal_the_oracle(spec: WorldSpec) -> None:
    """``known``, ``may_know`` and the oracle agree for every account: the self-checks (one
    person field, and what the self-check query lists), the responsibility letters (two) and
    the training sessions (the organisation's)."""

    def check(world: Built) -> None:
        s = world.spec
        for i, account in enumerate(world.who.accounts):
            who = (s.people[i], i)
            expected = {
                c.pk
                for c, r in zip(world.checks, s.records, strict=True)
                if reads_record(s, i, r.org, {r.person})
            }
            known = set(SELF_CHECKS.known(account).values_list("pk", flat=True))
            admitted = {c.pk for c in world.checks if SELF_CHECKS.may_know(account, c)}
            assert known == admitted == expected, (who, known, expected)
            listed = set(self_check_queries.self_checks(account).values_list("pk", flat=True))
            assert listed == expected, (who, listed, expected)

            expected = {
                letter.pk
                for letter, r in zip(world.letters, s.records, strict=True)
                if reads_record(s, i, r.org, {r.person, r.other})
            }
            known = set(LETTERS.known(account).values_list("pk", flat=True))
            admitted = {x.pk for x in world.letters if LETTERS.may_know(account, x)}
            assert known == admitted == expected, (who, known, expected)

            expected = {
                t.pk
                for t, org in zip(world.sessions, s.sessions, strict=True)
                if reads_session(s, i, org)
            }
            known = set(TRAINING_SESSIONS.known(account).values_list("pk", flat=True))
            admitted = {t.pk for t in world.sessions if TRAINING_SESSIONS.may_know(account, t)}
            assert known == admitted == expected, (who, known, expected)

    in_rolled_back_world(spec, check)
