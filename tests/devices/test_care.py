"""The equipment's care (RULES.md §7): repairs by a designated vendor with approval, the disk
of a classified machine kept (DEV-REPAIR); lending outside with approval (DEV-LEND);
scrapping and destroying with approval and two supervisors (DESTROY-APPROVE,
DESTROY-WITNESS, DESTROY-PLACE); antivirus and infections (DEV-AV); backups as a deadline
(DEV-BACKUP); standalone processing (DEV-STANDALONE); integrity reviews (DEV-INTEGRITY)."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.utils import timezone

from baomi.access.roles import Role
from baomi.accounts.models import Account
from baomi.approvals import operations as approvals
from baomi.approvals.models import ApprovalRequest
from baomi.core.errors import AccessDenied, Conflict, InvalidInput, NotFound, RuleViolation
from baomi.core.levels import Clearance, Level
from baomi.devices.models import (
    Alert,
    Asset,
    AssetType,
    Disposal,
    MediaUse,
    Status,
)
from baomi.devices.operations import away, disposal, ledger, media, upkeep
from baomi.devices.queries import care
from baomi.devices.queries import ledger as reads
from baomi.org import operations as org
from baomi.rulebook.models import RuleOverride
from tests.devices.fixtures import make_asset
from tests.factories import audit_events, prepare_leaving

VENDOR = "市保密技术服务中心"


@pytest.fixture
def care_ledger(ledger: Any) -> Any:
    """The ledger's organisation with a leader in charge of both departments and one
    designated repair vendor."""
    world = ledger.world
    ledger.leader = world.account(
        Role.LEADER, dept="office", rank="director", clearance=Clearance.CORE, name="陈分管"
    )
    for dept, head in (("office", ledger.director.person_id), ("tech", None)):
        org.set_department_leaders(
            actor=None,
            department_id=world.departments[dept].pk,
            head_id=head,
            leader_in_charge_id=ledger.leader.person_id,
        )
    RuleOverride.objects.create(
        organisation=world.organisation, rule_id="DEV-REPAIR", params={"vendors": [VENDOR]}
    )
    return ledger


def _asset(ledger: Any, type: str = AssetType.DESKTOP, **kw: Any) -> Asset:
    kw.setdefault("custodian_id", ledger.tech[0].person_id)
    kw.setdefault("department_id", ledger.world.departments["tech"].pk)
    return make_asset(ledger.world.organisation.pk, type, **kw)


def _classified(ledger: Any, **kw: Any) -> Asset:
    return _asset(ledger, level=Level.SECRET, network="none", **kw)


def _grant(request: ApprovalRequest) -> None:
    """Every approver of the request approves, in order."""
    for step in request.steps.order_by("order"):
        approver = Account.objects.get(person=step.approver)
        approvals.decide(actor=approver, request_id=request.pk, approve=True)


def _status(asset: Asset) -> str:
    asset.refresh_from_db()
    return asset.status


# Repairs (DEV-REPAIR) ------------------------------------------------------------------------


def test_a_repair_goes_to_the_designated_vendor_on_the_directors_approval__DEV_REPAIR(
    care_ledger: Any,
) -> None:
    laptop = _asset(care_ledger, AssetType.LAPTOP)
    request = away.request_repair(
        actor=care_ledger.officer, asset_id=laptop.pk, vendor=VENDOR, fault="屏幕不亮"
    )
    assert [s.approver_id for s in request.steps.all()] == [care_ledger.director.person_id]
    with pytest.raises(RuleViolation) as refused:
        away.send_to_repair(
            actor=care_ledger.officer, asset_id=laptop.pk, vendor=VENDOR, fault="屏幕不亮"
        )
    assert refused.value.rule_id == "DEV-REPAIR"
    assert _status(laptop) == Status.IN_USE
    _grant(request)
    repair = away.send_to_repair(
        actor=care_ledger.officer, asset_id=laptop.pk, vendor=VENDOR, fault="屏幕不亮"
    )
    assert (_status(laptop), repair.vendor, repair.approval_id) == (
        Status.IN_REPAIR,
        VENDOR,
        request.pk,
    )
    assert list(care.repairs(care_ledger.officer, open_only=True)) == [repair]
    # An asset in repair is not lent, disposed of or sent again before it comes back.
    with pytest.raises(RuleViolation):
        away.request_repair(
            actor=care_ledger.officer, asset_id=laptop.pk, vendor=VENDOR, fault="again"
        )
    with pytest.raises(RuleViolation) as busy:
        ledger.update_asset(actor=care_ledger.officer, asset_id=laptop.pk, status="in_use")
    assert busy.value.rule_id == "DEV-LEDGER"
    away.return_from_repair(actor=care_ledger.officer, repair_id=repair.pk, work_done="换屏")
    assert _status(laptop) == Status.IN_USE
    with pytest.raises(Conflict):
        away.return_from_repair(actor=care_ledger.officer, repair_id=repair.pk, work_done="x")
    actions = [e.action for e in laptop.history.all()]
    assert actions[-2:] == ["sent_to_repair", "repaired"]
    assert audit_events("devices.sent_to_repair")[-1]["data"]["approval_id"] == request.pk


def test_a_repair_by_another_vendor_is_refused__DEV_REPAIR(care_ledger: Any) -> None:
    laptop = _asset(care_ledger, AssetType.LAPTOP)
    with pytest.raises(RuleViolation) as refused:
        away.request_repair(
            actor=care_ledger.officer, asset_id=laptop.pk, vendor="街边电脑店", fault="坏了"
        )
    assert refused.value.rule_id == "DEV-REPAIR"
    assert VENDOR in str(refused.value)
    assert not ApprovalRequest.objects.filter(rule_id="DEV-REPAIR").exists()


def test_an_approval_for_one_vendor_does_not_cover_another__DEV_REPAIR(care_ledger: Any) -> None:
    RuleOverride.objects.filter(rule_id="DEV-REPAIR").update(
        params={"vendors": [VENDOR, "第二服务商"]}
    )
    laptop = _asset(care_ledger, AssetType.LAPTOP)
    _grant(
        away.request_repair(
            actor=care_ledger.officer, asset_id=laptop.pk, vendor=VENDOR, fault="坏了"
        )
    )
    with pytest.raises(RuleViolation):
        away.send_to_repair(
            actor=care_ledger.officer, asset_id=laptop.pk, vendor="第二服务商", fault="坏了"
        )


def test_a_classified_machine_leaves_its_disk_behind__DEV_REPAIR(care_ledger: Any) -> None:
    desktop = _classified(care_ledger)
    _grant(
        away.request_repair(
            actor=care_ledger.officer, asset_id=desktop.pk, vendor=VENDOR, fault="不开机"
        )
    )
    with pytest.raises(RuleViolation) as refused:
        away.send_to_repair(
            actor=care_ledger.officer, asset_id=desktop.pk, vendor=VENDOR, fault="不开机"
        )
    assert refused.value.rule_id == "DEV-REPAIR"
    assert _status(desktop) == Status.IN_USE
    repair = away.send_to_repair(
        actor=care_ledger.officer,
        asset_id=desktop.pk,
        vendor=VENDOR,
        fault="不开机",
        storage_kept="硬盘 WD-123 留保密室柜 3",
    )
    assert repair.storage_kept == "硬盘 WD-123 留保密室柜 3"


def test_a_medium_that_held_classified_data_never_goes_to_repair__DEV_REPAIR(
    care_ledger: Any,
) -> None:
    stick = _asset(care_ledger, AssetType.USB_STICK, level=0, tainted=True)
    with pytest.raises(RuleViolation) as refused:
        away.request_repair(
            actor=care_ledger.officer, asset_id=stick.pk, vendor=VENDOR, fault="读不出"
        )
    assert refused.value.rule_id == "DEV-REPAIR"


def test_only_the_security_officer_sends_equipment_to_repair__DEV_REPAIR(
    care_ledger: Any,
) -> None:
    laptop = _asset(care_ledger, AssetType.LAPTOP)
    with pytest.raises(AccessDenied):
        away.request_repair(actor=care_ledger.tech[0], asset_id=laptop.pk, vendor=VENDOR, fault="x")


# Lending (DEV-LEND) -------------------------------------------------------------------------


def test_lending_outside_needs_a_leaders_approval__DEV_LEND(care_ledger: Any) -> None:
    projector_laptop = _asset(care_ledger, AssetType.LAPTOP)
    due = timezone.localdate() + datetime.timedelta(days=7)
    kw = {
        "actor": care_ledger.officer,
        "asset_id": projector_laptop.pk,
        "borrower": "兄弟单位",
        "due_back": due,
        "purpose": "会议演示",
    }
    with pytest.raises(RuleViolation) as refused:
        away.lend_asset(**kw)
    assert refused.value.rule_id == "DEV-LEND"
    request = away.request_loan(**kw)
    assert [s.approver_id for s in request.steps.all()] == [care_ledger.leader.person_id]
    _grant(request)
    # The approval names the borrower and the date: another borrower is not covered.
    with pytest.raises(RuleViolation):
        away.lend_asset(**{**kw, "borrower": "别的单位"})
    loan = away.lend_asset(**kw)
    assert (_status(projector_laptop), loan.borrower, loan.due_back) == (
        Status.LENT,
        "兄弟单位",
        due,
    )
    assert list(care.loans(care_ledger.officer, open_only=True)) == [loan]
    away.return_loan(actor=care_ledger.officer, loan_id=loan.pk, condition="完好")
    assert _status(projector_laptop) == Status.IN_USE
    assert list(care.loans(care_ledger.officer, open_only=True)) == []


def test_a_loan_due_in_the_past_is_bad_input(care_ledger: Any) -> None:
    laptop = _asset(care_ledger, AssetType.LAPTOP)
    with pytest.raises(InvalidInput):
        away.request_loan(
            actor=care_ledger.officer,
            asset_id=laptop.pk,
            borrower="兄弟单位",
            due_back=timezone.localdate() - datetime.timedelta(days=1),
            purpose="x",
        )


# Scrapping and destruction (DESTROY-APPROVE, DESTROY-WITNESS, DESTROY-PLACE) ----------------


def _dispose(ledger: Any, assets: list[Asset], **kw: Any) -> Disposal:
    kw.setdefault("outcome", "destroyed")
    kw.setdefault("method", "shredded")
    kw.setdefault("place", "定点销毁中心")
    kw.setdefault("operator_id", ledger.office.person_id)
    kw.setdefault("witness_ids", [ledger.officer.person_id, ledger.director.person_id])
    return disposal.dispose(actor=ledger.officer, asset_ids=[a.pk for a in assets], **kw)


def test_destroying_assets_needs_approval_and_two_supervisors__DESTROY_WITNESS(
    care_ledger: Any,
) -> None:
    sticks = [
        _asset(care_ledger, AssetType.USB_STICK, level=Level.SECRET, tainted=True) for _ in "12"
    ]
    with pytest.raises(RuleViolation) as unapproved:
        _dispose(care_ledger, sticks)
    assert unapproved.value.rule_id == "DESTROY-APPROVE"
    request = disposal.request_disposal(
        actor=care_ledger.officer,
        asset_ids=[s.pk for s in sticks],
        outcome="destroyed",
        reason="损坏",
    )
    _grant(request)
    with pytest.raises(RuleViolation) as one_witness:
        _dispose(care_ledger, sticks, witness_ids=[care_ledger.officer.person_id])
    assert one_witness.value.rule_id == "DESTROY-WITNESS"
    with pytest.raises(RuleViolation) as own:
        _dispose(
            care_ledger,
            sticks,
            witness_ids=[care_ledger.office.person_id, care_ledger.officer.person_id],
        )
    assert own.value.rule_id == "DESTROY-WITNESS"
    assert {_status(s) for s in sticks} == {Status.IN_USE}
    done = _dispose(care_ledger, sticks)
    assert {_status(s) for s in sticks} == {Status.DESTROYED}
    assert set(done.witnesses.values_list("pk", flat=True)) == {
        care_ledger.officer.person_id,
        care_ledger.director.person_id,
    }
    assert list(care.disposals(care_ledger.officer)) == [done]
    # Gone from the ledger: a destroyed stick is an unregistered medium from now on.
    computer = _classified(care_ledger)
    with pytest.raises(RuleViolation) as gone:
        media.record_media_use(
            actor=care_ledger.tech[0], computer_id=computer.pk, medium_identifier=sticks[0].number
        )
    assert gone.value.rule_id == "MEDIA-REGISTERED"


def test_an_asset_that_held_classified_data_is_never_scrapped_as_it_is__DESTROY_PLACE(
    care_ledger: Any,
) -> None:
    desktop = _classified(care_ledger)
    _grant(
        disposal.request_disposal(
            actor=care_ledger.officer, asset_ids=[desktop.pk], outcome="scrapped", reason="老旧"
        )
    )
    with pytest.raises(RuleViolation) as refused:
        _dispose(care_ledger, [desktop], outcome="scrapped", method="plain")
    assert refused.value.rule_id == "DESTROY-PLACE"
    with pytest.raises(RuleViolation) as nowhere:
        _dispose(care_ledger, [desktop], outcome="scrapped", method="storage_destroyed", place="")
    assert nowhere.value.rule_id == "DESTROY-PLACE"
    _dispose(care_ledger, [desktop], outcome="scrapped", method="storage_destroyed")
    assert _status(desktop) == Status.SCRAPPED


def test_an_approval_covers_exactly_its_assets_and_outcome__DESTROY_APPROVE(
    care_ledger: Any,
) -> None:
    printer = _asset(care_ledger, AssetType.PRINTER)
    other = _asset(care_ledger, AssetType.PRINTER)
    _grant(
        disposal.request_disposal(
            actor=care_ledger.officer, asset_ids=[printer.pk], outcome="scrapped", reason="坏"
        )
    )
    for assets, outcome in (([printer, other], "scrapped"), ([printer], "destroyed")):
        with pytest.raises(RuleViolation) as refused:
            _dispose(care_ledger, assets, outcome=outcome, method="storage_destroyed")
        assert refused.value.rule_id == "DESTROY-APPROVE"
    _dispose(care_ledger, [printer], outcome="scrapped", method="plain")
    assert (_status(printer), _status(other)) == (Status.SCRAPPED, Status.IN_USE)


def _disposed(care_ledger: Any) -> Disposal:
    """A stick destroyed by the clerk of the general office under the security officer and
    the office director."""
    stick = _asset(care_ledger, AssetType.USB_STICK, level=Level.SECRET, tainted=True)
    _grant(
        disposal.request_disposal(
            actor=care_ledger.officer, asset_ids=[stick.pk], outcome="destroyed", reason="损坏"
        )
    )
    return _dispose(care_ledger, [stick])


def test_supervisors_sign_on_their_login_or_on_paper__DESTROY_WITNESS(care_ledger: Any) -> None:
    gone = _disposed(care_ledger)
    director, officer = care_ledger.director, care_ledger.officer
    assert list(care.to_witness(director)) == [gone]
    assert care.to_witness(director)[0].asset_count == 1
    signed = disposal.confirm_witness(actor=director, disposal_id=gone.pk)
    assert (signed.witness_id, signed.on_paper, signed.recorded_by) == (
        director.person_id,
        False,
        director,
    )
    assert list(care.to_witness(director)) == []
    # The officer records their own signature from the paper list as any other.
    paper = disposal.record_witness_signature(
        actor=officer, disposal_id=gone.pk, witness_id=officer.person_id
    )
    assert (paper.on_paper, paper.recorded_by) == (True, officer)
    assert list(care.to_witness(officer)) == []
    assert [
        (e["data"]["witness"], e["data"]["on_paper"])
        for e in audit_events("devices.witness_signed")
    ] == [(director.person_id, False), (officer.person_id, True)]


def test_only_a_named_supervisor_signs_and_only_once__DESTROY_WITNESS(care_ledger: Any) -> None:
    gone = _disposed(care_ledger)
    stranger = care_ledger.stranger
    # The operator, and someone not named who may not even see the asset, sign nothing.
    for actor in (care_ledger.office, stranger):
        with pytest.raises(RuleViolation) as refused:
            disposal.confirm_witness(actor=actor, disposal_id=gone.pk)
        assert refused.value.rule_id == "DESTROY-WITNESS"
    assert not reads.assets(stranger).exists()
    for person_id in (care_ledger.office.person_id, stranger.person_id):
        with pytest.raises(RuleViolation) as refused:
            disposal.record_witness_signature(
                actor=care_ledger.officer, disposal_id=gone.pk, witness_id=person_id
            )
        assert refused.value.rule_id == "DESTROY-WITNESS"
    disposal.confirm_witness(actor=care_ledger.director, disposal_id=gone.pk)
    for twice in (
        lambda: disposal.confirm_witness(actor=care_ledger.director, disposal_id=gone.pk),
        lambda: disposal.record_witness_signature(
            actor=care_ledger.officer,
            disposal_id=gone.pk,
            witness_id=care_ledger.director.person_id,
        ),
    ):
        with pytest.raises(RuleViolation) as again:
            twice()
        assert (again.value.rule_id, again.value.conflict) == ("DESTROY-WITNESS", True)
    # Only the security officer records from paper; a missing disposal is not found.
    with pytest.raises(AccessDenied):
        disposal.record_witness_signature(
            actor=care_ledger.director,
            disposal_id=gone.pk,
            witness_id=care_ledger.officer.person_id,
        )
    with pytest.raises(NotFound):
        disposal.confirm_witness(actor=care_ledger.officer, disposal_id=gone.pk + 1)
    assert gone.signatures.count() == 1


# Antivirus and infections (DEV-AV) ----------------------------------------------------------


def test_an_infection_stops_the_computer_until_cleared__DEV_AV(care_ledger: Any) -> None:
    computer = _classified(care_ledger)
    _asset(care_ledger, AssetType.USB_STICK, number="U-1", level=Level.SECRET, tainted=True)
    infection = upkeep.report_infection(
        actor=care_ledger.tech[0], computer_id=computer.pk, virus="Trojan.X"
    )
    alert = Alert.objects.get(rule_id="DEV-AV")
    assert alert.asset == computer
    with pytest.raises(RuleViolation) as stopped:
        media.record_media_use(
            actor=care_ledger.tech[0], computer_id=computer.pk, medium_identifier="U-1"
        )
    assert stopped.value.rule_id == "DEV-AV"
    assert MediaUse.objects.get(allowed=False).rule_id == "DEV-AV"
    assert list(care.infections(care_ledger.officer)) == [infection]
    # The custodian reports; only the security office clears.
    with pytest.raises(AccessDenied):
        upkeep.clear_infection(actor=care_ledger.tech[0], infection_id=infection.pk, treatment="x")
    upkeep.clear_infection(actor=care_ledger.officer, infection_id=infection.pk, treatment="查杀")
    use = media.record_media_use(
        actor=care_ledger.tech[0], computer_id=computer.pk, medium_identifier="U-1"
    )
    assert use.allowed
    with pytest.raises(Conflict):
        upkeep.clear_infection(actor=care_ledger.officer, infection_id=infection.pk, treatment="x")


@pytest.mark.parametrize(("age", "stale"), [(30, False), (31, True)])
def test_signatures_are_stale_once_older_than_the_rules_days__DEV_AV(
    care_ledger: Any, age: int, stale: bool
) -> None:
    """The boundary of DEV-AV.signature_days = 30: signatures 30 days old are current, 31
    days old are stale."""
    today = timezone.localdate()
    computer = _asset(
        care_ledger, antivirus="瑞星", av_signatures_on=today - datetime.timedelta(days=age)
    )
    assert (computer in care.av_stale(care_ledger.officer, today)) is stale


def test_antivirus_updates_are_recorded_and_stale_ones_listed__DEV_AV(care_ledger: Any) -> None:
    today = timezone.localdate()
    fresh = _asset(care_ledger, antivirus="瑞星", av_signatures_on=today)
    stale = _asset(care_ledger, antivirus="瑞星", av_signatures_on=today - datetime.timedelta(40))
    none = _asset(care_ledger)
    assert set(care.av_stale(care_ledger.officer, today)) == {stale, none}
    # The custodian sees only their own computers.
    assert set(care.av_stale(care_ledger.tech[1], today)) == set()
    upkeep.record_av_update(actor=care_ledger.tech[0], computer_id=stale.pk, signatures_on=today)
    with pytest.raises(InvalidInput):
        upkeep.record_av_update(actor=care_ledger.officer, computer_id=none.pk, signatures_on=today)
    upkeep.record_av_update(
        actor=care_ledger.officer, computer_id=none.pk, signatures_on=today, product="360"
    )
    assert set(care.av_stale(care_ledger.officer, today)) == set()
    assert fresh.pk not in {a.pk for a in care.av_stale(care_ledger.officer, today)}
    with pytest.raises(Conflict):
        upkeep.record_av_update(
            actor=care_ledger.officer,
            computer_id=none.pk,
            signatures_on=today - datetime.timedelta(days=1),
        )
    with pytest.raises(InvalidInput):
        upkeep.record_av_update(
            actor=care_ledger.officer,
            computer_id=none.pk,
            signatures_on=today + datetime.timedelta(days=1),
        )
    # Someone else's computer is not found for a custodian.
    with pytest.raises(NotFound):
        upkeep.record_av_update(
            actor=care_ledger.tech[1], computer_id=fresh.pk, signatures_on=today
        )


# Backups (DEV-BACKUP) ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "today, current, previous",
    [
        ("2026-11-03", ("2026-11-01", "2026-11-15"), ("2026-10-16", "2026-10-31")),
        ("2026-11-15", ("2026-11-01", "2026-11-15"), ("2026-10-16", "2026-10-31")),
        ("2026-11-16", ("2026-11-16", "2026-11-30"), ("2026-11-01", "2026-11-15")),
        ("2026-03-01", ("2026-03-01", "2026-03-15"), ("2026-02-15", "2026-02-28")),
    ],
)
def test_a_month_has_two_backup_periods__DEV_BACKUP(
    today: str, current: tuple[str, str], previous: tuple[str, str]
) -> None:
    d = datetime.date.fromisoformat
    now, before = care.backup_periods(d(today), 2)
    assert (now.start, now.end) == tuple(map(d, current))
    assert (before.start, before.end) == tuple(map(d, previous))


def test_backups_are_due_twice_a_month__DEV_BACKUP(care_ledger: Any) -> None:
    today = datetime.date(2026, 11, 20)
    done = _asset(care_ledger, important_data=True, number="A")
    late = _asset(care_ledger, important_data=True, number="B")
    _asset(care_ledger, important_data=False, number="C")
    officer = care_ledger.officer
    for computer, on in ((done, "2026-11-18"), (done, "2026-11-10"), (late, "2026-10-20")):
        upkeep.record_backup(
            actor=officer, computer_id=computer.pk, on=datetime.date.fromisoformat(on), target="盘"
        )
    done.refresh_from_db()
    assert done.last_backup_on == datetime.date(2026, 11, 18)  # a backdated one does not lower it
    rows = {r.asset.number: r for r in care.backups_due(officer, today)}
    assert set(rows) == {"A", "B"}
    assert (rows["A"].due_by, rows["A"].missed) == (None, False)
    assert (rows["B"].due_by, rows["B"].missed, rows["B"].last) == (
        datetime.date(2026, 11, 30),
        True,
        datetime.date(2026, 10, 20),
    )
    # Those due that missed the previous period first, then the others due, then the rest.
    on_time = _asset(care_ledger, important_data=True, number="D")
    upkeep.record_backup(
        actor=officer, computer_id=on_time.pk, on=datetime.date(2026, 11, 5), target="盘"
    )
    ranked = care.backups_due(officer, today)
    assert [(r.asset.number, r.missed) for r in ranked] == [("B", True), ("D", False), ("A", False)]
    assert [r.asset.number for r in care.backups_due(officer, today, limit=2)] == ["B", "D"]
    # Twice as strict: four periods a month.
    RuleOverride.objects.create(
        organisation=care_ledger.world.organisation, rule_id="DEV-BACKUP", params={"per_month": 4}
    )
    rows = {r.asset.number: r for r in care.backups_due(officer, today)}
    assert rows["A"].due_by is None and rows["B"].due_by == datetime.date(2026, 11, 22)


def test_a_backup_is_recorded_by_the_custodian__DEV_BACKUP(care_ledger: Any) -> None:
    computer = _asset(care_ledger, important_data=True)
    today = timezone.localdate()
    upkeep.record_backup(
        actor=care_ledger.tech[0], computer_id=computer.pk, on=today, target="光盘"
    )
    (row,) = care.backups_due(care_ledger.tech[0], today)
    assert (row.due_by, row.last) == (None, today)
    with pytest.raises(InvalidInput):
        upkeep.record_backup(
            actor=care_ledger.tech[0],
            computer_id=computer.pk,
            on=today + datetime.timedelta(days=1),
            target="光盘",
        )
    with pytest.raises(NotFound):
        upkeep.record_backup(
            actor=care_ledger.tech[1], computer_id=computer.pk, on=today, target="x"
        )


# Standalone processing (DEV-STANDALONE) -----------------------------------------------------


def test_standalone_processing_needs_approval_and_a_standalone_machine__DEV_STANDALONE(
    care_ledger: Any,
) -> None:
    user = care_ledger.tech[0]
    standalone = _classified(care_ledger)
    networked = _asset(care_ledger, level=Level.SECRET, network="isolated")
    kw = {"actor": user, "level": Level.SECRET, "purpose": "起草机密方案"}
    with pytest.raises(RuleViolation) as on_network:
        upkeep.request_standalone(computer_id=networked.pk, **kw)
    assert on_network.value.rule_id == "DEV-STANDALONE"
    with pytest.raises(RuleViolation) as too_high:
        upkeep.request_standalone(computer_id=standalone.pk, **{**kw, "level": Level.TOP_SECRET})
    assert too_high.value.rule_id == "DEV-STANDALONE"
    with pytest.raises(RuleViolation) as unapproved:
        upkeep.start_standalone(computer_id=standalone.pk, **kw)
    assert unapproved.value.rule_id == "DEV-STANDALONE"
    request = upkeep.request_standalone(computer_id=standalone.pk, **kw)
    assert [s.approver_id for s in request.steps.all()] == [care_ledger.leader.person_id]
    _grant(request)
    use = upkeep.start_standalone(computer_id=standalone.pk, **kw)
    # While it runs the machine stays off every network.
    with pytest.raises(RuleViolation) as connect:
        ledger.change_network(actor=care_ledger.officer, asset_id=standalone.pk, network="isolated")
    assert connect.value.rule_id == "DEV-STANDALONE"
    assert list(care.standalone_uses(user, open_only=True)) == [use]
    assert list(care.standalone_uses(care_ledger.tech[1])) == []
    with pytest.raises(RuleViolation) as untreated:
        upkeep.finish_standalone(actor=user, use_id=use.pk, treatment=" ")
    assert untreated.value.rule_id == "DEV-STANDALONE"
    with pytest.raises(NotFound):
        upkeep.finish_standalone(actor=care_ledger.tech[1], use_id=use.pk, treatment="删除")
    upkeep.finish_standalone(actor=user, use_id=use.pk, treatment="删除文件并用专用工具擦除")
    assert list(care.standalone_uses(user, open_only=True)) == []
    ledger.change_network(actor=care_ledger.officer, asset_id=standalone.pk, network="isolated")


def test_standalone_processing_needs_clearance_for_the_level__DEV_STANDALONE(
    care_ledger: Any,
) -> None:
    computer = _asset(care_ledger, level=Level.TOP_SECRET, network="none")
    with pytest.raises(RuleViolation) as refused:
        upkeep.request_standalone(
            actor=care_ledger.tech[0],
            computer_id=computer.pk,
            level=Level.TOP_SECRET,
            purpose="x",
        )
    assert refused.value.rule_id == "DEV-STANDALONE"


# Data integrity reviews (DEV-INTEGRITY) -----------------------------------------------------


def test_an_unexplained_change_found_in_a_review_raises_an_alert__DEV_INTEGRITY(
    care_ledger: Any,
) -> None:
    tech = care_ledger.world.departments["tech"]
    today = timezone.localdate()
    quiet = upkeep.record_integrity_review(
        actor=care_ledger.tech[0], department_id=tech.pk, reviewed_on=today, findings="无异常"
    )
    assert quiet.alert is None
    review = upkeep.record_integrity_review(
        actor=care_ledger.tech[0],
        department_id=tech.pk,
        reviewed_on=today,
        findings="方案.doc 被删除，原因不明",
        anomaly=True,
    )
    assert review.alert is not None and review.alert.rule_id == "DEV-INTEGRITY"
    assert review.alert in list(reads.alerts(care_ledger.officer))
    assert set(care.integrity_reviews(care_ledger.tech[1])) == {quiet, review}
    assert set(care.integrity_reviews(care_ledger.office)) == set()
    # One's own department only (the security officer for any).
    with pytest.raises(NotFound):
        upkeep.record_integrity_review(
            actor=care_ledger.office, department_id=tech.pk, reviewed_on=today, findings="x"
        )
    upkeep.record_integrity_review(
        actor=care_ledger.officer, department_id=tech.pk, reviewed_on=today, findings="抽查"
    )
    assert audit_events("devices.integrity_reviewed")[1]["data"]["anomaly"] is True


def test_asset_records_gather_repairs_backups_and_infections(care_ledger: Any) -> None:
    computer = _asset(care_ledger, important_data=True)
    today = timezone.localdate()
    upkeep.record_backup(
        actor=care_ledger.tech[0], computer_id=computer.pk, on=today, target="光盘"
    )
    upkeep.report_infection(actor=care_ledger.tech[0], computer_id=computer.pk, virus="V")
    records = care.asset_records(care_ledger.officer, computer.pk)
    assert (len(records.backups), len(records.infections), records.repairs) == (1, 1, [])
    mine = care.asset_records(care_ledger.tech[0], computer.pk)
    assert len(mine.infections) == 1
    with pytest.raises(NotFound):
        care.asset_records(care_ledger.tech[1], computer.pk)


def test_a_custodian_who_still_keeps_equipment_cannot_be_marked_as_left__HANDOVER(
    care_ledger: Any,
) -> None:
    keeper = care_ledger.tech[1]
    laptop = _asset(care_ledger, AssetType.LAPTOP, number="BJB-9", custodian_id=keeper.person_id)
    _asset(
        care_ledger,
        AssetType.USB_STICK,
        number="U-GONE",
        custodian_id=keeper.person_id,
        status=Status.DESTROYED,
    )
    with pytest.raises(RuleViolation) as refused:
        org.mark_left(actor=care_ledger.officer, person_id=keeper.person_id)
    assert refused.value.rule_id == "HANDOVER"
    assert "BJB-9" in str(refused.value) and "U-GONE" not in str(refused.value)
    ledger.assign_custodian(
        actor=care_ledger.officer, asset_id=laptop.pk, custodian_id=care_ledger.tech[0].person_id
    )
    prepare_leaving(keeper.person_id)
    assert not org.mark_left(actor=care_ledger.officer, person_id=keeper.person_id).is_active


def test_an_asset_comes_back_from_repair_or_loan_in_the_status_it_left_in__DEV_REPAIR(
    care_ledger: Any,
) -> None:
    spare = _asset(care_ledger, AssetType.LAPTOP, status=Status.SPARE, custodian_id=None)
    _grant(
        away.request_repair(actor=care_ledger.officer, asset_id=spare.pk, vendor=VENDOR, fault="x")
    )
    repair = away.send_to_repair(
        actor=care_ledger.officer, asset_id=spare.pk, vendor=VENDOR, fault="x"
    )
    away.return_from_repair(actor=care_ledger.officer, repair_id=repair.pk, work_done="修好")
    assert _status(spare) == Status.SPARE
    due = timezone.localdate() + datetime.timedelta(days=3)
    kw = {"asset_id": spare.pk, "borrower": "兄弟单位", "due_back": due, "purpose": "演示"}
    _grant(away.request_loan(actor=care_ledger.officer, **kw))
    loan = away.lend_asset(actor=care_ledger.officer, **kw)
    away.return_loan(actor=care_ledger.officer, loan_id=loan.pk, condition="完好")
    assert _status(spare) == Status.SPARE


def test_a_computer_that_held_classified_data_keeps_its_disk_after_lowering__MEDIA_TAINT(
    care_ledger: Any,
) -> None:
    """A classified computer's disk has held classified data: its level is not lowered to
    slip past the disk rule of repairs (DEV-REPAIR) or plain scrapping (DESTROY-PLACE); only
    sanitising with the office director's approval clears it."""
    desktop = ledger.register_asset(
        actor=care_ledger.officer,
        type="desktop",
        number="JSJ-S1",
        level=Level.SECRET,
        network="isolated",
        custodian_id=care_ledger.tech[0].person_id,
    )
    assert desktop.tainted
    with pytest.raises(RuleViolation) as refused:
        ledger.change_level(actor=care_ledger.officer, asset_id=desktop.pk, level=0)
    assert refused.value.rule_id == "MEDIA-TAINT"
    unclassified = _asset(care_ledger, number="JSJ-U1")
    ledger.change_level(actor=care_ledger.officer, asset_id=unclassified.pk, level=Level.SECRET)
    unclassified.refresh_from_db()
    assert unclassified.tainted
    _grant(
        media.request_sanitisation(
            actor=care_ledger.officer, medium_id=desktop.pk, reason="改作非涉密机"
        )
    )
    media.sanitise(actor=care_ledger.officer, medium_id=desktop.pk, method="硬盘专用工具擦除")
    desktop.refresh_from_db()
    assert (desktop.level, desktop.tainted) == (0, False)
