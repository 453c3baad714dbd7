"""The issue's test: planting an internet-connected classified computer flips the 军工
profile's veto item (基本项: classified computers off the internet, DEV-AIRGAP's alerts) and
fails the review whatever the score."""

from __future__ import annotations

import pytest

from baomi.access.roles import Role
from baomi.accreditation.operations import assessments as assessing
from baomi.accreditation.queries import score as queries
from baomi.accreditation.queries.arithmetic import PASS, VETO
from baomi.core.errors import RuleViolation
from baomi.core.levels import Clearance, Level
from baomi.devices.operations import ledger
from tests.accreditation.conftest import builtin, fill_unknown


def test_planting_an_internet_connected_classified_computer_fails_the_review(world, officer):
    jungong = builtin("jungong")
    fill_unknown(officer, jungong)
    keeper = world.account(Role.STAFF, dept="tech", clearance=Clearance.IMPORTANT)
    computer = ledger.register_asset(
        actor=officer,
        type="desktop",
        number="JM-0001",
        level=Level.SECRET,
        network="isolated",
        custodian_id=keeper.person_id,
    )
    # Whatever else the records of this bare organisation find (no security office set up,
    # no letters signed, …) the unit marks as not applicable: the veto item alone is tested.
    for line in queries.score(officer, jungong.pk).lines:
        if line.verdict == "problem":
            assessing.assess_item(
                actor=officer,
                item_id=line.item.pk,
                not_applicable=True,
                own_points=line.marking.own_points,
            )
    before = queries.score(officer, jungong.pk)
    [veto] = [line for line in before.lines if line.item.code == "4.5"]
    assert veto.item.veto and not veto.marking.at_risk
    assert before.total.unknown == 0 and before.total.score >= 450
    assert before.total.result == PASS

    with pytest.raises(RuleViolation) as refused:  # DEV-AIRGAP: refused, the alert stays
        ledger.change_network(actor=officer, asset_id=computer.pk, network="internet")
    assert refused.value.rule_id == "DEV-AIRGAP"

    after = queries.score(officer, jungong.pk)
    [veto] = [line for line in after.lines if line.item.code == "4.5"]
    assert veto.marking.at_risk and veto.verdict == "problem"
    assert any("JM-0001" in fact["text"] for fact in veto.findings)
    assert veto in after.veto_at_risk
    assert after.total.score >= 450  # the score alone would pass…
    assert after.total.result == VETO  # …the veto item fails the review
