"""The end of a copy's life through /api/v1: recall (RECALL-DUE), archives (ARCH-*),
destruction (DESTROY-*), hand-over and leaving (HANDOVER), loss (LOSS-REPORT) and inventory
(INVENTORY), with the operations' checks and CLS-MAC non-disclosure."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from baomi.access.roles import Role
from baomi.approvals.models import ApprovalRequest
from baomi.carriers.models import (
    ArchiveAccess,
    ArchiveExcerpt,
    Copy,
    CopyState,
    Destruction,
    Handover,
    LossReport,
)
from baomi.core.levels import Clearance, Level
from baomi.org.models import Employment, Person
from tests.api.carriers import hidden_like_missing, invalid, refused, snapshot
from tests.carriers import conftest as carriers
from tests.factories import prepare_leaving

# The office of tests/carriers/conftest.py, as a fixture of this module.
office = carriers.office
L = Level


@pytest.fixture
def copies(office):
    """The three copies of a SECRET incoming document naming the three readers and the
    security officer."""
    entry = office.incoming(level=L.SECRET, copies=3, readers=[*office.readers, office.officer])
    return office.copies(entry)


def ids(copies):
    return [c.pk for c in copies]


def granted(office, answer) -> dict:
    assert answer.status_code == 201, answer.content
    office.approve_all(ApprovalRequest.objects.get(pk=answer.json()["id"]))
    return answer.json()


def circulate(api, office, copy, reader=None):
    reader = reader or office.readers[0]
    r = api(office.clerk).post(f"/copies/{copy.pk}/circulate", {"reader_id": reader.person_id})
    assert r.status_code == 201, r.content


def other_clerk(office):
    """A clerk of the same office who knows none of the office's documents."""
    return office.world.account(Role.CLERK, dept="office", clearance=Clearance.CORE)


# Recall -------------------------------------------------------------------------------------


def test_recalled_copies_go_back_to_the_issuer__RECALL_DUE(office, api, copies):
    r = api(office.clerk).post("/copies/recall", {"copy_ids": ids(copies[:2]), "note": "清退"})
    assert r.status_code == 200, r.content
    assert [(c["id"], c["state"], c["holder_id"]) for c in r.json()] == [
        (copies[0].pk, "recalled", None),
        (copies[1].pk, "recalled", None),
    ]


def test_a_copy_out_with_a_reader_is_not_recalled__RECALL_DUE(office, api, copies):
    circulate(api, office, copies[0])
    before = snapshot(*ids(copies))
    refused(api(office.clerk).post("/copies/recall", {"copy_ids": ids(copies)}), "RECALL-DUE", 409)
    assert snapshot(*ids(copies)) == before


def test_recalling_an_unknowable_copy_is_not_found__CLS_MAC(office, api, copies):
    client = api(other_clerk(office))
    a = client.post("/copies/recall", {"copy_ids": [copies[0].pk]})
    b = client.post("/copies/recall", {"copy_ids": [copies[0].pk + 1000]})
    assert a.status_code == b.status_code == 404 and a.content == b.content
    assert Copy.objects.get(pk=copies[0].pk).state == CopyState.WITH_CUSTODIAN


@pytest.mark.parametrize(
    "body", [{"copy_ids": "all"}, {"copy_ids": ["a"]}, {"copy_ids": [10**20]}, {}]
)
def test_malformed_recall_is_422(office, api, body):
    invalid(api(office.clerk).post("/copies/recall", body))


# Archives -----------------------------------------------------------------------------------


def archived(api, office, copies) -> int:
    clerk = api(office.clerk)
    volume = clerk.post(
        "/archive/volumes", {"number": "2026-永久-001", "title": "收文", "year": 2026}
    )
    assert volume.status_code == 201, volume.content
    r = clerk.post(f"/archive/volumes/{volume.json()['id']}/copies", {"copy_ids": ids(copies)})
    assert r.status_code == 200, r.content
    assert {(c["state"], c["volume_id"]) for c in r.json()} == {("archived", volume.json()["id"])}
    return volume.json()["id"]


