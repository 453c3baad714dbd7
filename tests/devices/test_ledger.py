"""The equipment ledger (总台账): registering, handing over, network, wireless and level
(DEV-LEDGER, DEV-AIRGAP, MEDIA-TAINT), and who reads what."""

from __future__ import annotations

import datetime

import pytest
from django.utils import translation

from baomi.audit.models import AuditEvent
from baomi.core.errors import AccessDenied, InvalidInput, NotFound, RuleViolation
from baomi.core.imports import ImportRejected
from baomi.core.levels import Level
from baomi.devices import imports
from baomi.devices.models import Alert, Asset, AssetEvent, AssetKind, Status
from baomi.devices.operations import ledger as ops
from baomi.devices.queries import ledger as queries
from baomi.org import operations as org
from tests.factories import World, audit_events


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def snapshot(asset: Asset) -> dict:
    """The columns an operation may change, as stored."""
    row = Asset.objects.filter(pk=asset.pk).values().get()
    row.pop("updated_at")
    return row


def refusals(rule_id: str) -> list[dict]:
    return [e for e in audit_events("operation.refused") if e["data"]["rule"] == rule_id]


class TestRegister:
    def test_register_a_computer_with_its_history__DEV_LEDGER(self, ledger):
        keeper = ledger.tech[0]
        asset = ledger.register(
            type="laptop",
            number="BJ-001",
            serial="SN1",
            make_model="联想 X1",
            level=Level.SECRET,
            network="isolated",
            location="301室",
            disk_serials="D1",
            mac_addresses="00:11:22:33:44:55",
            operating_system="麒麟",
            antivirus="360",
            av_signatures_on=datetime.date(2026, 11, 1),
            important_data=True,
        )
        assert (asset.kind, asset.level, asset.network, asset.status) == (
            AssetKind.COMPUTER,
            Level.SECRET,
            "isolated",
            Status.IN_USE,
        )
        assert asset.custodian_id == keeper.person_id
        assert asset.department_id == keeper.person.department_id
        assert asset.tainted  # MEDIA-TAINT: its disk holds classified data from now on
        [line] = AssetEvent.objects.filter(asset=asset)
        assert (line.action, line.person_id) == ("registered", keeper.person_id)
        [event] = audit_events("devices.asset_registered")
        # The asset by its id (the event's subject), never by its number.
        assert event["subject_id"] == str(asset.pk) and "BJ-001" not in str(event)

    def test_the_number_is_unique_in_the_organisation__DEV_LEDGER(self, ledger):
        ledger.register(number="U-1", type="usb_stick")
        with pytest.raises(RuleViolation) as refused:
            ledger.register(number=" U-1 ", type="printer")
        assert refused.value.rule_id == "DEV-LEDGER" and refused.value.conflict
        assert Asset.objects.count() == 1
        # Another organisation may use the same number.
        other = World.build()
        officer = other.account("security_officer", clearance=Level.TOP_SECRET)
        ops.register_asset(actor=officer, type="desktop", number="U-1")
        assert Asset.objects.count() == 2

    @pytest.mark.parametrize(
        "kw",
        [
            {"type": "tablet"},
            {"level": Level.INTERNAL},
            {"level": 5},
            {"level": True},
            {"network": "wifi"},
            {"number": "  "},
            {"status": "in_repair"},
            {"location": "x" * 201},
        ],
        ids=["type", "internal", "level5", "bool", "network", "number", "status", "long"],
    )
    def test_malformed_registrations_are_refused(self, ledger, kw):
        with pytest.raises(InvalidInput):
            ledger.register(**kw)
        assert not Asset.objects.exists()

    def test_a_status_set_by_another_operation_is_named(self, ledger):
        with pytest.raises(InvalidInput) as refused:
            ledger.register(status="lent")
        assert "DEV-LEND" in refused.value.message

    def test_the_custodian_is_an_active_person_of_the_organisation(self, ledger):
        stranger = World.build().person()
        with pytest.raises(NotFound):
            ledger.register(custodian_id=stranger.pk)
        former = ledger.world.person(name="离职者")
        org.mark_left(actor=None, person_id=former.pk)
        with pytest.raises(InvalidInput) as refused:
            ledger.register(custodian_id=former.pk)
        assert refused.value.field == "custodian_id"
        assert not Asset.objects.exists()
        # ... nor is a former person found by the import.
        with pytest.raises(ImportRejected) as rejected:
            ops.import_assets(
                actor=ledger.officer,
                rows=[imports.Row(2, "ZC-1", "desktop", custodian="离职者")],
                dry_run=True,
            )
        assert "离职者" in rejected.value.detail[0]["reasons"][0]

    def test_only_the_security_officer_keeps_the_ledger(self, ledger):
        with pytest.raises(AccessDenied):
            ledger.register(actor=ledger.office)
        with pytest.raises(AccessDenied):
            ledger.register(actor=ledger.director)
        assert not Asset.objects.exists()

    def test_a_department_of_another_organisation_is_not_found(self, ledger):
        foreign = World.build().departments["tech"]
        with pytest.raises(NotFound):
            ledger.register(department_id=foreign.pk)


