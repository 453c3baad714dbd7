"""The publication review's policies (``baomi.publication.policies.SUBMISSIONS`` and
``FOREIGN_REQUESTS``) held to a brute-force oracle over random worlds of two organisations
(tests/access/people.py), written in a savepoint rolled back afterwards.

The oracle, from the generated data alone: a submission is known to the reviewers
(REVIEW_PUBLICATIONS: the security officer's role, account active, password their own) of its
organisation, and — as a knowing person of that organisation — to its submitter and to the
people asked to approve one of its versions; a foreign press request or visit to the reviewers
of its organisation, to whoever recorded it and to the people named to meet them."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import pytest
from django.utils import timezone
from hypothesis import example, given
from hypothesis import strategies as st

from baomi.access.roles import Role
from baomi.approvals.models import ApprovalRequest, ApprovalStep
from baomi.publication.models import ForeignRequest, Submission, Version
from baomi.publication.policies import FOREIGN_REQUESTS, SUBMISSIONS
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
class ItemSpec:
    org: int
    by: int  # the submitter / the recorder (index into the people)
    named: tuple[int, ...]  # approvers asked / hosts


@dataclass
class WorldSpec:
    people: list[PersonSpec]
    submissions: list[ItemSpec]
    foreign: list[ItemSpec]


@st.composite
def worlds(draw: st.DrawFn) -> WorldSpec:
    people = draw(person_specs())
    n = len(people)

    def items() -> list[ItemSpec]:
        return [
            ItemSpec(
                org=draw(st.sampled_from([0, 0, 1])),
                by=draw(st.integers(0, n - 1)),
                named=tuple(draw(st.lists(st.integers(0, n - 1), max_size=3, unique=True))),
            )
            for _i in range(draw(st.integers(0, 5)))
        ]

    return WorldSpec(people, items(), items())


@dataclass
class Built:
    spec: WorldSpec
    who: People
    submissions: list[Submission]
    foreign: list[ForeignRequest]


def build(spec: WorldSpec) -> Built:
    """Write the world straight to the database (tests may; the product may not)."""
    who = build_people(spec.people)
    now = timezone.now()
    submissions = []
    for k, s in enumerate(spec.submissions):
        by = who.people[s.by]
        item = Submission.objects.create(
            organisation=who.orgs[s.org],
            department=by.department,
            kind="media",
            title=f"稿件{k}",
            outlet="网站",
            submitted_by=by,
        )
        approval = None
        if s.named:
            approval = ApprovalRequest.objects.create(
                organisation=who.orgs[s.org],
                rule_id="PUB-REVIEW",
                operation="publication.release",
                subject_type="publication.submission",
                subject_id=str(item.pk),
                requested_by=who.accounts[s.by],
                requester=by,
                created_at=now,
                expires_at=now + datetime.timedelta(days=7),
            )
            for order, i in enumerate(s.named):
                ApprovalStep.objects.create(
                    request=approval, order=order, approver_kind="x", approver=who.people[i]
                )
        Version.objects.create(
            submission=item,
            number=1,
            filename="a.txt",
            content_type="text/plain",
            size=1,
            sha256="0" * 64,
            content=b"a",
            uploaded_by=by,
            approval=approval,
        )
        submissions.append(item)
    foreign = []
    for f in spec.foreign:
        item = ForeignRequest.objects.create(
            organisation=who.orgs[f.org],
            kind="visit",
            party="代表团",
            country="德国",
            starts=now.date(),
            ends=now.date(),
            subject="参观",
            recorded_by=who.people[f.by],
        )
        item.hosts.set([who.people[i] for i in f.named])
        foreign.append(item)
    return Built(spec, who, submissions, foreign)


def knows(spec: WorldSpec, i: int, item: ItemSpec) -> bool:
    """The rule, from the generated data alone."""
    p = spec.people[i]
    if item.org != p.org:
        return False
    if security_officer(p):
        return True
    return knows_as_person(p) and (i == item.by or i in item.named)


_R = Role
EVERY_CASE = example(
    spec=WorldSpec(
        people=[
            PersonSpec(0, 0, _R.SECURITY_OFFICER, True, True, False),  # 0 the reviewer
            PersonSpec(1, 0, _R.SECURITY_OFFICER, True, True, False),  # 1 the other's reviewer
            PersonSpec(0, 1, _R.STAFF, True, True, False),  # 2 the submitter
            PersonSpec(0, 0, _R.LEADER, True, True, False),  # 3 the approver asked / host
            PersonSpec(0, 0, _R.SECURITY_OFFICER, True, True, True),  # 4 password not own
            PersonSpec(0, 0, _R.STAFF, True, False, False),  # 5 deactivated, asked
            PersonSpec(0, 0, _R.AUDITOR, True, True, False),  # 6 the auditor, asked
            PersonSpec(0, 0, _R.STAFF, False, True, False),  # 7 has left, submitted
            PersonSpec(0, 1, _R.STAFF, True, True, False),  # 8 a colleague, nothing
        ],
        submissions=[
            ItemSpec(0, 2, (3, 5, 6)),
            ItemSpec(1, 1, ()),
            ItemSpec(0, 7, ()),
            ItemSpec(1, 2, (3,)),  # abroad, naming ours
        ],
        foreign=[ItemSpec(0, 2, (3, 5)), ItemSpec(1, 1, (2,)), ItemSpec(0, 7, (6,))],
    )
)


@pytest.mark.django_db
@PROPERTY
@EVERY_CASE
@given(spec=worlds())
def test_the_publication_policies_equal_the_oracle(spec: WorldSpec) -> None:
    """For every account, ``known`` and ``may_know`` of both policies equal the oracle."""

    def check(world: Built) -> None:
        for i, account in enumerate(world.who.accounts):
            for policy, items, specs in (
                (SUBMISSIONS, world.submissions, world.spec.submissions),
                (FOREIGN_REQUESTS, world.foreign, world.spec.foreign),
            ):
                expected = {it.pk for it, s in zip(items, specs, strict=True) if knows(spec, i, s)}
                known = set(policy.known(account).values_list("pk", flat=True))
                admitted = {it.pk for it in items if policy.may_know(account, it)}
                assert known == admitted == expected, (world.spec.people[i], known, expected)

    in_rolled_back_world(build, spec, check)