def test_a_volume_number_is_used_once(office, api):
    body = {"number": "2026-1", "title": "收文", "year": 2026}
    assert api(office.clerk).post("/archive/volumes", body).status_code == 201
    refused(api(office.clerk).post("/archive/volumes", body), None, 409)
    invalid(api(office.clerk).post("/archive/volumes", {**body, "year": "MMXXVI"}))


def test_only_copies_with_their_custodian_are_archived__ARCH_FILE(office, api, copies):
    circulate(api, office, copies[0])
    volume = api(office.clerk).post("/archive/volumes", {"number": "v", "title": "t", "year": 2026})
    before = snapshot(*ids(copies))
    r = api(office.clerk).post(
        f"/archive/volumes/{volume.json()['id']}/copies", {"copy_ids": ids(copies)}
    )
    refused(r, "ARCH-FILE", 409)
    assert snapshot(*ids(copies)) == before


def test_consulting_archives_in_the_registered_scope__ARCH_ACCESS(office, api, copies):
    """Registered with the director's approval, opened, one file read, an excerpt checked by
    someone other than the reader, closed."""
    archived(api, office, copies)
    clerk, doc = api(office.clerk), copies[0].document_id
    body = {
        "document_ids": [doc],
        "purpose": "编写年鉴",
        "applicant_id": office.readers[0].person_id,
    }
    r = clerk.post("/archive/accesses", body)
    assert r.status_code == 201, r.content
    access = r.json()
    assert access["document_ids"] == [doc] and access["approval_id"] is not None
    refused(clerk.post(f"/archive/accesses/{access['id']}/reading"), "ARCH-ACCESS")
    office.approve_all(ApprovalRequest.objects.get(pk=access["approval_id"]))
    opened = clerk.post(f"/archive/accesses/{access['id']}/reading")
    assert opened.status_code == 200 and opened.json()["read_at"], opened.content
    read = clerk.post(f"/archive/accesses/{access['id']}/consultations", {"document_id": doc})
    assert read.status_code == 200, read.content

    excerpt = {"document_id": doc, "description": "第三段"}
    by_reader = {**excerpt, "checked_by_id": office.readers[0].person_id}
    refused(clerk.post(f"/archive/accesses/{access['id']}/excerpts", by_reader), "ARCH-EXCERPT")
    checked = clerk.post(
        f"/archive/accesses/{access['id']}/excerpts",
        {**excerpt, "checked_by_id": office.officer.person_id},
    )
    assert checked.status_code == 201 and checked.json()["stamped_at"], checked.content
    closed = clerk.post(f"/archive/accesses/{access['id']}/close")
    assert closed.status_code == 200 and closed.json()["closed_at"]
    refused(clerk.post(f"/archive/accesses/{access['id']}/close"), "ARCH-ACCESS", 409)
    assert ArchiveExcerpt.objects.count() == 1


def test_only_the_registered_scope_is_read__ARCH_ACCESS(office, api, copies):
    archived(api, office, copies)
    other = office.copies(office.incoming(level=L.INTERNAL, copies=1))[0]
    clerk = api(office.clerk)
    body = {"document_ids": [copies[0].document_id], "purpose": "查阅", "outside_unit": "市档案馆"}
    refused(clerk.post("/archive/accesses", {**body, "outside_reader": "刘某"}), "ARCH-ACCESS")
    letter = {**body, "outside_reader": "刘某", "introduction_letter": "市档发〔2026〕3号"}
    access = clerk.post("/archive/accesses", letter).json()
    office.approve_all(ApprovalRequest.objects.get(pk=access["approval_id"]))
    clerk.post(f"/archive/accesses/{access['id']}/reading")
    r = clerk.post(
        f"/archive/accesses/{access['id']}/consultations", {"document_id": other.document_id}
    )
    refused(r, "ARCH-ACCESS")
    assert ArchiveAccess.objects.count() == 1