class TestAirgap:
    @pytest.mark.parametrize(
        "kw",
        [
            {"type": "desktop", "network": "internet"},
            {"type": "server", "wireless": True},
            {"type": "printer", "network": "internet"},
        ],
        ids=["internet", "wireless", "printer"],
    )
    def test_a_classified_device_online_is_refused_and_recorded__DEV_AIRGAP(self, ledger, kw):
        with pytest.raises(RuleViolation) as refused:
            ledger.register(number="JM-1", level=Level.CONFIDENTIAL, **kw)
        assert refused.value.rule_id == "DEV-AIRGAP"
        assert not Asset.objects.exists()
        [alert] = Alert.objects.all()
        assert (alert.rule_id, alert.asset_id, alert.actor_id) == (
            "DEV-AIRGAP",
            None,
            ledger.officer.pk,
        )
        assert "JM-1" in alert.description and alert.resolved_at is None
        assert alert.organisation_id == ledger.world.organisation.pk
        assert len(refusals("DEV-AIRGAP")) == 1
        assert list(queries.alerts(ledger.officer)) == [alert]

    def test_unclassified_devices_and_media_may_be_online(self, ledger):
        ledger.register(network="internet", wireless=True)
        ledger.register(type="usb_stick", level=Level.SECRET, network="none")
        assert Asset.objects.count() == 2 and not Alert.objects.exists()

    def test_changing_network_of_a_classified_computer__DEV_AIRGAP(self, ledger):
        asset = ledger.register(level=Level.SECRET, network="isolated")
        before = snapshot(asset)
        with pytest.raises(RuleViolation) as refused:
            ops.change_network(actor=ledger.officer, asset_id=asset.pk, network="internet")
        assert refused.value.rule_id == "DEV-AIRGAP"
        assert snapshot(asset) == before
        assert AssetEvent.objects.filter(asset=asset).count() == 1
        [alert] = Alert.objects.all()
        assert alert.asset_id == asset.pk and alert.rule_id == "DEV-AIRGAP"
        changed = ops.change_network(actor=ledger.officer, asset_id=asset.pk, network="none")
        assert changed.network == "none"
        line = AssetEvent.objects.filter(asset=asset).last()
        assert (line.action, line.data) == ("network_changed", {"from": "isolated", "to": "none"})

    def test_fitting_wireless_to_a_classified_computer__DEV_AIRGAP(self, ledger):
        asset = ledger.register(level=Level.TOP_SECRET)
        before = snapshot(asset)
        with pytest.raises(RuleViolation) as refused:
            ops.set_wireless(actor=ledger.officer, asset_id=asset.pk, wireless=True)
        assert refused.value.rule_id == "DEV-AIRGAP"
        assert snapshot(asset) == before
        assert Alert.objects.get().asset_id == asset.pk

    @pytest.mark.parametrize("kw", [{"network": "internet"}, {"wireless": True}])
    def test_raising_an_online_computer_to_classified__DEV_AIRGAP(self, ledger, kw):
        asset = ledger.register(**kw)
        before = snapshot(asset)
        with pytest.raises(RuleViolation) as refused:
            ops.change_level(actor=ledger.officer, asset_id=asset.pk, level=Level.SECRET)
        assert refused.value.rule_id == "DEV-AIRGAP"
        assert snapshot(asset) == before
        assert Alert.objects.get().rule_id == "DEV-AIRGAP"

    def test_the_officer_changes_level_of_an_offline_computer(self, ledger):
        asset = ledger.register(network="internal")
        raised = ops.change_level(actor=ledger.officer, asset_id=asset.pk, level=Level.SECRET)
        assert raised.level == Level.SECRET and raised.tainted
        with pytest.raises(AccessDenied):
            ops.change_level(actor=ledger.director, asset_id=asset.pk, level=Level.TOP_SECRET)
        higher = ops.change_level(actor=ledger.officer, asset_id=asset.pk, level=Level.TOP_SECRET)
        assert higher.level == Level.TOP_SECRET
        [event] = audit_events("devices.level_changed")[-1:]
        assert event["data"]["from"] == Level.SECRET and event["data"]["to"] == Level.TOP_SECRET


