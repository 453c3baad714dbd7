"""Uses of media on computers (RULES.md §7): registered media only (MEDIA-REGISTERED), no
cross-use (MEDIA-NO-CROSS), taint and sanitising with approval (MEDIA-TAINT), no copies to
take home (DEV-NO-HOME); every refusal keeps its evidence and raises an alert."""

from __future__ import annotations

from typing import Any

import pytest

from baomi.approvals import operations as approvals
from baomi.core.errors import AccessDenied, Conflict, NotFound, RuleViolation
from baomi.core.levels import Level
from baomi.devices.models import Alert, Asset, AssetEvent, AssetType, MediaUse, Status
from baomi.devices.operations import media
from tests.devices.fixtures import make_asset
from tests.factories import audit_events


def _asset(ledger: Any, type: str, **kw: Any) -> Asset:
    kw.setdefault("custodian_id", ledger.tech[0].person_id)
    kw.setdefault("department_id", ledger.world.departments["tech"].pk)
    return make_asset(ledger.world.organisation.pk, type, **kw)


def _computer(ledger: Any, level: int = Level.SECRET, **kw: Any) -> Asset:
    network = "isolated" if level >= Level.CONFIDENTIAL else "internal"
    return _asset(ledger, AssetType.DESKTOP, level=level, network=network, **kw)


def _stick(ledger: Any, level: int = Level.SECRET, **kw: Any) -> Asset:
    return _asset(ledger, AssetType.USB_STICK, level=level, tainted=level >= 2, **kw)


def _use(ledger: Any, computer: Asset, identifier: str, **kw: Any) -> MediaUse:
    kw.setdefault("actor", ledger.tech[0])
    return media.record_media_use(computer_id=computer.pk, medium_identifier=identifier, **kw)


def _refused(ledger: Any, computer: Asset, identifier: str, rule_id: str, **kw: Any) -> None:
    """The use is refused with ``rule_id``, and its evidence kept: the refused use and an
    alert for the security office naming it."""
    allowed = MediaUse.objects.filter(allowed=True).count()
    with pytest.raises(RuleViolation) as refused:
        _use(ledger, computer, identifier, **kw)
    assert refused.value.rule_id == rule_id
    assert MediaUse.objects.filter(allowed=True).count() == allowed
    use = MediaUse.objects.get(allowed=False, medium_identifier=identifier, rule_id=rule_id)
    assert use.computer == computer
    alert = Alert.objects.get(media_use=use)
    assert (alert.rule_id, alert.asset, alert.resolved_at) == (rule_id, computer, None)
    assert audit_events("operation.refused")[-1]["data"]["rule"] == rule_id


def _unchanged(asset: Asset) -> None:
    before = (asset.level, asset.tainted, asset.status)
    asset.refresh_from_db()
    assert (asset.level, asset.tainted, asset.status) == before


def test_a_registered_medium_is_used_and_the_use_logged__MEDIA_REGISTERED(ledger: Any) -> None:
    computer, stick = _computer(ledger), _stick(ledger, serial="SN-77")
    use = _use(ledger, computer, "SN-77", purpose="拷贝会议材料")  # found by its serial
    assert (use.allowed, use.medium, use.person_id) == (True, stick, ledger.tech[0].person_id)
    # Each history line names the other asset by its id (shown to whoever may see it).
    assert [(e.action, e.data["medium"]) for e in AssetEvent.objects.filter(asset=computer)] == [
        ("medium_used", stick.pk)
    ]
    assert AssetEvent.objects.filter(
        asset=stick, action="used", data__computer=computer.pk
    ).exists()
    assert audit_events("devices.media_used")[-1]["data"]["medium"] == stick.pk


def test_an_unregistered_medium_is_refused_and_kept_as_evidence__MEDIA_REGISTERED(
    ledger: Any,
) -> None:
    computer = _computer(ledger)
    _refused(ledger, computer, "私人U盘", "MEDIA-REGISTERED")
    assert MediaUse.objects.get(allowed=False).medium is None
    assert not AssetEvent.objects.exists()


def test_a_scrapped_medium_is_no_longer_registered__MEDIA_REGISTERED(ledger: Any) -> None:
    computer, stick = _computer(ledger), _stick(ledger, status=Status.SCRAPPED)
    _refused(ledger, computer, stick.number, "MEDIA-REGISTERED")
    _unchanged(stick)


def test_a_computer_in_the_ledger_is_needed__MEDIA_REGISTERED(ledger: Any) -> None:
    other_org_computer = make_asset(
        _other_org(ledger), AssetType.DESKTOP, level=Level.SECRET, network="isolated"
    )
    stick = _stick(ledger)
    with pytest.raises(NotFound):
        _use(ledger, other_org_computer, stick.number, actor=ledger.officer)
    assert not MediaUse.objects.exists()


def _other_org(ledger: Any) -> int:
    from tests.factories import World

    return World.build().organisation.pk


def test_only_the_custodian_or_the_security_officer_records_a_use__MEDIA_REGISTERED(
    ledger: Any,
) -> None:
    computer, stick = _computer(ledger), _stick(ledger)
    with pytest.raises(NotFound):
        _use(ledger, computer, stick.number, actor=ledger.tech[1])
    assert _use(ledger, computer, stick.number, actor=ledger.officer).allowed
    assert MediaUse.objects.count() == 1


