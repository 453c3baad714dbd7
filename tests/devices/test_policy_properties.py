"""The equipment's policies (``baomi.devices.policies``) held to a brute-force oracle over
random worlds, like CLS-MAC in tests/access/test_mac_properties.py.

Each example builds two organisations with people of random roles, employment and accounts
(tests/access/people.py), assets kept by anyone of either organisation or nobody, approval
requests about assets (or about ids no asset has, or about something else) asking random
people of either organisation, the security office's records, standalone uses and
integrity reviews — written directly to the database inside a savepoint rolled back
afterwards. For every policy and every account, ``known(account)`` must be exactly the
items with ``may_know(account, item)``, and both exactly what the oracle below says. The
oracle restates the rules from the generated data alone (DEV-LEDGER):

- the ledger (``ASSETS``): the security officer (MANAGE_DEVICES: the role, the account
  active, the password their own) sees every asset of their organisation; anyone else who
  acts as their person (CLS-MAC's knower) the assets of their organisation they keep;
- on an approval request (``ASKED_ASSETS``): the ledger's, and for the account's person an
  asset of their organisation about which a request of their organisation asks them (as it
  stands: whatever the account's role or state, since only an approver reads the request);
- the office's records (alerts, physical checks, repairs, loans, disposals, infections):
  the security officer's organisation's, nobody else's;
- standalone uses (DEV-STANDALONE): the security officer's organisation's, else a knower's
  own in their organisation; integrity reviews (DEV-INTEGRITY): the security officer's
  organisation's, else a knower's department's in their organisation.
"""

from __future__ import annotations

import datetime
import itertools
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from baomi.access.roles import Role
from baomi.approvals.models import ApprovalRequest, ApprovalStep
from baomi.core.errors import AccessDenied, NotFound
from baomi.devices import policies
from baomi.devices.models import (
    KIND_OF_TYPE,
    Alert,
    Asset,
    AssetType,
    Disposal,
    Infection,
    IntegrityReview,
    Loan,
    PhysicalCheck,
    Repair,
    StandaloneUse,
)
from baomi.devices.queries import care as care_queries
from baomi.devices.queries import ledger as ledger_queries
from tests.access.people import (
    DEPARTMENTS,
    People,
    PersonSpec,
    build_people,
    knows_as_person,
    person_specs,
    security_officer,
)

OFFICE_KINDS = ("alert", "check", "repair", "loan", "infection", "disposal")


@dataclass(frozen=True)
class AssetSpec:
    org: int
    custodian: int | None  # index into the people, of either organisation
    type: str


@dataclass(frozen=True)
class RequestSpec:
    org: int
    asset: int | None  # index into the assets; None: an id no asset has
    about_assets: bool  # subject type devices.asset, else another kind's
    approvers: tuple[int, ...]  # indexes into the people, of either organisation


@dataclass(frozen=True)
class RecordSpec:
    kind: str  # one of OFFICE_KINDS
    org: int
    asset: int


@dataclass(frozen=True)
class UseSpec:
    org: int
    person: int
    computer: int  # index into the assets


@dataclass(frozen=True)
class ReviewSpec:
    org: int
    dept: tuple[int, int]  # (organisation, department index), either organisation
    reviewer: int


@dataclass
class WorldSpec:
    people: list[PersonSpec]
    assets: list[AssetSpec]
    requests: list[RequestSpec]
    records: list[RecordSpec] = field(default_factory=list)
    uses: list[UseSpec] = field(default_factory=list)
    reviews: list[ReviewSpec] = field(default_factory=list)


_orgs = st.sampled_from([0, 0, 1])