class TestTaint:
    def test_a_classified_medium_is_tainted_from_registration__MEDIA_TAINT(self, ledger):
        stick = ledger.register(type="usb_stick", level=Level.CONFIDENTIAL)
        plain = ledger.register(type="usb_stick")
        assert stick.tainted and not plain.tainted
        raised = ops.change_level(actor=ledger.officer, asset_id=plain.pk, level=Level.SECRET)
        assert raised.tainted
        before = snapshot(raised)
        for level in (0, Level.CONFIDENTIAL):
            with pytest.raises(RuleViolation) as refused:
                ops.change_level(actor=ledger.officer, asset_id=plain.pk, level=level)
            assert refused.value.rule_id == "MEDIA-TAINT"
        assert snapshot(raised) == before
        assert len(refusals("MEDIA-TAINT")) == 2
        # Raising it further is no sanitising: allowed.
        assert ops.change_level(
            actor=ledger.officer, asset_id=stick.pk, level=Level.TOP_SECRET
        ).tainted


class TestHandOver:
    def test_hand_over_to_another_department__DEV_LEDGER(self, ledger):
        asset = ledger.register(location="301室")
        to = ledger.office
        ops.assign_custodian(
            actor=ledger.officer, asset_id=asset.pk, custodian_id=to.person_id, location="101室"
        )
        asset.refresh_from_db()
        assert (asset.custodian_id, asset.department_id, asset.location) == (
            to.person_id,
            to.person.department_id,
            "101室",
        )
        line = AssetEvent.objects.filter(asset=asset).last()
        assert line.action == "handed_over" and line.person_id == to.person_id
        assert line.data["from"]["custodian_id"] == ledger.tech[0].person_id
        assert line.data["to"]["custodian_id"] == to.person_id
        assert queries.held_by(to).get() == asset
        assert not queries.held_by(ledger.tech[0]).exists()

    def test_handing_to_the_same_custodian_is_a_conflict(self, ledger):
        asset = ledger.register()
        with pytest.raises(RuleViolation) as refused:
            ops.assign_custodian(
                actor=ledger.officer, asset_id=asset.pk, custodian_id=ledger.tech[0].person_id
            )
        assert refused.value.conflict

    def test_another_organisations_asset_is_not_found(self, ledger):
        other = World.build()
        officer = other.account("security_officer", clearance=Level.TOP_SECRET)
        foreign = ops.register_asset(actor=officer, type="desktop", number="X")
        with pytest.raises(NotFound):
            ops.change_network(actor=ledger.officer, asset_id=foreign.pk, network="internal")
        with pytest.raises(NotFound):
            queries.asset(ledger.officer, foreign.pk)


