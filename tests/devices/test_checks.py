"""Physical checks of the ledger (DEV-LEDGER): what was found, typed in or imported from a
scanner's list, reconciled against the ledger; each finding becomes a follow-up alert."""

from __future__ import annotations

from typing import Any

import pytest

from baomi.core.errors import AccessDenied, InvalidInput, NotFound, RuleViolation
from baomi.devices.models import Alert, Asset, AssetType, Observation, PhysicalCheck, Status
from baomi.devices.operations import checks
from baomi.devices.queries.checks import (
    NOT_PRESENT,
    OUTSIDE,
    UNKNOWN,
    reconciliation,
)
from tests.devices.fixtures import make_asset
from tests.factories import audit_events


def _asset(ledger: Any, type: str = AssetType.USB_STICK, dept: str = "tech", **kw: Any) -> Asset:
    kw.setdefault("custodian_id", ledger.tech[0].person_id)
    kw.setdefault("location", "技术部201")
    return make_asset(
        ledger.world.organisation.pk, type, department_id=ledger.world.departments[dept].pk, **kw
    )


def _numbers(findings: list[Any]) -> list[str]:
    return [f.number or f.identifier for f in findings]


def test_a_check_names_the_missing_stick_and_the_unexpected_laptop__DEV_LEDGER(
    ledger: Any,
) -> None:
    desktop = _asset(ledger, AssetType.DESKTOP, serial="PC-SN-1")
    found_stick = _asset(ledger, serial="U-SN-1")
    lost_stick = _asset(ledger, serial="U-SN-2")
    _asset(ledger, status=Status.SCRAPPED)  # scrapped: not expected, not looked for
    check = checks.start_check(actor=ledger.officer)
    imported = checks.import_observations(
        actor=ledger.officer,
        check_id=check.pk,
        identifiers=[desktop.number, "", "  U-SN-1 ", "LAPTOP-X1"],  # number, serial, unknown
    )
    assert imported == (3, 1)
    result = reconciliation(ledger.officer, check.pk)
    assert (result.expected, result.observed) == (3, 3)
    assert _numbers(result.missing) == [lost_stick.number]
    assert [(f.identifier, f.asset_id, f.expected) for f in result.unexpected] == [
        ("LAPTOP-X1", None, UNKNOWN)
    ]
    assert not (result.wrong_custodian or result.wrong_location or result.wrong_status)
    assert not result.matches
    assert Observation.objects.get(identifier="U-SN-1").asset == found_stick
    # Closing turns each finding into a follow-up item for the security office.
    checks.close_check(actor=ledger.officer, check_id=check.pk)
    alerts = Alert.objects.filter(rule_id="DEV-LEDGER").order_by("pk")
    assert [(a.asset_id, a.resolved_at) for a in alerts] == [(lost_stick.pk, None), (None, None)]
    assert "LAPTOP-X1" in alerts[1].description
    closed = audit_events("devices.check_closed")[-1]["data"]
    assert (closed["missing"], closed["unexpected"]) == (1, 1)


def test_a_check_finds_the_wrong_custodian_location_and_status__DEV_LEDGER(ledger: Any) -> None:
    a, b, c, d = (_asset(ledger) for _ in range(4))
    check = checks.start_check(actor=ledger.officer)
    observe = {"actor": ledger.officer, "check_id": check.pk}
    checks.observe(**observe, identifier=a.number, custodian_id=ledger.tech[1].person_id)
    checks.observe(**observe, identifier=b.number, location="会议室")
    checks.observe(**observe, identifier=c.number, status=Status.SPARE)
    # The same values as the ledger, or none given: no finding.
    checks.observe(
        **observe,
        identifier=d.number,
        custodian_id=ledger.tech[0].person_id,
        location="技术部201",
        status=Status.IN_USE,
    )
    result = reconciliation(ledger.officer, check.pk)
    assert result.missing == [] and result.unexpected == []
    assert [(f.asset_id, f.expected, f.found) for f in result.wrong_custodian] == [
        (a.pk, ledger.tech[0].person_id, ledger.tech[1].person_id)
    ]
    assert [(f.asset_id, f.found) for f in result.wrong_location] == [(b.pk, "会议室")]
    assert [(f.asset_id, f.expected, f.found) for f in result.wrong_status] == [
        (c.pk, Status.IN_USE, Status.SPARE)
    ]
    checks.close_check(actor=ledger.officer, check_id=check.pk)
    descriptions = list(Alert.objects.order_by("pk").values_list("description", flat=True))
    assert len(descriptions) == 3 and "张二" in descriptions[0] and "会议室" in descriptions[1]