# Destruction --------------------------------------------------------------------------------


def destroy_body(office, copies, **kw):
    body = {
        "copy_ids": ids(copies),
        "method": "shredding",
        "place": "机要室碎纸机",
        "operator_id": office.clerk.person_id,
        "witness_ids": [r.person_id for r in office.readers[:2]],
    }
    body.update(kw)
    return body


def test_destruction_approved_and_witnessed__DESTROY_WITNESS(office, api, copies):
    clerk = api(office.clerk)
    before = snapshot(*ids(copies))
    refused(clerk.post("/destructions", destroy_body(office, copies)), "DESTROY-APPROVE")
    asked = granted(
        office, clerk.post("/destruction-requests", {"copy_ids": ids(copies), "reason": "到期"})
    )
    assert asked["rule_id"] == "DESTROY-APPROVE"
    one = destroy_body(office, copies, witness_ids=[office.readers[0].person_id])
    refused(clerk.post("/destructions", one), "DESTROY-WITNESS")
    waste = destroy_body(office, copies, method="sold as waste paper")
    refused(clerk.post("/destructions", waste), "DESTROY-PLACE")
    assert snapshot(*ids(copies)) == before and not Destruction.objects.exists()

    r = clerk.post("/destructions", destroy_body(office, copies))
    assert r.status_code == 201, r.content
    done = r.json()
    assert (done["copy_ids"], done["approval_id"], done["method"]) == (
        sorted(ids(copies)),
        asked["id"],
        "shredding",
    )
    assert done["witness_ids"] == sorted(r.person_id for r in office.readers[:2])
    assert set(Copy.objects.filter(pk__in=ids(copies)).values_list("state", flat=True)) == {
        "destroyed"
    }


def test_witnesses_sign_on_their_login_or_on_paper__DESTROY_WITNESS(office, api, copies):
    clerk = api(office.clerk)
    asked = clerk.post("/destruction-requests", {"copy_ids": ids(copies), "reason": "到期"})
    granted(office, asked)
    made = clerk.post("/destructions", destroy_body(office, copies)).json()
    first, second = office.readers[:2]
    assert [d["id"] for d in api(first).get("/destructions/to-witness").json()] == [made["id"]]
    # Someone not named signs nothing, nor does the clerk record it for them.
    refused(api(office.readers[2]).post(f"/destructions/{made['id']}/witness"), "DESTROY-WITNESS")
    paper = f"/destructions/{made['id']}/paper-signatures"
    refused(clerk.post(paper, {"witness_id": office.readers[2].person_id}), "DESTROY-WITNESS")
    r = api(first).post(f"/destructions/{made['id']}/witness")
    assert r.status_code == 201, r.content
    assert (r.json()["witness_id"], r.json()["on_paper"]) == (first.person_id, False)
    assert api(first).get("/destructions/to-witness").json() == []
    r = clerk.post(paper, {"witness_id": second.person_id})
    assert r.status_code == 201, r.content
    assert (r.json()["on_paper"], r.json()["recorded_by_id"]) == (True, office.clerk.pk)
    refused(clerk.post(paper, {"witness_id": second.person_id}), "DESTROY-WITNESS", 409)
    invalid(clerk.post(paper, {"witness_id": "x"}))


def test_a_destruction_request_without_reason_is_422(office, api, copies):
    invalid(
        api(office.clerk).post("/destruction-requests", {"copy_ids": ids(copies), "reason": ""})
    )
    invalid(api(office.clerk).post("/destruction-requests", {"copy_ids": ids(copies)}))


def test_destroying_an_unknowable_copy_is_not_found__CLS_MAC(office, api, copies):
    client = api(other_clerk(office))
    a, b = (
        client.post("/destruction-requests", {"copy_ids": [pk], "reason": "到期"})
        for pk in (copies[0].pk, copies[0].pk + 1000)
    )
    assert a.status_code == b.status_code == 404 and a.content == b.content
    assert not ApprovalRequest.objects.exists()