class TestUpdate:
    def test_particulars_and_spare(self, ledger):
        asset = ledger.register()
        ops.update_asset(
            actor=ledger.officer,
            asset_id=asset.pk,
            status="spare",
            antivirus="瑞星",
            av_signatures_on=datetime.date(2026, 11, 20),
        )
        asset.refresh_from_db()
        assert (asset.status, asset.antivirus) == ("spare", "瑞星")
        line = AssetEvent.objects.filter(asset=asset).last()
        assert line.data["to"]["av_signatures_on"] == "2026-11-20"
        with pytest.raises(InvalidInput):
            ops.update_asset(actor=ledger.officer, asset_id=asset.pk, status="spare")

    @pytest.mark.parametrize("status", ["in_repair", "lent", "scrapped", "destroyed"])
    def test_statuses_with_approvals_are_refused_here(self, ledger, status):
        asset = ledger.register()
        before = snapshot(asset)
        with pytest.raises(InvalidInput) as refused:
            ops.update_asset(actor=ledger.officer, asset_id=asset.pk, status=status)
        assert refused.value.field == "status"
        assert snapshot(asset) == before


class TestReads:
    def test_the_officer_sees_the_ledger_with_totals(self, ledger):
        ledger.register(type="desktop", level=Level.SECRET)
        ledger.register(type="usb_stick", level=Level.SECRET)
        ledger.register(type="printer", custodian_id=ledger.office.person_id, location="打印室")
        ledger.register(type="usb_stick", status="spare")
        officer = ledger.officer
        assert queries.assets(officer).count() == 4
        assert queries.assets(officer, kind="medium").count() == 2
        assert queries.assets(officer, level=Level.SECRET).count() == 2
        assert queries.assets(officer, search="打印").count() == 1
        assert queries.assets(officer, search="张一").count() == 3
        tech = ledger.world.departments["tech"].pk
        assert queries.assets(officer, department_id=tech).count() == 3
        totals = queries.totals(officer)
        assert totals["total"] == 4
        assert totals["by_type"] == {"desktop": 1, "printer": 1, "usb_stick": 2}
        assert totals["by_level"] == {0: 2, Level.SECRET: 2}
        assert totals["by_status"] == {"in_use": 3, "spare": 1}
        office = ledger.world.departments["office"].pk
        assert totals["by_department"] == {tech: 3, office: 1}
        assert queries.totals(officer, kind="medium")["total"] == 2

    def test_others_see_only_what_they_keep(self, ledger):
        mine = ledger.register()
        theirs = ledger.register(custodian_id=ledger.tech[1].person_id)
        keeper = ledger.tech[0]
        assert list(queries.assets(keeper)) == [mine]
        assert queries.totals(keeper)["total"] == 1
        assert queries.asset(keeper, mine.pk).history.all()[0].action == "registered"
        with pytest.raises(NotFound):
            queries.asset(keeper, theirs.pk)
        assert not queries.held_by(keeper, ledger.tech[1].person_id).exists()
        assert queries.held_by(ledger.officer, ledger.tech[1].person_id).get() == theirs
        assert not queries.assets(ledger.stranger).exists()
        with pytest.raises(AccessDenied):
            queries.alerts(keeper)

    def test_every_change_is_audited_once(self, ledger):
        asset = ledger.register()
        ops.change_network(actor=ledger.officer, asset_id=asset.pk, network="internal")
        actions = list(AuditEvent.objects.values_list("action", flat=True))
        assert actions.count("devices.asset_registered") == 1
        assert actions.count("devices.network_changed") == 1
