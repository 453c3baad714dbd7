"""What comes next for an asset (``devices.queries.steps``): the asset page offers exactly the
steps the API's asset detail returns (``next_steps``), at each stage of a repair (nothing
asked, requested, granted, at the vendor, back; DEV-REPAIR), for a classified medium that is
never repaired but may be sanitised (MEDIA-TAINT), and for a computer's custodian
(standalone processing, DEV-STANDALONE, and the upkeep records, DEV-AV, DEV-BACKUP)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from baomi.access.roles import Role
from baomi.accounts.models import Account
from baomi.approvals import operations as approvals
from baomi.approvals.models import ApprovalRequest
from baomi.core.levels import Clearance, Level
from baomi.devices.models import Asset
from baomi.devices.operations import away, upkeep
from baomi.org import operations as org
from baomi.rulebook.models import RuleOverride
from tests.api.conftest import ApiClient

VENDOR = "市保密技术服务中心"

# The page's card of each workflow (its id and the data attribute holding its state) and the
# forms it offers, named by the operation each one feeds.
CARDS = {
    "repair": ("repair", "data-repair"),
    "loan": ("loan", "data-loan"),
    "disposal": ("disposal", "data-disposal"),
    "standalone": ("standalone", "data-standalone"),
    "sanitise": ("sanitising", "data-sanitising"),
}
FORMS = {
    "repair": {
        "repair-request": "request_repair",
        "repair-send": "send_to_repair",
        "repair-return": "return_from_repair",
    },
    "loan": {
        "loan-request": "request_loan",
        "loan-lend": "lend_asset",
        "loan-return": "return_loan",
    },
    "disposal": {"disposal-request": "request_disposal", "dispose": "dispose"},
    "standalone": {
        "standalone-request": "request_standalone",
        "standalone-start": "start_standalone",
        "standalone-finish": "finish_standalone",
    },
    "sanitise": {"sanitisation-request": "request_sanitisation", "sanitise": "sanitise"},
}
UPKEEP_FORMS = {
    "antivirus": "record_av_update",
    "infection": "report_infection",
    "backup": "record_backup",
}


@pytest.fixture
def cared(ledger: Any) -> Any:
    """The ledger's organisation with one designated repair vendor and a leader in charge of
    the tech department; a secret desktop standing alone and a secret stick, both kept by the
    first tech custodian."""
    world = ledger.world
    leader = world.account(
        Role.LEADER, dept="office", rank="director", clearance=Clearance.CORE, name="陈分管"
    )
    org.set_department_leaders(
        actor=None,
        department_id=world.departments["tech"].pk,
        head_id=None,
        leader_in_charge_id=leader.person_id,
    )
    ledger.leader = leader
    RuleOverride.objects.create(
        organisation=world.organisation, rule_id="DEV-REPAIR", params={"vendors": [VENDOR]}
    )
    tech = world.departments["tech"].pk
    ledger.desktop = ledger.register(
        number="JSJ-S1", level=Level.SECRET, network="none", department_id=tech
    )
    ledger.stick = ledger.register(
        type="usb_stick", number="U-S1", level=Level.SECRET, department_id=tech
    )
    return ledger


def offered(account: Account, asset: Asset) -> dict[str, Any]:
    """What the asset page offers ``account``: each workflow's state and next operation (None
    for a workflow it shows no card of), and the upkeep records."""
    client = Client()
    client.force_login(account)
    response = client.get(reverse("asset", args=[asset.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    forms = set(re.findall(r'data-form="([\w-]+)"', html))
    found: dict[str, Any] = {}
    for workflow, (card, attribute) in CARDS.items():
        state = re.search(rf'id="{card}" {attribute}="(\w*)"', html)
        following = [op for key, op in FORMS[workflow].items() if key in forms]
        assert len(following) <= 1, following
        found[workflow] = (state[1], following[0] if following else None) if state else None
    found["upkeep"] = sorted(op for key, op in UPKEEP_FORMS.items() if key in forms)
    return found


def returned(account: Account, asset: Asset) -> dict[str, Any]:
    """The API's next steps of ``asset`` for ``account``, in the shape of ``offered`` (a
    state the API leaves null the page shows as "none")."""
    r = ApiClient(account).get(f"/assets/{asset.pk}")
    assert r.status_code == 200, r.content
    steps = r.json()["next_steps"]
    found: dict[str, Any] = {
        workflow: (steps[workflow]["state"] or "none", steps[workflow]["next"])
        if steps[workflow] is not None
        else None
        for workflow in CARDS
    }
    found["upkeep"] = sorted(steps["upkeep"])
    return found


def steps_of(account: Account, asset: Asset) -> dict[str, Any]:
    """The next steps, the page's and the API's being the same."""
    page = offered(account, asset)
    assert returned(account, asset) == page
    return page


def granted(approver: Account) -> ApprovalRequest:
    request = ApprovalRequest.objects.get(state="pending")
    approvals.decide(actor=approver, request_id=request.pk, approve=True)
    return request


def test_the_repair_at_each_stage__DEV_REPAIR(cared):
    officer, desktop = cared.officer, cared.desktop
    steps = steps_of(officer, desktop)
    assert steps["repair"] == ("none", "request_repair")
    assert steps["loan"] == ("none", "request_loan")
    assert steps["disposal"] == ("none", "request_disposal")
    assert steps["sanitise"] is None  # not a medium

    away.request_repair(actor=officer, asset_id=desktop.pk, vendor=VENDOR, fault="无法开机")
    assert steps_of(officer, desktop)["repair"] == ("pending", None)
    detail = ApiClient(officer).get(f"/assets/{desktop.pk}").json()["next_steps"]["repair"]
    assert detail["pending_id"] == ApprovalRequest.objects.get().pk

    request = granted(cared.director)
    assert steps_of(officer, desktop)["repair"] == ("granted", "send_to_repair")
    detail = ApiClient(officer).get(f"/assets/{desktop.pk}").json()["next_steps"]["repair"]
    assert (detail["granted_id"], detail["keeps_storage"]) == (request.pk, True)

    repair = away.send_to_repair(
        actor=officer, asset_id=desktop.pk, vendor=VENDOR, fault="无法开机", storage_kept="硬盘留存"
    )
    steps = steps_of(officer, desktop)
    assert steps["repair"] == ("open", "return_from_repair")
    # Away from the office: nothing else is asked for it until it is back.
    assert steps["loan"] is None and steps["disposal"] is None
    detail = ApiClient(officer).get(f"/assets/{desktop.pk}").json()["next_steps"]["repair"]
    assert detail["repair_id"] == repair.pk

    away.return_from_repair(actor=officer, repair_id=repair.pk, work_done="更换电源")
    steps = steps_of(officer, desktop)
    assert steps["repair"] == ("none", "request_repair")
    assert steps["loan"] == ("none", "request_loan")


def test_a_classified_medium_offers_no_repair_but_sanitising__DEV_REPAIR_MEDIA_TAINT(cared):
    steps = steps_of(cared.officer, cared.stick)
    assert steps["repair"] == ("never", None)
    assert steps["sanitise"] == ("none", "request_sanitisation")
    assert steps["standalone"] is None and steps["upkeep"] == []  # not a computer


def test_a_custodian_is_offered_standalone_processing_and_upkeep__DEV_STANDALONE(cared):
    custodian, desktop = cared.tech[0], cared.desktop
    steps = steps_of(custodian, desktop)
    # The security officer's workflows are not the custodian's.
    assert steps["repair"] is None and steps["loan"] is None and steps["disposal"] is None
    assert steps["standalone"] == ("none", "request_standalone")
    assert steps["upkeep"] == ["record_av_update", "record_backup", "report_infection"]

    upkeep.request_standalone(
        actor=custodian, computer_id=desktop.pk, level=Level.SECRET, purpose="起草机密方案"
    )
    assert steps_of(custodian, desktop)["standalone"] == ("pending", None)
    granted(cared.leader)
    assert steps_of(custodian, desktop)["standalone"] == ("granted", "start_standalone")
    upkeep.start_standalone(
        actor=custodian, computer_id=desktop.pk, level=Level.SECRET, purpose="起草机密方案"
    )
    assert steps_of(custodian, desktop)["standalone"] == ("running", "finish_standalone")
    # The security officer may finish it too.
    assert steps_of(cared.officer, desktop)["standalone"] == ("running", "finish_standalone")