def test_a_department_check_expects_its_own_assets_only__DEV_LEDGER(ledger: Any) -> None:
    tech = _asset(ledger, dept="tech")
    lab = _asset(ledger, dept="lab")  # below tech: expected
    office = _asset(ledger, dept="office")  # another department: unexpected if found here
    lent = _asset(ledger, dept="tech", status=Status.LENT)  # not expected to be present
    check = checks.start_check(
        actor=ledger.officer, department_id=ledger.world.departments["tech"].pk
    )
    checks.import_observations(
        actor=ledger.officer,
        check_id=check.pk,
        identifiers=[tech.number, office.number, lent.number],
    )
    result = reconciliation(ledger.officer, check.pk)
    assert result.expected == 2
    assert _numbers(result.missing) == [lab.number]
    assert [(f.asset_id, f.expected) for f in result.unexpected] == [
        (office.pk, OUTSIDE),
        (lent.pk, NOT_PRESENT),
    ]


def test_an_identifier_is_matched_by_number_then_by_serial__DEV_LEDGER(ledger: Any) -> None:
    first = _asset(ledger, serial="SAME")
    _asset(ledger, serial="SAME")  # a serial two assets carry matches neither
    by_number = _asset(ledger, number="SAME-NO", serial="X")
    check = checks.start_check(actor=ledger.officer)
    found = [
        checks.observe(actor=ledger.officer, check_id=check.pk, identifier=i).asset_id
        for i in ("SAME", "SAME-NO", first.number)
    ]
    assert found == [None, by_number.pk, first.pk]


def test_a_closed_check_takes_no_more_findings__DEV_LEDGER(ledger: Any) -> None:
    stick = _asset(ledger)
    check = checks.start_check(actor=ledger.officer)
    checks.close_check(actor=ledger.officer, check_id=check.pk)
    for call in (
        lambda: checks.observe(actor=ledger.officer, check_id=check.pk, identifier=stick.number),
        lambda: checks.close_check(actor=ledger.officer, check_id=check.pk),
    ):
        with pytest.raises(RuleViolation) as refused:
            call()
        assert refused.value.rule_id == "DEV-LEDGER"
    assert not Observation.objects.exists()
    assert Alert.objects.count() == 1  # the missing stick, once


def test_an_import_is_all_or_nothing__DEV_LEDGER(ledger: Any) -> None:
    check = checks.start_check(actor=ledger.officer)
    with pytest.raises(InvalidInput) as rejected:
        checks.import_observations(
            actor=ledger.officer, check_id=check.pk, identifiers=["ZC-1", "X" * 101, "ZC-2"]
        )
    assert [r["row"] for r in rejected.value.detail] == [2]
    assert not Observation.objects.exists()


def test_only_the_security_officer_checks_the_ledger__DEV_LEDGER(ledger: Any) -> None:
    with pytest.raises(AccessDenied):
        checks.start_check(actor=ledger.tech[0])
    check = checks.start_check(actor=ledger.officer)
    with pytest.raises(AccessDenied):
        reconciliation(ledger.tech[0], check.pk)
    with pytest.raises(NotFound):
        checks.start_check(actor=ledger.officer, department_id=999_999)
    assert PhysicalCheck.objects.count() == 1


def test_the_reconciliation_reads_in_a_fixed_number_of_queries__DEV_LEDGER(
    ledger: Any, django_assert_max_num_queries: Any
) -> None:
    assets = [_asset(ledger) for _ in range(40)]
    check = checks.start_check(actor=ledger.officer)
    checks.import_observations(
        actor=ledger.officer,
        check_id=check.pk,
        identifiers=[a.number for a in assets[5:]] + ["??1", "??2"],
    )
    with django_assert_max_num_queries(4):
        result = reconciliation(ledger.officer, check.pk)
    assert (len(result.missing), len(result.unexpected)) == (5, 2)
