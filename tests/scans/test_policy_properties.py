"""The scan records' policy (``baomi.scans.policies.SCAN_RECORDS``) held to a brute-force
oracle over random worlds, like CLS-MAC in tests/access/test_mac_properties.py.

Each example builds two organisations with people of random roles, employment and accounts
(tests/access/people.py) and scan records of either organisation, of departments of either
(a record names its department as filed), filed by anyone — written directly to the
database inside a savepoint rolled back afterwards. The oracle restates the rule from the
generated data alone: the security office reads its own organisation's records
(READ_SCAN_REPORTS: the security officer's role, the account active, the password their
own), nobody else reads any; whoever filed a record does not read it for that."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from baomi.access.roles import Role
from baomi.core.errors import AccessDenied, NotFound
from baomi.scans import queries
from baomi.scans.models import ScanRecord
from baomi.scans.policies import SCAN_RECORDS
from tests.access.people import (
    DEPARTMENTS,
    People,
    PersonSpec,
    build_people,
    person_specs,
    security_officer,
)


@dataclass(frozen=True)
class RecordSpec:
    org: int
    dept: tuple[int, int]  # (organisation, department index), either organisation
    filed_by: int  # index into the people


@dataclass
class WorldSpec:
    people: list[PersonSpec]
    records: list[RecordSpec]


@st.composite
def worlds(draw: st.DrawFn) -> WorldSpec:
    people = draw(person_specs())
    depts = [(o, d) for o, size in enumerate(DEPARTMENTS) for d in range(size)]
    records = [
        RecordSpec(
            org=draw(st.sampled_from([0, 0, 1])),
            dept=draw(st.sampled_from(depts)),
            filed_by=draw(st.integers(0, len(people) - 1)),
        )
        for _i in range(draw(st.integers(0, 8)))
    ]
    return WorldSpec(people, records)


@dataclass
class Built:
    spec: WorldSpec
    who: People
    records: list[ScanRecord]


def build(spec: WorldSpec) -> Built:
    """Write the world straight to the database (tests may; the product may not)."""
    who = build_people(spec.people)
    now = timezone.now()
    records = [
        ScanRecord.objects.create(
            organisation=who.orgs[r.org],
            department=who.departments[r.dept[0]][r.dept[1]],
            host=f"PC-{k}",
            started_at=now,
            finished_at=now,
            keyword_list="k",
            keyword_list_sha256="0" * 64,
            files_scanned=1,
            files_cached=0,
            bytes_scanned=1,
            finding_count=0,
            skipped_count=0,
            report_version=1,
            submitted_by=who.accounts[r.filed_by],
            submitted_at=now,
        )
        for k, r in enumerate(spec.records)
    ]
    return Built(spec, who, records)


def reads(spec: WorldSpec, i: int, k: int) -> bool:
    """The rule, from the generated data alone."""
    return security_officer(spec.people[i]) and spec.records[k].org == spec.people[i].org


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
            PersonSpec(0, 1, _R.STAFF, True, True, False),  # 2 files a report
            PersonSpec(0, 0, _R.SECURITY_OFFICER, True, True, True),  # 3 password not own
            PersonSpec(0, 0, _R.SECURITY_OFFICER, True, False, False),  # 4 deactivated
            PersonSpec(0, 0, _R.SYSADMIN, True, True, False),  # 5 the system administrator
            PersonSpec(0, 0, _R.AUDITOR, True, True, False),  # 6 the auditor
            PersonSpec(0, 0, _R.SECURITY_OFFICER, False, True, False),  # 7 has left
        ],
        records=[
            RecordSpec(0, (0, 1), 2),  # filed by staff
            RecordSpec(1, (1, 0), 1),  # abroad
            RecordSpec(0, (1, 0), 0),  # ours, naming a foreign department
            RecordSpec(1, (0, 0), 2),  # abroad, naming our department, filed by ours
        ],
    )
)


@pytest.mark.django_db
@PROPERTY
@EVERY_CASE
@given(spec=worlds())
def test_the_scan_records_policy_equals_the_oracle(spec: WorldSpec) -> None:
    """``known``, ``may_know`` and the oracle agree for every account and record; the
    queries list exactly those, refuse whoever is not the security office and answer "not
    found" for a record of another organisation."""

    def check(world: Built) -> None:
        for i, account in enumerate(world.who.accounts):
            expected = {r.pk for k, r in enumerate(world.records) if reads(world.spec, i, k)}
            known = set(SCAN_RECORDS.known(account).values_list("pk", flat=True))
            admitted = {r.pk for r in world.records if SCAN_RECORDS.may_know(account, r)}
            assert known == admitted == expected, (world.spec.people[i], known, expected)
            if not security_officer(world.spec.people[i]):
                with pytest.raises(AccessDenied):
                    queries.scan_records(account)
                continue
            assert set(queries.scan_records(account).values_list("pk", flat=True)) == expected
            for record in world.records:
                if record.pk in expected:
                    assert queries.scan_record(account, record.pk) == record
                else:
                    with pytest.raises(NotFound):
                        queries.scan_record(account, record.pk)

    in_rolled_back_world(spec, check)