# Hand-over and leaving ----------------------------------------------------------------------


def handover_body(office, copies, reason="custodian"):
    return {
        "from_person_id": office.clerk.person_id,
        "to_person_id": office.officer.person_id,
        "reason": reason,
        "copy_ids": ids(copies),
    }


def test_a_hand_over_approved_listed_and_signed_by_both__HANDOVER(office, api, copies):
    clerk, officer = api(office.clerk), api(office.officer)
    body = handover_body(office, copies)
    refused(clerk.post("/handovers", body), "HANDOVER")
    asked = granted(office, clerk.post("/handover-requests", body))
    assert [s["approver_id"] for s in asked["steps"]] == [office.director.person_id]
    listed = clerk.post("/handovers", body)
    assert listed.status_code == 201, listed.content
    handover = listed.json()
    assert handover["from_signed_at"] and handover["to_signed_at"] is None
    assert [h["id"] for h in officer.get("/handovers").json()] == [handover["id"]]
    hidden_like_missing(
        api(office.readers[0]),
        "POST",
        f"/handovers/{handover['id']}/signature",
        f"/handovers/{handover['id'] + 1000}/signature",
    )
    signed = officer.post(f"/handovers/{handover['id']}/signature")
    assert signed.status_code == 200 and signed.json()["completed_at"], signed.content
    assert set(
        Copy.objects.filter(pk__in=ids(copies)).values_list("custodian_id", "holder_id")
    ) == {(office.officer.person_id, office.officer.person_id)}
    refused(officer.post(f"/handovers/{handover['id']}/signature"), "HANDOVER", 409)


def test_leaving_lists_every_copy__HANDOVER(office, api, copies):
    r = api(office.clerk).post("/handover-requests", handover_body(office, copies[:1], "leaving"))
    refused(r, "HANDOVER")
    assert not Handover.objects.exists() and not ApprovalRequest.objects.exists()


def test_malformed_hand_over_is_422(office, api, copies):
    invalid(api(office.clerk).post("/handover-requests", handover_body(office, copies, "bored")))


def test_nobody_leaves_while_holding_a_copy__HANDOVER(office, api, copies):
    circulate(api, office, copies[0])
    officer, reader = api(office.officer), office.readers[0].person_id
    refused(officer.post(f"/org/people/{reader}/left"), "HANDOVER")
    assert Person.objects.get(pk=reader).employment != Employment.LEFT
    api(office.clerk).post(f"/copies/{copies[0].pk}/return")
    refused(officer.post(f"/org/people/{reader}/left"), "PPL-EXIT")  # no exit case yet
    prepare_leaving(reader)
    left = officer.post(f"/org/people/{reader}/left")
    assert left.status_code == 200 and left.json()["employment"] == Employment.LEFT
    refused(officer.post(f"/org/people/{reader}/left"), None, 409)
    refused(api(office.clerk).post(f"/org/people/{office.readers[1].person_id}/left"), None)


# Loss ---------------------------------------------------------------------------------------


def loss_body(copies, **kw):
    found = timezone.localtime() - datetime.timedelta(hours=1)
    return {
        "copy_ids": ids(copies),
        "discovered_at": found.isoformat(),
        "circumstances": "丢失",
    } | kw


def test_a_loss_reported_handled_and_the_copy_found__LOSS_REPORT(office, api, copies):
    circulate(api, office, copies[0])
    r = api(office.readers[0]).post("/loss-reports", loss_body(copies[:1]))
    assert r.status_code == 201, r.content
    report = r.json()
    assert report["copy_ids"] == [copies[0].pk] and report["written_due_at"]
    assert Copy.objects.get(pk=copies[0].pk).state == CopyState.LOST
    officer = api(office.officer)
    progress = officer.post(
        f"/loss-reports/{report['id']}/progress", {"written": True, "remedies": "全面清查"}
    )
    assert progress.status_code == 200 and progress.json()["written_at"], progress.content
    refused(
        api(office.clerk).post(f"/loss-reports/{report['id']}/progress", {"written": True}), None
    )
    assert [x["id"] for x in officer.get("/loss-reports", open_only="true").json()] == [
        report["id"]
    ]
    found = api(office.clerk).post(f"/copies/{copies[0].pk}/found")
    assert found.status_code == 200 and found.json()["state"] == "with_custodian", found.content
    refused(api(office.clerk).post(f"/copies/{copies[0].pk}/found"), "LOSS-REPORT", 409)


