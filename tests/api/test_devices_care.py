"""The equipment's care through /api/v1 (RULES.md §7): repairs (DEV-REPAIR), loans (DEV-LEND),
scrapping and destruction (DESTROY-APPROVE, DESTROY-WITNESS, DESTROY-PLACE), antivirus and
infections (DEV-AV), backups (DEV-BACKUP), standalone processing (DEV-STANDALONE) and data
integrity reviews (DEV-INTEGRITY), with the operations' checks: 403 with the rule, 404 for
what the caller may not see, 422 for malformed input (never a 500)."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from baomi.access.roles import Role
from baomi.approvals.models import ApprovalRequest, State
from baomi.core.levels import Clearance, Level
from baomi.devices.models import (
    Alert,
    Asset,
    AssetEvent,
    Backup,
    Disposal,
    Infection,
    IntegrityReview,
    Loan,
    Repair,
    StandaloneUse,
    Status,
)
from tests.api.carriers import invalid, refused
from tests.carriers import conftest as carriers
from tests.factories import World

# The office of tests/carriers/conftest.py, as a fixture of this module: the office director
# heads the general office; 钱副总 is the leader in charge of it and of the tech department.
office = carriers.office
L = Level
VENDOR = "市保密技术服务中心"


def registered(api, office, number, type="desktop", **kw):
    body = {"type": type, "number": number, "level": 0, "network": "none", **kw}
    r = api(office.officer).post("/assets", body)
    assert r.status_code == 201, r.content
    return r.json()


def decided(api, approver, request, approve=True, comment=""):
    """``approver`` decides the step awaiting them, through the API; answers the request."""
    r = api(approver).post(
        f"/approvals/{request['id']}/decision", {"approve": approve, "comment": comment}
    )
    assert r.status_code == 200, r.content
    return r.json()


def approvers(request):
    return [step["approver_id"] for step in request["steps"]]


def status_of(asset):
    return Asset.objects.get(pk=asset["id"]).status


def today():
    return timezone.localdate()


@pytest.fixture
def computer(api, office):
    """A SECRET standalone desktop (no network, no wireless), kept by the first reader."""
    return registered(
        api,
        office,
        "PC-001",
        level=L.SECRET,
        custodian_id=office.readers[0].person_id,
        location="301",
    )


@pytest.fixture
def vendors(api, office):
    """The organisation designates one repair vendor (DEV-REPAIR.vendors)."""
    r = api(office.officer).put("/rules/DEV-REPAIR", {"params": {"vendors": [VENDOR]}})
    assert r.status_code == 200, r.content


# Repairs ------------------------------------------------------------------------------------


def test_repair_approved_by_the_office_director__DEV_REPAIR(office, api, computer, vendors):
    """Asked for, approved by the office director, sent without its disk (the machine is
    classified), listed while at the vendor, and back in use with the work done."""
    officer, path = api(office.officer), f"/assets/{computer['id']}"
    r = officer.post(f"{path}/repair-requests", {"vendor": VENDOR, "fault": "无法开机"})
    assert r.status_code == 201, r.content
    request = r.json()
    assert request["rule_id"] == "DEV-REPAIR" and request["params"] == {"vendor": VENDOR}
    assert approvers(request) == [office.director.person_id]

    body = {"vendor": VENDOR, "fault": "无法开机", "storage_kept": "硬盘已拆下，存保密柜"}
    # Before the office director decides: refused with the rule.
    refused(officer.post(f"{path}/repairs", body), "DEV-REPAIR")
    assert decided(api, office.director, request)["state"] == State.GRANTED
    # A classified machine leaves only without its storage: refused, the approval kept.
    refused(officer.post(f"{path}/repairs", {**body, "storage_kept": ""}), "DEV-REPAIR")
    assert ApprovalRequest.objects.get(pk=request["id"]).state == State.GRANTED

    r = officer.post(f"{path}/repairs", body)
    assert r.status_code == 201, r.content
    repair = r.json()
    assert (repair["asset_id"], repair["asset_number"], repair["vendor"]) == (
        computer["id"],
        "PC-001",
        VENDOR,
    )
    assert repair["approval_id"] == request["id"] and repair["returned_at"] is None
    assert repair["storage_kept"] == "硬盘已拆下，存保密柜"
    assert status_of(computer) == Status.IN_REPAIR
    # The approval was used up: a second repair needs another.
    assert ApprovalRequest.objects.get(pk=request["id"]).state == State.CONSUMED
    listed = officer.get("/repairs", open_only=True).json()
    assert [x["id"] for x in listed["items"]] == [repair["id"]] and listed["next_offset"] is None

    r = officer.post(f"/repairs/{repair['id']}/return", {"work_done": "更换电源"})
    assert r.status_code == 200, r.content
    assert r.json()["work_done"] == "更换电源" and r.json()["returned_at"]
    assert status_of(computer) == Status.IN_USE
    assert officer.get("/repairs", open_only=True).json()["items"] == []
    assert len(officer.get("/repairs").json()["items"]) == 1
    # Back once only.
    r = officer.post(f"/repairs/{repair['id']}/return", {"work_done": "x"})
    assert r.status_code == 409 and r.json()["message"]
    records = officer.get(f"{path}/records").json()
    assert [x["id"] for x in records["repairs"]] == [repair["id"]]


def test_repair_only_by_a_designated_vendor_never_a_classified_medium__DEV_REPAIR(
    office, api, computer
):
    officer = api(office.officer)
    path = f"/assets/{computer['id']}/repair-requests"
    # No vendor designated yet: every vendor is refused.
    body = refused(officer.post(path, {"vendor": VENDOR, "fault": "蓝屏"}), "DEV-REPAIR")
    assert VENDOR in body["message"]
    api(office.officer).put("/rules/DEV-REPAIR", {"params": {"vendors": [VENDOR]}})
    refused(officer.post(path, {"vendor": "街边电脑店", "fault": "蓝屏"}), "DEV-REPAIR")
    # A medium that has held classified data never leaves for repair: it is destroyed.
    stick = registered(api, office, "U-S01", "usb_stick", level=L.SECRET)
    r = officer.post(f"/assets/{stick['id']}/repair-requests", {"vendor": VENDOR, "fault": "坏"})
    refused(r, "DEV-REPAIR")
    assert not ApprovalRequest.objects.filter(rule_id="DEV-REPAIR").exists()
    # The designated vendor for the computer: asked.
    assert officer.post(path, {"vendor": VENDOR, "fault": "蓝屏"}).status_code == 201


# Loans --------------------------------------------------------------------------------------


def test_lend_outside_with_the_leaders_approval__DEV_LEND(office, api, computer):
    officer, path = api(office.officer), f"/assets/{computer['id']}"
    due = (today() + datetime.timedelta(days=14)).isoformat()
    body = {"borrower": "兄弟单位", "due_back": due, "purpose": "联合评审"}
    r = officer.post(f"{path}/loan-requests", body)
    assert r.status_code == 201, r.content
    request = r.json()
    assert request["rule_id"] == "DEV-LEND" and approvers(request) == [office.leader.person_id]
    refused(officer.post(f"{path}/loans", body), "DEV-LEND")
    decided(api, office.leader, request)
    # The approval is for this borrower until this date, not another.
    refused(officer.post(f"{path}/loans", {**body, "borrower": "其他单位"}), "DEV-LEND")

    r = officer.post(f"{path}/loans", body)
    assert r.status_code == 201, r.content
    loan = r.json()
    assert (loan["borrower"], loan["due_back"], loan["approval_id"]) == (
        "兄弟单位",
        due,
        request["id"],
    )
    assert status_of(computer) == Status.LENT
    # A lent asset comes back before anything else leaves with it.
    r = officer.post(f"{path}/repair-requests", {"vendor": VENDOR, "fault": "x"})
    refused(r, "DEV-REPAIR", status=409)
    assert [x["id"] for x in officer.get("/loans", open_only=True).json()["items"]] == [loan["id"]]

    r = officer.post(f"/loans/{loan['id']}/return", {"condition": "完好"})
    assert r.status_code == 200 and r.json()["condition"] == "完好", r.content
    assert status_of(computer) == Status.IN_USE
    assert officer.get("/loans", open_only=True).json()["items"] == []
    assert officer.post(f"/loans/{loan['id']}/return", {"condition": "x"}).status_code == 409


def test_a_rejected_loan_is_not_lent__DEV_LEND(office, api, computer):
    officer, path = api(office.officer), f"/assets/{computer['id']}"
    due = (today() + datetime.timedelta(days=7)).isoformat()
    body = {"borrower": "兄弟单位", "due_back": due, "purpose": "借用"}
    request = officer.post(f"{path}/loan-requests", body).json()
    decided(api, office.leader, request, approve=False, comment="原则上不外借")
    refused(officer.post(f"{path}/loans", body), "DEV-LEND")
    assert not Loan.objects.exists() and status_of(computer) == Status.IN_USE
    # A date already past is invalid input, not a request.
    past = (today() - datetime.timedelta(days=1)).isoformat()
    assert invalid(officer.post(f"{path}/loan-requests", {**body, "due_back": past}))["field"] == (
        "due_back"
    )


# Disposals ----------------------------------------------------------------------------------


def _disposal(office, asset_ids, **kw):
    body = {
        "asset_ids": asset_ids,
        "outcome": "destroyed",
        "method": "shredded",
        "place": "市保密局销毁中心",
        "operator_id": office.clerk.person_id,
        "witness_ids": [office.director.person_id, office.tech_head.person_id],
    }
    body.update(kw)
    return body


def test_destroy_under_two_supervisors__DESTROY_WITNESS(office, api, computer):
    """A leader approves; fewer than two supervisors, or the operator supervising their own
    destruction, is refused with the approval kept; then the assets leave the ledger."""
    officer = api(office.officer)
    stick = registered(api, office, "U-S01", "usb_stick", level=L.SECRET)
    ids = [computer["id"], stick["id"]]
    r = officer.post(
        "/disposal-requests", {"asset_ids": ids, "outcome": "destroyed", "reason": "老化"}
    )
    assert r.status_code == 201, r.content
    request = r.json()
    assert request["rule_id"] == "DESTROY-APPROVE"
    assert approvers(request) == [office.leader.person_id]
    decided(api, office.leader, request)

    one = [office.director.person_id]
    refused(officer.post("/disposals", _disposal(office, ids, witness_ids=one)), "DESTROY-WITNESS")
    with_operator = [office.director.person_id, office.clerk.person_id]
    r = officer.post("/disposals", _disposal(office, ids, witness_ids=with_operator))
    refused(r, "DESTROY-WITNESS")
    assert not Disposal.objects.exists()
    assert {status_of(computer), status_of(stick)} == {Status.IN_USE}

    r = officer.post("/disposals", _disposal(office, ids))
    assert r.status_code == 201, r.content
    disposal = r.json()
    assert disposal["asset_ids"] == sorted(ids) and disposal["approval_id"] == request["id"]
    assert disposal["witness_ids"] == sorted(
        [office.director.person_id, office.tech_head.person_id]
    )
    assert (disposal["outcome"], disposal["method"]) == ("destroyed", "shredded")
    assert {status_of(computer), status_of(stick)} == {Status.DESTROYED}
    assert [d["id"] for d in officer.get("/disposals").json()["items"]] == [disposal["id"]]
    # Destroyed is history: nothing more happens to it.
    r = officer.post(f"/assets/{computer['id']}/repair-requests", {"vendor": "x", "fault": "x"})
    refused(r, "DEV-LEDGER", status=409)


def test_supervisors_sign_on_their_login_or_on_paper__DESTROY_WITNESS(office, api, computer):
    officer = api(office.officer)
    ids = [computer["id"]]
    r = officer.post(
        "/disposal-requests", {"asset_ids": ids, "outcome": "destroyed", "reason": "老化"}
    )
    decided(api, office.leader, r.json())
    made = officer.post("/disposals", _disposal(office, ids)).json()
    director, head = api(office.director), api(office.tech_head)
    waiting = director.get("/disposals/to-witness").json()
    assert [(d["id"], d["asset_count"]) for d in waiting] == [(made["id"], 1)]
    # Someone not named, and the operator, sign nothing; nor does the officer record them.
    for account in (office.readers[0], office.clerk):
        refused(api(account).post(f"/disposals/{made['id']}/witness"), "DESTROY-WITNESS")
    paper = f"/disposals/{made['id']}/paper-signatures"
    refused(officer.post(paper, {"witness_id": office.readers[0].person_id}), "DESTROY-WITNESS")
    r = director.post(f"/disposals/{made['id']}/witness")
    assert r.status_code == 201, r.content
    assert (r.json()["witness_id"], r.json()["on_paper"]) == (office.director.person_id, False)
    assert director.get("/disposals/to-witness").json() == []
    refused(director.post(f"/disposals/{made['id']}/witness"), "DESTROY-WITNESS", 409)
    r = officer.post(paper, {"witness_id": office.tech_head.person_id})
    assert r.status_code == 201, r.content
    assert (r.json()["on_paper"], r.json()["recorded_by_id"]) == (True, office.officer.pk)
    assert head.get("/disposals/to-witness").json() == []
    refused(officer.post(paper, {"witness_id": office.tech_head.person_id}), "DESTROY-WITNESS", 409)
    invalid(officer.post(paper, {"witness_id": "x"}))
    # Only the security officer records from paper; a disposal that is not there is 404.
    assert (
        api(office.clerk).post(paper, {"witness_id": office.director.person_id}).status_code == 403
    )
    assert director.post(f"/disposals/{made['id'] + 1}/witness").status_code == 404


def test_no_disposal_without_approval_of_exactly_these_assets__DESTROY_APPROVE(
    office, api, computer
):
    officer = api(office.officer)
    other = registered(api, office, "PC-002")
    refused(officer.post("/disposals", _disposal(office, [computer["id"]])), "DESTROY-APPROVE")
    request = officer.post(
        "/disposal-requests",
        {"asset_ids": [computer["id"]], "outcome": "destroyed", "reason": "报废"},
    ).json()
    decided(api, office.leader, request)
    both = [computer["id"], other["id"]]
    refused(officer.post("/disposals", _disposal(office, both)), "DESTROY-APPROVE")
    # The approval is for destruction, not scrapping.
    scrap = _disposal(office, [computer["id"]], outcome="scrapped")
    refused(officer.post("/disposals", scrap), "DESTROY-APPROVE")
    assert not Disposal.objects.exists()


def test_what_held_classified_data_is_never_scrapped_as_it_is__DESTROY_PLACE(office, api, computer):
    officer = api(office.officer)
    request = officer.post(
        "/disposal-requests",
        {"asset_ids": [computer["id"]], "outcome": "scrapped", "reason": "报废"},
    ).json()
    decided(api, office.leader, request)
    body = _disposal(office, [computer["id"]], outcome="scrapped", method="plain")
    refused(officer.post("/disposals", body), "DESTROY-PLACE")
    refused(
        officer.post("/disposals", {**body, "method": "degaussed", "place": ""}), "DESTROY-PLACE"
    )
    r = officer.post("/disposals", {**body, "method": "storage_destroyed"})
    assert r.status_code == 201, r.content
    assert status_of(computer) == Status.SCRAPPED


# Antivirus and infections -------------------------------------------------------------------


def test_antivirus_updates_and_the_stale_list__DEV_AV(office, api, computer):
    reader, officer = api(office.readers[0]), api(office.officer)
    path = f"/assets/{computer['id']}/antivirus"
    # No product recorded: stale, for the officer and for its custodian.
    assert [a["id"] for a in officer.get("/antivirus-stale").json()["items"]] == [computer["id"]]
    assert [a["id"] for a in reader.get("/antivirus-stale").json()["items"]] == [computer["id"]]
    # Naming the product is needed the first time.
    assert invalid(reader.post(path, {"signatures_on": today().isoformat()}))["field"] == (
        "product"
    )
    r = reader.post(path, {"signatures_on": today().isoformat(), "product": "瑞星"})
    assert r.status_code == 200, r.content
    assert (r.json()["antivirus"], r.json()["av_signatures_on"]) == ("瑞星", today().isoformat())
    assert officer.get("/antivirus-stale").json()["items"] == []
    # The date never goes back; the future is invalid.
    earlier = (today() - datetime.timedelta(days=3)).isoformat()
    assert reader.post(path, {"signatures_on": earlier}).status_code == 409
    tomorrow = (today() + datetime.timedelta(days=1)).isoformat()
    assert invalid(reader.post(path, {"signatures_on": tomorrow}))["field"] == "signatures_on"
    # Another reader's update of a computer they do not keep answers like a missing one.
    r = api(office.readers[1]).post(path, {"signatures_on": today().isoformat()})
    assert r.status_code == 404


def test_an_infection_stops_the_computer_until_cleared__DEV_AV(office, api, computer):
    reader, officer = api(office.readers[0]), api(office.officer)
    registered(api, office, "U-S01", "usb_stick", level=L.SECRET)
    r = reader.post(f"/assets/{computer['id']}/infections", {"virus": "熊猫烧香"})
    assert r.status_code == 201, r.content
    infection = r.json()
    assert infection["asset_number"] == "PC-001" and infection["cleared_at"] is None
    assert Alert.objects.filter(rule_id="DEV-AV", asset_id=computer["id"]).exists()
    # Out of use: no media, no standalone processing.
    use = {"medium_identifier": "U-S01", "purpose": "拷贝"}
    refused(reader.post(f"/computers/{computer['id']}/media-uses", use), "DEV-AV")
    standalone = {"level": L.SECRET, "purpose": "处理涉密数据"}
    refused(reader.post(f"/assets/{computer['id']}/standalone-requests", standalone), "DEV-AV")
    assert [i["id"] for i in officer.get("/infections").json()["items"]] == [infection["id"]]

    # Only the security office clears it.
    clear = f"/infections/{infection['id']}/clear"
    refused(reader.post(clear, {"treatment": "已杀毒"}), None)
    r = officer.post(clear, {"treatment": "已杀毒并全盘扫描"})
    assert r.status_code == 200 and r.json()["cleared_at"], r.content
    assert officer.post(clear, {"treatment": "again"}).status_code == 409
    assert officer.get("/infections").json()["items"] == []
    assert len(officer.get("/infections", open_only=False).json()["items"]) == 1
    # In use again.
    r = reader.post(f"/computers/{computer['id']}/media-uses", use)
    assert r.status_code == 201, r.content
    r = reader.post(f"/assets/{computer['id']}/standalone-requests", standalone)
    assert r.status_code == 201, r.content
    records = reader.get(f"/assets/{computer['id']}/records").json()
    assert [i["id"] for i in records["infections"]] == [infection["id"]]
    assert records["repairs"] == [] and records["loans"] == []


# Backups ------------------------------------------------------------------------------------


def test_backups_due_twice_a_month_and_recorded__DEV_BACKUP(office, api):
    reader, officer = api(office.readers[0]), api(office.officer)
    pc = registered(
        api, office, "PC-010", important_data=True, custodian_id=office.readers[0].person_id
    )
    registered(api, office, "PC-011")  # no important files: no backup due
    due = officer.get("/backups-due").json()
    assert [(d["asset"]["id"], d["last"], d["missed"]) for d in due] == [(pc["id"], None, True)]
    assert due[0]["due_by"] >= today().isoformat()
    registered(api, office, "PC-012", important_data=True)
    assert len(officer.get("/backups-due").json()) == 2
    assert [d["asset"]["id"] for d in officer.get("/backups-due?limit=1").json()] == [pc["id"]]
    assert officer.get("/backups-due?limit=0").status_code == 422
    assert officer.get("/backups-due?limit=1001").status_code == 422

    r = reader.post(f"/assets/{pc['id']}/backups", {"on": today().isoformat(), "target": "U-S01"})
    assert r.status_code == 201, r.content
    assert (r.json()["asset_id"], r.json()["on"]) == (pc["id"], today().isoformat())
    due = reader.get("/backups-due").json()
    assert [(d["asset"]["id"], d["last"], d["due_by"]) for d in due] == [
        (pc["id"], today().isoformat(), None)
    ]
    records = officer.get(f"/assets/{pc['id']}/records").json()
    assert [b["target"] for b in records["backups"]] == ["U-S01"]
    # Not in the future, and not on a computer someone else keeps.
    tomorrow = (today() + datetime.timedelta(days=1)).isoformat()
    path = f"/assets/{pc['id']}/backups"
    assert invalid(reader.post(path, {"on": tomorrow, "target": "x"}))["field"] == "on"
    r = api(office.readers[1]).post(path, {"on": today().isoformat(), "target": "x"})
    assert r.status_code == 404
    assert Backup.objects.count() == 1


# Standalone processing ----------------------------------------------------------------------


def test_standalone_processing_with_the_leaders_approval__DEV_STANDALONE(office, api, computer):
    """Asked by the custodian, approved by the leader in charge, started; the network stays
    as it is until it is finished with the data deleted and the machine treated."""
    reader, path = api(office.readers[0]), f"/assets/{computer['id']}"
    body = {"level": L.SECRET, "purpose": "汇总涉密数据"}
    r = reader.post(f"{path}/standalone-requests", body)
    assert r.status_code == 201, r.content
    request = r.json()
    assert request["rule_id"] == "DEV-STANDALONE"
    assert approvers(request) == [office.leader.person_id]
    refused(reader.post(f"{path}/standalone", body), "DEV-STANDALONE")
    decided(api, office.leader, request)

    r = reader.post(f"{path}/standalone", body)
    assert r.status_code == 201, r.content
    use = r.json()
    assert (use["computer_number"], use["person_id"], use["level"]) == (
        "PC-001",
        office.readers[0].person_id,
        L.SECRET,
    )
    # A second use at the same time is refused; so is putting it on a network.
    refused(reader.post(f"{path}/standalone-requests", body), "DEV-STANDALONE")
    r = api(office.officer).post(f"{path}/network", {"network": "isolated"})
    refused(r, "DEV-STANDALONE", status=409)
    assert [u["id"] for u in reader.get("/standalone", open_only=True).json()["items"]] == [
        use["id"]
    ]
    assert api(office.readers[1]).get("/standalone").json()["items"] == []

    # Finished only with the deletion and treatment recorded.
    refused(reader.post(f"/standalone/{use['id']}/finish", {"treatment": " "}), "DEV-STANDALONE")
    r = reader.post(f"/standalone/{use['id']}/finish", {"treatment": "数据已删除，已做技术处理"})
    assert r.status_code == 200 and r.json()["finished_at"], r.content
    assert reader.get("/standalone", open_only=True).json()["items"] == []
    assert reader.post(f"/standalone/{use['id']}/finish", {"treatment": "x"}).status_code == 409
    # Another reader's use answers like a missing one.
    r = api(office.readers[1]).post(f"/standalone/{use['id']}/finish", {"treatment": "x"})
    assert r.status_code == 404


def test_standalone_only_on_a_fit_computer_within_clearance__DEV_STANDALONE(office, api):
    reader = api(office.readers[0])
    mine = office.readers[0].person_id
    networked = registered(
        api, office, "PC-020", level=L.SECRET, network="isolated", custodian_id=mine
    )
    lower = registered(api, office, "PC-021", level=L.CONFIDENTIAL, custodian_id=mine)
    top = registered(api, office, "PC-022", level=L.TOP_SECRET, custodian_id=mine)
    for pc, level in ((networked, L.SECRET), (lower, L.SECRET), (top, L.TOP_SECRET)):
        r = reader.post(
            f"/assets/{pc['id']}/standalone-requests", {"level": level, "purpose": "处理"}
        )
        refused(r, "DEV-STANDALONE")  # the last: the reader's clearance stops at 机密
    assert not ApprovalRequest.objects.filter(rule_id="DEV-STANDALONE").exists()
    assert not StandaloneUse.objects.exists()


# Data integrity reviews ---------------------------------------------------------------------


def test_integrity_reviews_and_an_unexplained_change_alerted__DEV_INTEGRITY(office, api):
    reader, officer = api(office.readers[0]), api(office.officer)
    tech = office.readers[0].person.department_id
    body = {"department_id": tech, "reviewed_on": today().isoformat(), "findings": "无异常"}
    r = reader.post("/integrity-reviews", body)
    assert r.status_code == 201, r.content
    review = r.json()
    assert (review["reviewer_id"], review["anomaly"], review["alert_id"]) == (
        office.readers[0].person_id,
        False,
        None,
    )
    assert not Alert.objects.filter(rule_id="DEV-INTEGRITY").exists()

    r = reader.post(
        "/integrity-reviews", {**body, "findings": "文件被删除，原因不明", "anomaly": True}
    )
    assert r.status_code == 201, r.content
    alert_id = r.json()["alert_id"]
    alerts = officer.get("/alerts").json()
    assert [(a["id"], a["rule_id"]) for a in alerts] == [(alert_id, "DEV-INTEGRITY")]
    assert len(reader.get("/integrity-reviews").json()["items"]) == 2
    assert len(officer.get("/integrity-reviews").json()["items"]) == 2
    # Another department's review answers like a missing one; a department of the office
    # sees none of tech's reviews.
    office_dept = office.clerk.person.department_id
    r = reader.post("/integrity-reviews", {**body, "department_id": office_dept})
    assert r.status_code == 404
    assert api(office.clerk).get("/integrity-reviews").json()["items"] == []
    tomorrow = (today() + datetime.timedelta(days=1)).isoformat()
    r = reader.post("/integrity-reviews", {**body, "reviewed_on": tomorrow})
    assert invalid(r)["field"] == "reviewed_on"
    assert IntegrityReview.objects.count() == 2


# Refusals by role, other organisations, malformed input -------------------------------------


def test_staff_may_not_keep_the_equipments_records(office, api, computer, vendors):
    """Without MANAGE_DEVICES: 403 with no rule for the officer's lists and operations."""
    reader, path = api(office.readers[0]), f"/assets/{computer['id']}"
    for route in ("/repairs", "/loans", "/disposals", "/infections"):
        refused(reader.get(route), None)
    refused(reader.post(f"{path}/repair-requests", {"vendor": VENDOR, "fault": "x"}), None)
    due = (today() + datetime.timedelta(days=1)).isoformat()
    body = {"borrower": "x", "due_back": due, "purpose": "x"}
    refused(reader.post(f"{path}/loan-requests", body), None)
    body = {"asset_ids": [computer["id"]], "outcome": "scrapped", "reason": "x"}
    refused(reader.post("/disposal-requests", body), None)
    refused(reader.post("/repairs/1/return", {"work_done": "x"}), None)
    refused(reader.post("/loans/1/return", {"condition": "x"}), None)
    assert not ApprovalRequest.objects.exists()
    # A person with no computer of their own sees no computer's records.
    stranger = api(office.readers[1])
    assert stranger.get(f"{path}/records").status_code == 404
    assert stranger.get("/antivirus-stale").json()["items"] == []
    assert stranger.get("/backups-due").json() == []