@st.composite
def worlds(draw: st.DrawFn) -> WorldSpec:
    people = draw(person_specs())
    someone = st.integers(0, len(people) - 1)
    assets = [
        AssetSpec(
            org=draw(_orgs),
            custodian=draw(st.none() | someone),
            type=draw(st.sampled_from([AssetType.DESKTOP, AssetType.USB_STICK, "printer"])),
        )
        for _i in range(draw(st.integers(1, 8)))
    ]
    an_asset = st.integers(0, len(assets) - 1)
    requests = [
        RequestSpec(
            org=draw(_orgs),
            asset=draw(an_asset | st.none()),
            about_assets=draw(st.booleans() | st.just(True)),
            approvers=tuple(draw(st.lists(someone, min_size=1, max_size=2))),
        )
        for _i in range(draw(st.integers(1, 4)))
    ]
    records = [
        RecordSpec(draw(st.sampled_from(OFFICE_KINDS)), draw(_orgs), draw(an_asset))
        for _i in range(draw(st.integers(0, 6)))
    ]
    uses = [
        UseSpec(draw(_orgs), draw(someone), draw(an_asset)) for _i in range(draw(st.integers(0, 4)))
    ]
    all_depts = [(o, d) for o, size in enumerate(DEPARTMENTS) for d in range(size)]
    reviews = [
        ReviewSpec(draw(_orgs), draw(st.sampled_from(all_depts)), draw(someone))
        for _i in range(draw(st.integers(0, 4)))
    ]
    return WorldSpec(people, assets, requests, records, uses, reviews)


@dataclass
class Built:
    spec: WorldSpec
    who: People
    assets: list[Asset]
    requests: list[ApprovalRequest]
    records: dict[str, list[tuple[int, Any]]]  # kind: (record index, row)
    uses: list[StandaloneUse]
    reviews: list[IntegrityReview]


def build(spec: WorldSpec) -> Built:
    """Write the world straight to the database (tests may; the product may not)."""
    who = build_people(spec.people)
    now = timezone.now()
    anyone = who.accounts[0]
    assets = [
        Asset.objects.create(
            organisation=who.orgs[a.org],
            kind=KIND_OF_TYPE[AssetType(a.type)],
            type=a.type,
            number=f"ZC-{k}",
            custodian=who.people[a.custodian] if a.custodian is not None else None,
            registered_at=now,
            updated_at=now,
        )
        for k, a in enumerate(spec.assets)
    ]
    missing = max(a.pk for a in assets) + 1000
    requests = []
    for r in spec.requests:
        request = ApprovalRequest.objects.create(
            organisation=who.orgs[r.org],
            rule_id="DEV-REPAIR",
            operation="repair",
            subject_type="devices.asset" if r.about_assets else "carriers.document",
            subject_id=str(assets[r.asset].pk if r.asset is not None else missing),
            requested_by=anyone,
            requester=who.people[0],
            created_at=now,
            expires_at=now + datetime.timedelta(days=1),
        )
        for order, approver in enumerate(r.approvers, start=1):
            ApprovalStep.objects.create(
                request=request, order=order, approver_kind="x", approver=who.people[approver]
            )
        requests.append(request)
    approval = requests[0]
    records: dict[str, list[tuple[int, Any]]] = {kind: [] for kind in OFFICE_KINDS}
    for k, r in enumerate(spec.records):
        org, asset = who.orgs[r.org], assets[r.asset]
        row: Any
        if r.kind == "alert":
            row = Alert.objects.create(organisation=org, asset=asset, rule_id="X", at=now)
        elif r.kind == "check":
            row = PhysicalCheck.objects.create(organisation=org, started_at=now, started_by=anyone)
        elif r.kind == "repair":
            row = Repair.objects.create(
                organisation=org,
                asset=asset,
                vendor="v",
                fault="f",
                approval=approval,
                storage_kept="",
                status_before="in_use",
                sent_at=now,
                sent_by=anyone,
            )
        elif r.kind == "loan":
            row = Loan.objects.create(
                organisation=org,
                asset=asset,
                borrower="b",
                purpose="p",
                approval=approval,
                lent_at=now,
                lent_by=anyone,
                due_back=now.date(),
                status_before="in_use",
            )
        elif r.kind == "infection":
            row = Infection.objects.create(
                organisation=org, asset=asset, virus="v", found_at=now, reported_by=anyone
            )
        else:
            row = Disposal.objects.create(
                organisation=org,
                outcome="scrapped",
                method="",
                place="p",
                approval=approval,
                operator=who.people[0],
                disposed_at=now,
                recorded_by=anyone,
            )
        records[r.kind].append((k, row))
    uses = [
        StandaloneUse.objects.create(
            organisation=who.orgs[u.org],
            computer=assets[u.computer],
            person=who.people[u.person],
            level=2,
            purpose="p",
            approval=approval,
            started_at=now,
            started_by=anyone,
        )
        for u in spec.uses
    ]
    reviews = [
        IntegrityReview.objects.create(
            organisation=who.orgs[r.org],
            department=who.departments[r.dept[0]][r.dept[1]],
            reviewed_on=now.date(),
            reviewer=who.people[r.reviewer],
            recorded_by=anyone,
            findings="f",
        )
        for r in spec.reviews
    ]
    return Built(spec, who, assets, requests, records, uses, reviews)