@pytest.mark.parametrize(
    "bad",
    [
        {"discovered_at": "yesterday"},
        {"discovered_at": "2026-01-01T10:00:00"},  # no time zone
        {"discovered_at": "2999-01-01T10:00:00+08:00"},  # in the future
        {"discovered_at": "0001-01-01T05:00:00+08:00"},  # before UTC can represent it
        {"circumstances": " "},
    ],
)
def test_malformed_loss_report_is_422(office, api, copies, bad):
    invalid(api(office.clerk).post("/loss-reports", loss_body(copies, **bad)))
    assert not LossReport.objects.exists()


def test_an_unknowable_copy_cannot_be_reported__CLS_MAC(office, api, copies):
    client = api(other_clerk(office))
    a, b = (
        client.post("/loss-reports", loss_body([copy]))
        for copy in (copies[0], Copy(pk=copies[0].pk + 1000))
    )
    assert a.status_code == b.status_code == 404 and a.content == b.content
    assert not LossReport.objects.exists()


# Inventory ----------------------------------------------------------------------------------


def test_an_inventory_checked_closed_and_reconciled__INVENTORY(office, api, copies):
    clerk = api(office.clerk)
    started = clerk.post("/inventories", {"department_id": office.world.departments["office"].pk})
    assert started.status_code == 201, started.content
    inventory = started.json()["id"]
    line = clerk.post(f"/inventories/{inventory}/checks", {"copy_id": copies[0].pk, "note": "柜中"})
    assert line.status_code == 201 and line.json()["expected"], line.content
    again = clerk.post(f"/inventories/{inventory}/checks", {"copy_id": copies[0].pk})
    refused(again, "INVENTORY", 409)
    closed = clerk.post(f"/inventories/{inventory}/close")
    assert closed.status_code == 200 and closed.json()["closed_at"]
    report = clerk.get(f"/inventories/{inventory}/reconciliation").json()
    assert [x["copy_id"] for x in report["shortages"]] == ids(copies[1:])
    assert report["unexpected"] == [] and report["inventory"]["id"] == inventory
    late = clerk.post(f"/inventories/{inventory}/checks", {"copy_id": copies[1].pk})
    refused(late, "INVENTORY", 409)


def test_inventory_input_is_checked(office, api):
    clerk = api(office.clerk)
    assert clerk.post("/inventories", {"department_id": 999999}).status_code == 404
    invalid(clerk.post("/inventories", {"department_id": "office"}))
    refused(api(office.readers[0]).post("/inventories", {}), None)
    assert clerk.get("/inventories/999999/reconciliation").status_code == 404


@pytest.mark.parametrize("who", ["reader", "director", "leader"])
def test_only_register_keepers_read_an_inventory__INVENTORY(office, api, copies, who):
    """The reconciliation is the register keeper's, as on its page: staff and leaders, who
    may know the copies, are refused by their role (403), like the page refuses them."""
    started = api(office.clerk).post("/inventories", {})
    inventory = started.json()["id"]
    account = {"reader": office.readers[0], "director": office.director, "leader": office.leader}
    refused(api(account[who]).get(f"/inventories/{inventory}/reconciliation"), None)
    assert api(office.clerk).get(f"/inventories/{inventory}/reconciliation").status_code == 200
    assert api(office.officer).get(f"/inventories/{inventory}/reconciliation").status_code == 200