def test_another_organisations_records_are_not_found(office, api, computer, vendors):
    officer = api(office.officer)
    officer.post(f"/assets/{computer['id']}/infections", {"virus": "木马"})
    infection = Infection.objects.get()
    world = World.build()
    theirs = api(world.account(Role.SECURITY_OFFICER, dept="office", clearance=Clearance.CORE))
    today_ = today().isoformat()
    for path, body in (
        (f"/assets/{computer['id']}/repair-requests", {"vendor": VENDOR, "fault": "x"}),
        (f"/assets/{computer['id']}/antivirus", {"signatures_on": today_, "product": "x"}),
        (f"/assets/{computer['id']}/infections", {"virus": "x"}),
        (f"/assets/{computer['id']}/backups", {"on": today_, "target": "x"}),
        (f"/infections/{infection.pk}/clear", {"treatment": "x"}),
    ):
        a = theirs.post(path, body)
        b = theirs.post(
            path.replace(f"/{computer['id']}/", "/999999/").replace(
                f"/{infection.pk}/", "/999999/"
            ),
            body,
        )
        assert a.status_code == b.status_code == 404, (path, a.content, b.content)
        assert a.content == b.content
    r = theirs.post(
        "/integrity-reviews",
        {
            "department_id": office.readers[0].person.department_id,
            "reviewed_on": today_,
            "findings": "x",
        },
    )
    assert r.status_code == 404
    assert theirs.get(f"/assets/{computer['id']}/records").status_code == 404
    for route in ("/repairs", "/loans", "/disposals", "/infections", "/integrity-reviews"):
        assert theirs.get(route).json()["items"] == [], route
    assert theirs.get("/antivirus-stale").json()["items"] == []
    assert infection.cleared_at is None and not Repair.objects.exists()