# The oracle: the rules of the module docstring, from the generated data alone.


def sees_ledger(spec: WorldSpec, i: int, k: int) -> bool:
    p, a = spec.people[i], spec.assets[k]
    if security_officer(p):
        return a.org == p.org
    return knows_as_person(p) and a.org == p.org and a.custodian == i


def asked_about(spec: WorldSpec, i: int, k: int) -> bool:
    p, a = spec.people[i], spec.assets[k]
    if sees_ledger(spec, i, k):
        return True
    return (
        knows_as_person(p)
        and a.org == p.org
        and any(
            r.about_assets and r.asset == k and r.org == p.org and i in r.approvers
            for r in spec.requests
        )
    )


def keeps_record(spec: WorldSpec, i: int, k: int) -> bool:
    p = spec.people[i]
    return security_officer(p) and spec.records[k].org == p.org


def sees_use(spec: WorldSpec, i: int, k: int) -> bool:
    p, u = spec.people[i], spec.uses[k]
    if security_officer(p):
        return u.org == p.org
    return knows_as_person(p) and u.org == p.org and u.person == i


def sees_review(spec: WorldSpec, i: int, k: int) -> bool:
    p, r = spec.people[i], spec.reviews[k]
    if security_officer(p):
        return r.org == p.org
    return knows_as_person(p) and r.org == p.org and r.dept == (p.org, p.dept)


def in_rolled_back_world(spec: WorldSpec, check: Callable[[Built], None]) -> None:
    with transaction.atomic():
        check(build(spec))
        transaction.set_rollback(True)


def holds_to_the_oracle(
    world: Built,
    policy: Any,
    items: list[tuple[int, Any]],
    oracle: Callable[[WorldSpec, int, int], bool],
) -> None:
    """For every account: ``known`` is exactly the items ``may_know`` admits, and both are
    what the oracle says (the items given as (spec index, row))."""
    for i, account in enumerate(world.who.accounts):
        expected = {row.pk for k, row in items if oracle(world.spec, i, k)}
        known = set(policy.known(account).values_list("pk", flat=True))
        admitted = {row.pk for _k, row in items if policy.may_know(account, row)}
        assert known == admitted == expected, (world.spec.people[i], i, known, expected)