def test_a_classified_medium_never_goes_on_an_unclassified_computer__MEDIA_NO_CROSS(
    ledger: Any,
) -> None:
    computer, stick = _computer(ledger, level=0), _stick(ledger, level=Level.CONFIDENTIAL)
    _refused(ledger, computer, stick.number, "MEDIA-NO-CROSS")
    _unchanged(stick)
    assert not AssetEvent.objects.exists()


def test_an_unclassified_medium_never_goes_on_a_classified_computer__MEDIA_NO_CROSS(
    ledger: Any,
) -> None:
    computer, stick = _computer(ledger), _stick(ledger, level=0)
    _refused(ledger, computer, stick.number, "MEDIA-NO-CROSS")
    _unchanged(stick)  # a refused use taints nothing
    assert not stick.tainted


def test_a_medium_used_on_a_classified_computer_is_classified_from_then_on__MEDIA_TAINT(
    ledger: Any,
) -> None:
    secret = _computer(ledger, level=Level.SECRET)
    stick = _stick(ledger, level=Level.CONFIDENTIAL)
    stick.tainted = False
    stick.save(update_fields=["tainted"])
    _use(ledger, secret, stick.number)
    stick.refresh_from_db()
    assert (stick.tainted, stick.level) == (True, Level.SECRET)
    assert AssetEvent.objects.filter(asset=stick, action="tainted").exists()
    # Now a classified medium: it never goes back to an unclassified computer.
    plain = _computer(ledger, level=0)
    _refused(ledger, plain, stick.number, "MEDIA-NO-CROSS", actor=ledger.officer)


def test_a_tainted_medium_is_reused_only_after_approved_sanitising__MEDIA_TAINT(
    ledger: Any,
) -> None:
    plain = _computer(ledger, level=0)
    stick = _stick(ledger, level=Level.SECRET)
    # Lowered in the ledger by hand, it still has held classified data.
    stick.level = 0
    stick.save(update_fields=["level"])
    _refused(ledger, plain, stick.number, "MEDIA-TAINT")
    _unchanged(stick)
    # Sanitising needs the office director's approval.
    with pytest.raises(RuleViolation) as refused:
        media.sanitise(actor=ledger.officer, medium_id=stick.pk, method="消磁后多次覆写")
    assert refused.value.rule_id == "MEDIA-TAINT"
    _unchanged(stick)
    request = media.request_sanitisation(
        actor=ledger.officer, medium_id=stick.pk, reason="改作非涉密用途"
    )
    assert [s.approver_id for s in request.steps.all()] == [ledger.director.person_id]
    approvals.decide(actor=ledger.director, request_id=request.pk, approve=True)
    media.sanitise(actor=ledger.officer, medium_id=stick.pk, method="消磁后多次覆写")
    stick.refresh_from_db()
    assert (stick.level, stick.tainted) == (0, False)
    assert AssetEvent.objects.get(asset=stick, action="sanitised").note == "消磁后多次覆写"
    assert _use(ledger, plain, stick.number).allowed
    # The approval is used up: a second sanitising needs another one.
    stick.tainted = True
    stick.save(update_fields=["tainted"])
    with pytest.raises(RuleViolation):
        media.sanitise(actor=ledger.officer, medium_id=stick.pk, method="再次处理")


def test_a_medium_that_never_held_classified_data_needs_no_sanitising__MEDIA_TAINT(
    ledger: Any,
) -> None:
    stick = _stick(ledger, level=0)
    with pytest.raises(RuleViolation) as refused:
        media.request_sanitisation(actor=ledger.officer, medium_id=stick.pk, reason="再用")
    assert refused.value.rule_id == "MEDIA-TAINT"


def test_classified_files_are_not_copied_to_take_home__DEV_NO_HOME(ledger: Any) -> None:
    computer, stick = _computer(ledger), _stick(ledger)
    _refused(ledger, computer, stick.number, "DEV-NO-HOME", to_take_home=True, purpose="带回家")
    _unchanged(stick)
    assert not AssetEvent.objects.exists()
    # From an unclassified computer an unclassified medium may go home.
    plain, own = _computer(ledger, level=0), _stick(ledger, level=0)
    assert _use(ledger, plain, own.number, to_take_home=True).allowed


def test_the_security_office_resolves_an_alert_once__MEDIA_NO_CROSS(ledger: Any) -> None:
    computer, stick = _computer(ledger), _stick(ledger, level=0)
    _refused(ledger, computer, stick.number, "MEDIA-NO-CROSS")
    alert = Alert.objects.get()
    with pytest.raises(AccessDenied):
        media.resolve_alert(actor=ledger.tech[0], alert_id=alert.pk, resolution="x")
    media.resolve_alert(actor=ledger.officer, alert_id=alert.pk, resolution="已批评教育")
    alert.refresh_from_db()
    assert alert.resolution == "已批评教育" and alert.resolved_at is not None
    with pytest.raises(Conflict):
        media.resolve_alert(actor=ledger.officer, alert_id=alert.pk, resolution="again")