BIG = 2**63
FUTURE = "2999-01-01"


@pytest.mark.parametrize(
    "path,body",
    [
        (f"/assets/{BIG}/repair-requests", {"vendor": VENDOR, "fault": "x"}),
        ("/assets/1/repair-requests", {"vendor": "V" * 121, "fault": "x"}),
        ("/assets/1/repair-requests", {"vendor": VENDOR, "fault": "x" * 301}),
        ("/assets/1/repair-requests", {"vendor": VENDOR}),
        ("/assets/1/repairs", {"vendor": VENDOR, "fault": "x", "storage_kept": "s" * 201}),
        (f"/repairs/{BIG}/return", {"work_done": "x"}),
        ("/repairs/1/return", {"work_done": "x" * 301}),
        ("/assets/1/loan-requests", {"borrower": "b" * 201, "due_back": FUTURE, "purpose": "x"}),
        ("/assets/1/loan-requests", {"borrower": "b", "due_back": "soon", "purpose": "x"}),
        ("/assets/1/loan-requests", {"borrower": "b", "due_back": "2000-01-01", "purpose": "x"}),
        ("/assets/1/loans", {"borrower": "b", "due_back": "99999-01-01", "purpose": "x"}),
        ("/loans/0/return", {"condition": "x"}),
        ("/loans/1/return", {"condition": "c" * 301}),
        ("/disposal-requests", {"asset_ids": [], "outcome": "destroyed", "reason": "x"}),
        ("/disposal-requests", {"asset_ids": [0], "outcome": "destroyed", "reason": "x"}),
        ("/disposal-requests", {"asset_ids": [BIG], "outcome": "destroyed", "reason": "x"}),
        ("/disposal-requests", {"asset_ids": [1], "outcome": "burnt", "reason": "x"}),
        ("/disposal-requests", {"asset_ids": [1], "outcome": "destroyed", "reason": " "}),
        ("/disposal-requests", {"asset_ids": [1], "outcome": "destroyed", "reason": "r" * 2001}),
        (
            "/disposal-requests",
            {"asset_ids": list(range(1, 502)), "outcome": "destroyed", "reason": "x"},
        ),
        (
            "/disposals",
            {
                "asset_ids": [1],
                "outcome": "destroyed",
                "method": "fire",
                "place": "p",
                "operator_id": 1,
                "witness_ids": [2, 3],
            },
        ),
        (
            "/disposals",
            {
                "asset_ids": [1],
                "outcome": "destroyed",
                "method": "shredded",
                "place": "p",
                "operator_id": 1,
                "witness_ids": list(range(1, 30)),
            },
        ),
        ("/assets/1/antivirus", {"signatures_on": FUTURE, "product": "x"}),
        ("/assets/1/antivirus", {"signatures_on": "2026-02-30"}),
        ("/assets/1/antivirus", {"signatures_on": "2026-01-01", "product": "p" * 101}),
        ("/assets/1/infections", {"virus": "v" * 121}),
        ("/assets/1/infections", {}),
        (f"/infections/{BIG}/clear", {"treatment": "x"}),
        ("/assets/1/backups", {"on": FUTURE, "target": "x"}),
        ("/assets/1/backups", {"on": "2026-01-01", "target": "t" * 121}),
        ("/assets/1/standalone-requests", {"level": 1, "purpose": "x"}),
        ("/assets/1/standalone-requests", {"level": 5, "purpose": "x"}),
        ("/assets/1/standalone-requests", {"level": BIG, "purpose": "x"}),
        ("/assets/1/standalone", {"level": "secret", "purpose": "x"}),
        ("/assets/1/standalone", {"level": 3, "purpose": "p" * 301}),
        ("/standalone/1/finish", {"treatment": "t" * 301}),
        ("/standalone/1/finish", {}),
        ("/integrity-reviews", {"department_id": 1, "reviewed_on": FUTURE, "findings": "x"}),
        (
            "/integrity-reviews",
            {"department_id": BIG, "reviewed_on": "2026-01-01", "findings": "x"},
        ),
        ("/integrity-reviews", {"department_id": 1, "reviewed_on": "2026-01-01", "findings": ""}),
        (
            "/integrity-reviews",
            {"department_id": 1, "reviewed_on": "2026-01-01", "findings": "f" * 501},
        ),
    ],
)
def test_malformed_bodies_are_422(office, api, computer, path, body):
    """Ids out of range, unknown choices, impossible or future dates, over-long text: 422
    with a message, nothing written."""
    path = path.replace("/1/", f"/{computer['id']}/")
    if body.get("department_id") == 1:
        body = {**body, "department_id": office.readers[0].person.department_id}
    if body.get("asset_ids") == [1]:
        body = {**body, "asset_ids": [computer["id"]]}
    before = (AssetEvent.objects.count(), ApprovalRequest.objects.count())
    invalid(api(office.readers[0] if "integrity" in path else office.officer).post(path, body))
    assert (AssetEvent.objects.count(), ApprovalRequest.objects.count()) == before


@pytest.mark.parametrize(
    "route,query",
    [
        ("/repairs", {"limit": 0}),
        ("/loans", {"offset": 2**70}),
        ("/disposals", {"limit": 101}),
        ("/infections", {"open_only": "maybe"}),
        ("/standalone", {"offset": -1}),
        ("/integrity-reviews", {"limit": "all"}),
        ("/antivirus-stale", {"limit": 2**70}),
        (f"/assets/{BIG}/records", {}),
    ],
)
def test_malformed_queries_are_422(office, api, route, query):
    invalid(api(office.officer).get(route, **query))
