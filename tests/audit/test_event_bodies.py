"""Audit bodies hold ids, never an item's identifying text: the auditor, who reads every body,
has no clearance. A generic scan of every event's body against every title, document number,
asset number and serial in the database, so that an operation added later is held to it too."""

from __future__ import annotations

import json

import pytest

from baomi.accounts.models import Account
from baomi.approvals import operations as approvals
from baomi.approvals.models import ApprovalRequest
from baomi.audit.models import AuditEvent
from baomi.carriers.models import Document
from baomi.carriers.operations import archives
from baomi.core.errors import RuleViolation
from baomi.devices import demo
from baomi.devices.models import Asset
from baomi.devices.operations import away, ledger
from baomi.devices.queries import exports
from tests.api.conftest import ApiClient

# Free text typed about items in the operations below (a location, the disk kept behind).
TYPED = ("保密柜乙-7号", "硬盘 SN-L-2001-HD 存机要室")


def _identifying() -> set[str]:
    """Every title, document number, asset number and serial of the database."""
    found = set(TYPED)
    for title, number in Document.objects.values_list("title", "number"):
        found |= {title, number}
    for number, serial in Asset.objects.values_list("number", "serial"):
        found |= {number, serial}
    return {text for text in found if text}


def _leaks(bodies: list[str]) -> list[tuple[str, str]]:
    words = _identifying()
    return [(word, body) for body in bodies for word in words if word in body]


def _run_operations_that_quoted_items() -> None:
    """On top of the demo (incoming documents, circulation, a draft, the equipment ledger, a
    use of a medium and a refused one, a repair request): the operations whose audit events
    or refusal messages used to quote a number, a serial or a location."""
    users = {a.username: a for a in Account.objects.select_related("person")}
    officer, clerk = users["secofficer"], users["clerk"]
    asset = {a.number: a for a in Asset.objects.all()}
    ledger.register_asset(
        actor=officer, type="usb_stick", number="U-009", serial="SN-U-3999", level=0
    )
    ledger.assign_custodian(
        actor=officer,
        asset_id=asset["U-001"].pk,
        custodian_id=clerk.person_id,
        location=TYPED[0],
    )
    ledger.update_asset(actor=officer, asset_id=asset["JSJ-002"].pk, location=TYPED[0])
    exports.export(officer, {"search": "JSJ-001"}, "xlsx")
    # Refusals whose message names the item: a classified medium never goes to repair, a
    # document without an archived copy cannot be consulted.
    with pytest.raises(RuleViolation):
        away.request_repair(
            actor=officer, asset_id=asset["U-001"].pk, vendor=demo.REPAIR_VENDOR, fault="坏"
        )
    with pytest.raises(RuleViolation):
        archives.register_archive_access(
            actor=clerk,
            document_ids=[Document.objects.order_by("pk").first().pk],
            purpose="查阅",
            applicant_id=clerk.person_id,
        )
    # The laptop's repair the demo left for the office director: approved, and it leaves
    # with its disk kept behind (which disk and where is the repair record's text).
    request = ApprovalRequest.objects.get(operation="repair")
    for step in request.steps.order_by("order"):
        approver = Account.objects.get(person_id=step.approver_id)
        approvals.decide(actor=approver, request_id=request.pk, approve=True)
    away.send_to_repair(
        actor=officer,
        asset_id=asset["JSJ-003"].pk,
        vendor=demo.REPAIR_VENDOR,
        fault="键盘失灵",
        storage_kept=TYPED[1],
    )


def test_no_audit_body_holds_a_title_number_or_serial(demo_built):
    _run_operations_that_quoted_items()
    bodies = [bytes(body).decode() for body in AuditEvent.objects.values_list("body", flat=True)]
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    # The scan covers the operations it is meant to (not a vacuous pass).
    assert {
        "carriers.incoming_registered",
        "carriers.copy_circulated",
        "devices.asset_registered",
        "devices.asset_handed_over",
        "devices.asset_updated",
        "devices.sent_to_repair",
        "devices.media_used",
        "devices.ledger_exported",
        "operation.refused",
    } <= actions
    assert _leaks(bodies) == []


def test_the_auditor_reads_the_events_by_ids(demo_built):
    """What the auditor reads through the API: each event's subject by type and id (to follow
    an item's history), and none of the items' identifying text."""
    _run_operations_that_quoted_items()
    auditor = Account.objects.get(username="auditor")
    answer = ApiClient(auditor).get("/audit/events", limit=500)
    assert answer.status_code == 200
    items = answer.json()["items"]
    assert _leaks([json.dumps(item, ensure_ascii=False) for item in items]) == []
    registered = [e for e in items if e["action"] == "devices.asset_registered"]
    assert registered and all(e["subject_type"] == "devices.asset" for e in registered)
    numbers = dict(Asset.objects.values_list("pk", "number"))
    assert {numbers[int(e["subject_id"])] for e in registered} >= {"JSJ-001", "U-009"}
