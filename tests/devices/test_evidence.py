"""The ledger's answers to the self-inspection checklist (seams.evidence, INSP-CHECKLIST):
one query each over the scope's assets, each fact linking to the asset's page."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from baomi.access.roles import Role
from baomi.core.errors import RuleViolation
from baomi.core.levels import Clearance, Level
from baomi.devices.operations import ledger
from baomi.seams.evidence import EVIDENCE_PROVIDERS, Finding, Scope


@pytest.fixture
def officer(world):
    return world.account(Role.SECURITY_OFFICER, dept="office", clearance=Clearance.CORE)


def scope(world, key="tech"):
    d = world.departments[key]
    return Scope(department_id=d.pk, department_path=d.path)


def ask(world, key, where="tech"):
    return EVIDENCE_PROVIDERS[key].provide(
        world.organisation.pk, scope(world, where), timezone.now()
    )


def computer(world, officer, number, **kw):
    keeper = world.person(dept=kw.pop("dept", "lab"), clearance=Clearance.CORE)
    return ledger.register_asset(
        actor=officer, type="desktop", number=number, custodian_id=keeper.pk, **kw
    )


def test_a_refused_internet_connection_is_a_problem_with_its_link__INSP_CHECKLIST(world, officer):
    laptop = computer(world, officer, "JSJ-9", level=Level.SECRET)
    assert ask(world, "devices.airgap").verdict == Finding.OK
    with pytest.raises(RuleViolation):
        ledger.change_network(actor=officer, asset_id=laptop.pk, network="internet")
    found = ask(world, "devices.airgap")
    assert found.verdict == Finding.PROBLEM
    assert [f.url for f in found.facts] == [f"/devices/{laptop.pk}/"]
    assert "JSJ-9" in found.facts[0].text
    # Another department's inspection does not see it.
    assert ask(world, "devices.airgap", where="office").verdict == Finding.OK


def test_stale_antivirus_and_the_office_network__INSP_CHECKLIST(world, officer):
    today = timezone.localdate()
    fresh = computer(world, officer, "JSJ-1", antivirus="瑞星", av_signatures_on=today)
    stale = computer(
        world,
        officer,
        "JSJ-2",
        antivirus="瑞星",
        av_signatures_on=today - datetime.timedelta(days=400),
        level=Level.CONFIDENTIAL,
        network="internal",
    )
    av = ask(world, "devices.antivirus")
    assert av.verdict == Finding.PROBLEM
    assert [f.url for f in av.facts] == [f"/devices/{stale.pk}/"]
    assert f"/devices/{fresh.pk}/" not in [f.url for f in av.facts]
    office = ask(world, "devices.office_network")
    assert [f.url for f in office.facts] == [f"/devices/{stale.pk}/"]


def test_media_alerts_answer_registration_and_cross_use__INSP_CHECKLIST(world, officer):
    from baomi.devices.operations import media

    secret = computer(world, officer, "JSJ-5", level=Level.SECRET, network="isolated")
    clerk = officer
    ledger.register_asset(actor=officer, type="usb_stick", number="U-9", level=0)
    with pytest.raises(RuleViolation):
        media.record_media_use(actor=clerk, computer_id=secret.pk, medium_identifier="U-404")
    with pytest.raises(RuleViolation):
        media.record_media_use(actor=clerk, computer_id=secret.pk, medium_identifier="U-9")
    assert ask(world, "devices.media_registered").verdict == Finding.PROBLEM
    assert ask(world, "devices.cross_use").verdict == Finding.PROBLEM
    assert ask(world, "devices.cross_use", where="office").verdict == Finding.OK


def test_one_query_each_whatever_the_ledger__INSP_CHECKLIST(
    world, officer, django_assert_max_num_queries
):
    for n in range(5):
        computer(world, officer, f"JSJ-{n}", level=Level.CONFIDENTIAL, network="internal")
    for key in ("devices.airgap", "devices.antivirus", "devices.office_network"):
        with django_assert_max_num_queries(3):
            ask(world, key)
