"""Approvals about equipment in the approvals inbox: the approver (who does not keep the
ledger) sees which asset a repair is about and what is asked; someone not asked sees no
asset."""

from __future__ import annotations

from django.urls import reverse

from baomi.access.roles import Role
from baomi.core.levels import Clearance, Level
from baomi.devices.operations import away
from baomi.org import operations as org
from baomi.rulebook.models import RuleOverride
from tests.devices.fixtures import make_asset
from tests.web.conftest import signed_in


def test_the_director_sees_the_asset_a_repair_is_about__DEV_REPAIR(world):
    officer = world.account(Role.SECURITY_OFFICER, dept="office", clearance=Clearance.CORE)
    director = world.account(Role.LEADER, dept="office", rank="director", clearance=Clearance.CORE)
    other = world.account(Role.LEADER, dept="tech", rank="director", clearance=Clearance.CORE)
    org.set_department_leaders(
        actor=None,
        department_id=world.departments["office"].pk,
        head_id=director.person_id,
        leader_in_charge_id=None,
    )
    RuleOverride.objects.create(
        organisation=world.organisation, rule_id="DEV-REPAIR", params={"vendors": ["维修中心"]}
    )
    laptop = make_asset(
        world.organisation.pk,
        "laptop",
        number="BJB-007",
        level=Level.PUBLIC,
        custodian_id=officer.person_id,
    )
    request = away.request_repair(
        actor=officer, asset_id=laptop.pk, vendor="维修中心", fault="键盘失灵"
    )
    html = signed_in(director).get(reverse("approvals")).content.decode()
    assert f'data-request="{request.pk}"' in html
    assert "BJB-007" in html and "送修" in html and "键盘失灵" in html
    # The director does not keep the ledger: the asset is named, not linked.
    assert reverse("asset", args=[laptop.pk]) not in html
    # The officer, who keeps the ledger, gets the link in their own requests.
    mine = signed_in(officer).get(reverse("approvals")).content.decode()
    assert "BJB-007" in mine
    # A leader who is not asked sees nothing of it.
    assert "BJB-007" not in signed_in(other).get(reverse("approvals")).content.decode()