PROPERTY = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
_R, _S = Role, Role.STAFF
# Every grant and every exclusion at least once, whatever the random examples draw.
EVERY_CASE = example(
    spec=WorldSpec(
        people=[
            PersonSpec(0, 0, _R.SECURITY_OFFICER, True, True, False),  # 0 keeps the ledger
            PersonSpec(0, 1, _S, True, True, False),  # 1 a custodian
            PersonSpec(0, 1, _S, False, True, False),  # 2 a custodian who has left
            PersonSpec(0, 0, _R.SYSADMIN, True, True, False),  # 3 the system administrator
            PersonSpec(0, 0, _R.LEADER, True, True, False),  # 4 an approver
            PersonSpec(1, 0, _R.SECURITY_OFFICER, True, True, False),  # 5 the other office
            PersonSpec(0, 0, _R.SECURITY_OFFICER, True, True, True),  # 6 password not own
            PersonSpec(0, 1, _R.AUDITOR, True, True, False),  # 7 the auditor, an approver
            PersonSpec(1, 0, _S, True, True, False),  # 8 in the other organisation
            PersonSpec(0, 1, _R.CLERK, True, False, False),  # 9 account deactivated
        ],
        assets=[
            AssetSpec(0, 1, AssetType.DESKTOP),  # 0 kept by 1
            AssetSpec(0, 2, AssetType.USB_STICK),  # 1 kept by one who left
            AssetSpec(0, None, "printer"),  # 2 kept by nobody
            AssetSpec(1, 1, AssetType.DESKTOP),  # 3 abroad, "kept" by 1
            AssetSpec(1, 8, AssetType.USB_STICK),  # 4 abroad, kept there
            AssetSpec(0, 6, AssetType.DESKTOP),  # 5 kept by the officer who must change
            AssetSpec(0, 3, AssetType.DESKTOP),  # 6 kept by the system administrator
            AssetSpec(0, 9, AssetType.DESKTOP),  # 7 kept by a deactivated account
        ],
        requests=[
            RequestSpec(0, 2, True, (4, 7)),  # the leader asked about 2 (the auditor too: unseen)
            RequestSpec(1, 4, True, (8,)),  # abroad, about an asset there
            RequestSpec(0, 3, True, (4,)),  # about an asset abroad: not shown
            RequestSpec(1, 0, True, (4, 1)),  # a foreign request about one of ours
            RequestSpec(0, None, True, (4,)),  # about no asset
            RequestSpec(0, 6, False, (4,)),  # about a document with asset 6's id
        ],
        records=[RecordSpec(kind, org, 0) for kind, org in itertools.product(OFFICE_KINDS, (0, 1))],
        uses=[UseSpec(0, 1, 0), UseSpec(0, 4, 0), UseSpec(1, 8, 4), UseSpec(1, 1, 3)],
        reviews=[
            ReviewSpec(0, (0, 1), 0),  # the custodians' department
            ReviewSpec(0, (0, 0), 0),
            ReviewSpec(1, (1, 0), 5),  # abroad, the department with the same index
            ReviewSpec(1, (0, 1), 5),  # abroad, naming our department
        ],
    )
)


@pytest.mark.django_db
@PROPERTY
@EVERY_CASE
@given(spec=worlds())
def test_the_ledger_policy_equals_the_oracle__DEV_LEDGER(spec: WorldSpec) -> None:
    """``ASSETS`` and ``ASKED_ASSETS``: known, may_know and the oracle agree for every
    account and asset; so do the ledger's reads built on them."""

    def check(world: Built) -> None:
        assets = list(enumerate(world.assets))
        holds_to_the_oracle(world, policies.ASSETS, assets, sees_ledger)
        holds_to_the_oracle(world, policies.ASKED_ASSETS, assets, asked_about)
        for i, account in enumerate(world.who.accounts):
            seen = {a.pk for k, a in assets if sees_ledger(world.spec, i, k)}
            assert set(ledger_queries.assets(account).values_list("pk", flat=True)) == seen
            for k, asset in assets:
                shown = ledger_queries.asked_about(account, asset.pk)
                assert (shown is not None) == asked_about(world.spec, i, k)
                if asset.pk not in seen:
                    with pytest.raises(NotFound):
                        ledger_queries.asset(account, asset.pk)

    in_rolled_back_world(spec, check)


@pytest.mark.django_db
@PROPERTY
@EVERY_CASE
@given(spec=worlds())
def test_the_office_records_policies_equal_the_oracle__DEV_LEDGER(spec: WorldSpec) -> None:
    """The security office's records, standalone uses (DEV-STANDALONE) and integrity reviews
    (DEV-INTEGRITY): known, may_know and the oracle agree for every account."""
    office = {
        "alert": policies.ALERTS,
        "check": policies.CHECKS,
        "repair": policies.REPAIRS,
        "loan": policies.LOANS,
        "infection": policies.INFECTIONS,
        "disposal": policies.DISPOSALS,
    }

    def check(world: Built) -> None:
        for kind, policy in office.items():
            holds_to_the_oracle(world, policy, world.records[kind], keeps_record)
        holds_to_the_oracle(world, policies.STANDALONE_USES, list(enumerate(world.uses)), sees_use)
        holds_to_the_oracle(
            world, policies.INTEGRITY_REVIEWS, list(enumerate(world.reviews)), sees_review
        )
        for i, account in enumerate(world.who.accounts):
            if not security_officer(world.spec.people[i]):
                with pytest.raises(AccessDenied):
                    care_queries.repairs(account)
                continue
            kept = {r.pk for k, r in world.records["repair"] if keeps_record(world.spec, i, k)}
            assert set(care_queries.repairs(account).values_list("pk", flat=True)) == kept

    in_rolled_back_world(spec, check)
