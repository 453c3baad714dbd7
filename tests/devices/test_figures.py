"""The equipment ledger's figures (seams.figures, ANNUAL-REPORT): each one against the
records counted directly, a head's part counting only their departments (the asset's), the
period's bounds (the last day in, the next day out), and the split adding up to the figure."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.utils import timezone

from baomi.access.roles import Role
from baomi.accounts.models import Account
from baomi.approvals import operations as approvals
from baomi.core.levels import Clearance
from baomi.devices.models import (
    Alert,
    Asset,
    AssetKind,
    AssetType,
    Disposal,
    Infection,
    Outcome,
    Status,
)
from baomi.devices.operations import disposal
from baomi.devices.queries import figures
from baomi.org import operations as org
from baomi.seams.figures import FIGURE_PROVIDERS, Part, Period
from tests.devices.fixtures import make_asset

YEAR = Period.year(2025)
ZONE = timezone.get_default_timezone()
LAST = datetime.datetime(2025, 12, 31, 23, 59, 59, tzinfo=ZONE)  # the last moment inside
NEXT = datetime.datetime(2026, 1, 1, 0, 0, tzinfo=ZONE)  # the first moment after


def parts(ledger):
    o, depts = ledger.world.organisation.pk, ledger.world.departments
    return Part(o), Part(o, (depts["tech"].path,)), Part(o, (depts["office"].path,))


def asset(ledger, type=AssetType.DESKTOP, dept="tech", **kw):
    kw.setdefault("custodian_id", ledger.tech[0].person_id)
    return make_asset(
        ledger.world.organisation.pk, type, department_id=ledger.world.departments[dept].pk, **kw
    )


def figure(part, period, key):
    found = {f.key: f for f in FIGURE_PROVIDERS["devices"].figures(part, period)}
    return found[f"devices.{key}"]


def registered_at(item, at):
    Asset.objects.filter(pk=item.pk).update(registered_at=at)


def assert_adds_up(found):
    assert sum(found.split.values()) == found.value


def test_the_ledger_now_by_type_and_department(ledger):
    whole, tech, office = parts(ledger)
    asset(ledger)
    asset(ledger, dept="lab")
    asset(ledger, AssetType.LAPTOP, dept="office", status=Status.IN_REPAIR)
    asset(ledger, AssetType.USB_STICK, status=Status.SCRAPPED)
    found = figure(whole, YEAR, "in_ledger")
    direct = Asset.objects.exclude(status__in=(Status.SCRAPPED, Status.DESTROYED)).count()
    assert found.value == direct == 3
    assert found.split[str(AssetType.DESKTOP.label)] == 2
    assert found.split[str(AssetType.LAPTOP.label)] == 1
    assert found.split[str(AssetType.USB_STICK.label)] == 0
    assert_adds_up(found)
    assert found.now and found.url == "/devices/"
    assert figure(tech, YEAR, "in_ledger").value == 2  # the lab is under tech
    assert figure(office, YEAR, "in_ledger").value == 1
    # A state of now: the period does not change it.
    assert figure(whole, Period.year(2001), "in_ledger").value == 3


def test_equipment_and_media_registered_in_the_period(ledger):
    whole, tech, office = parts(ledger)
    registered_at(asset(ledger), LAST)
    registered_at(asset(ledger, AssetType.USB_STICK), LAST)
    registered_at(asset(ledger, AssetType.OPTICAL_DISC, dept="office"), LAST)
    registered_at(asset(ledger, AssetType.USB_STICK), NEXT)
    found = figure(whole, YEAR, "registered")
    assert found.value == 3
    assert found.split == {
        str(AssetKind.COMPUTER.label): 1,
        str(AssetKind.MEDIUM.label): 2,
        str(AssetKind.OFFICE.label): 0,
    }
    media = figure(whole, YEAR, "media_registered")
    assert media.value == Asset.objects.filter(registered_at=LAST, kind="medium").count() == 2
    assert media.split[str(AssetType.USB_STICK.label)] == 1
    assert media.split[str(AssetType.OPTICAL_DISC.label)] == 1
    assert set(media.split) == {str(AssetType(t).label) for t in figures.MEDIA_TYPES}
    assert_adds_up(found)
    assert_adds_up(media)
    assert media.url == "/devices/?kind=medium"
    assert figure(whole, Period.year(2026), "registered").value == 1
    assert figure(whole, Period.year(2026), "media_registered").value == 1
    assert figure(tech, YEAR, "media_registered").value == 1
    assert figure(office, YEAR, "media_registered").value == 1
    assert figure(office, YEAR, "registered").value == 1


@pytest.fixture
def leader(ledger):
    """A leader in charge of both departments, who approves disposals."""
    chief = ledger.world.account(
        Role.LEADER, dept="office", rank="director", clearance=Clearance.CORE
    )
    for dept, head in (("office", ledger.director.person_id), ("tech", None)):
        org.set_department_leaders(
            actor=None,
            department_id=ledger.world.departments[dept].pk,
            head_id=head,
            leader_in_charge_id=chief.person_id,
        )
    return chief


def dispose(ledger: Any, assets: list[Asset], outcome: str) -> Disposal:
    ids = [a.pk for a in assets]
    request = disposal.request_disposal(
        actor=ledger.officer, asset_ids=ids, outcome=outcome, reason="损坏"
    )
    for step in request.steps.order_by("order"):
        approver = Account.objects.get(person=step.approver)
        approvals.decide(actor=approver, request_id=request.pk, approve=True)
    return disposal.dispose(
        actor=ledger.officer,
        asset_ids=ids,
        outcome=outcome,
        method="plain" if outcome == "scrapped" else "shredded",
        place="定点销毁中心",
        operator_id=ledger.office.person_id,
        witness_ids=[ledger.officer.person_id, ledger.director.person_id],
    )


def test_equipment_scrapped_or_destroyed_in_the_period(ledger, leader):
    whole, tech, office = parts(ledger)
    printers = [asset(ledger, AssetType.PRINTER), asset(ledger, AssetType.PRINTER, dept="office")]
    sticks = [asset(ledger, AssetType.USB_STICK, tainted=True, level=3) for _ in "12"]
    Disposal.objects.filter(pk=dispose(ledger, printers, "scrapped").pk).update(disposed_at=LAST)
    Disposal.objects.filter(pk=dispose(ledger, sticks, "destroyed").pk).update(disposed_at=NEXT)
    found = figure(whole, YEAR, "retired")
    assert found.value == 2
    assert found.split == {
        str(Outcome.SCRAPPED.label): 2,
        str(Outcome.DESTROYED.label): 0,
    }
    assert_adds_up(found)
    assert figure(whole, Period.year(2026), "retired").value == 2
    assert figure(tech, YEAR, "retired").value == 1
    assert figure(office, YEAR, "retired").value == 1
    assert figure(office, Period.year(2026), "retired").value == 0
    # Retired assets leave the ledger.
    assert figure(whole, YEAR, "in_ledger").value == 0


def test_open_alerts_by_rule_and_the_assets_department(ledger):
    whole, tech, office = parts(ledger)
    o, now = ledger.world.organisation, timezone.now()
    computer = asset(ledger, level=3)
    for rule, about, resolved in (
        ("DEV-AIRGAP", computer, None),
        ("MEDIA-REGISTERED", computer, None),
        ("MEDIA-REGISTERED", computer, now),
        ("MEDIA-REGISTERED", None, None),
    ):
        Alert.objects.create(
            organisation=o, asset=about, rule_id=rule, at=now, description="—", resolved_at=resolved
        )
    found = figure(whole, YEAR, "open_alerts")
    assert found.value == Alert.objects.filter(resolved_at=None).count() == 3
    assert found.split == {"DEV-AIRGAP": 1, "MEDIA-REGISTERED": 2}
    assert_adds_up(found)
    assert found.now and found.url == "/devices/alerts/"
    # An alert about no asset is the whole organisation's only.
    assert figure(tech, YEAR, "open_alerts").split == {"DEV-AIRGAP": 1, "MEDIA-REGISTERED": 1}
    assert figure(office, YEAR, "open_alerts").value == 0


def test_stale_antivirus_and_infections_now(ledger):
    whole, tech, office = parts(ledger)
    today = timezone.localdate()
    asset(ledger, antivirus="瑞星", av_signatures_on=today)
    asset(ledger, antivirus="", dept="lab")
    stale = asset(ledger, antivirus="瑞星", av_signatures_on=today - datetime.timedelta(days=400))
    asset(ledger, dept="office", status=Status.SPARE)  # no product, spare: at hand
    asset(ledger, status=Status.IN_REPAIR)  # away: not counted
    asset(ledger, AssetType.USB_STICK)  # not a computer
    found = figure(whole, YEAR, "antivirus_stale")
    assert found.value == 3 and found.split == {}
    assert found.now and found.url == "/devices/care/"
    assert figure(tech, YEAR, "antivirus_stale").value == 2
    assert figure(office, YEAR, "antivirus_stale").value == 1
    for cleared in (None, timezone.now()):
        Infection.objects.create(
            organisation=ledger.world.organisation,
            asset=stale,
            virus="熊猫烧香",
            found_at=timezone.now(),
            reported_by=ledger.officer,
            cleared_at=cleared,
        )
    assert figure(whole, YEAR, "infected").value == 1
    assert figure(tech, YEAR, "infected").value == 1
    assert figure(office, YEAR, "infected").value == 0


@pytest.mark.parametrize(
    "query",
    [
        figures.in_ledger,
        figures.registered,
        figures.retired,
        figures.media_registered,
        figures.open_alerts,
        figures.infected,
    ],
)
def test_each_figure_is_one_query(ledger, django_assert_num_queries, query):
    _whole, tech, _office = parts(ledger)
    asset(ledger)
    with django_assert_num_queries(1):
        query(tech, YEAR)


def test_every_devices_figure_is_keyed_and_sourced(ledger):
    whole, *_ = parts(ledger)
    found = FIGURE_PROVIDERS["devices"].figures(whole, YEAR)
    assert [f.key for f in found] == [
        "devices.in_ledger",
        "devices.registered",
        "devices.retired",
        "devices.media_registered",
        "devices.open_alerts",
        "devices.antivirus_stale",
        "devices.infected",
    ]
    assert all(f.source.startswith("baomi.devices.queries.figures.") for f in found)
    assert all(sum(f.split.values()) == f.value for f in found if f.split)
