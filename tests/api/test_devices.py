"""The equipment ledger through /api/v1 (RULES.md §7): registering and keeping assets
(DEV-LEDGER, DEV-AIRGAP), uses of media (MEDIA-REGISTERED, MEDIA-NO-CROSS), sanitising
(MEDIA-TAINT), alerts and physical checks, with the operations' checks: 403 with the rule,
404 for another organisation's asset, 422 for malformed input (never a 500)."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from baomi.access.roles import Role
from baomi.approvals.models import ApprovalRequest
from baomi.core.levels import Clearance, Level
from baomi.devices.models import Alert, Asset, AssetEvent, MediaUse
from tests.api.carriers import invalid, refused
from tests.carriers import conftest as carriers
from tests.factories import World, csv_bytes

# The office of tests/carriers/conftest.py, as a fixture of this module.
office = carriers.office
L = Level


def asset_body(number, type="desktop", **kw):
    body = {"type": type, "number": number, "level": 0, "network": "none"}
    body.update(kw)
    return body


def registered(api, office, number, type="desktop", **kw):
    r = api(office.officer).post("/assets", asset_body(number, type, **kw))
    assert r.status_code == 201, r.content
    return r.json()


def snapshot():
    """Everything the ledger's operations write: what a refusal must leave alone (but for
    the alert it raises)."""
    return (
        list(Asset.objects.order_by("pk").values_list("pk", "level", "network", "wireless")),
        AssetEvent.objects.count(),
        MediaUse.objects.filter(allowed=True).count(),
    )


@pytest.fixture
def computer(api, office):
    """A SECRET desktop on the isolated network, kept by the first reader."""
    return registered(
        api,
        office,
        "PC-001",
        level=L.SECRET,
        network="isolated",
        custodian_id=office.readers[0].person_id,
        location="301",
    )


# The ledger ---------------------------------------------------------------------------------


def test_register_list_read_and_keep__DEV_LEDGER(office, api, computer):
    """Registered with its custodian and department, listed with filters and totals, read
    with its history; handed over, its level changed and its particulars corrected."""
    officer, reader = api(office.officer), api(office.readers[0])
    assert computer["kind"] == "computer" and computer["custodian_id"] == (
        office.readers[0].person_id
    )
    assert computer["department_id"] == office.readers[0].person.department_id
    registered(api, office, "U-001", "usb_stick", level=L.SECRET)

    page = officer.get("/assets", kind="computer").json()
    assert [a["number"] for a in page["items"]] == ["PC-001"] and page["next_offset"] is None
    assert officer.get("/assets", limit=1).json()["next_offset"] == 1
    totals = officer.get("/assets/totals").json()
    assert totals["total"] == 2
    assert {c["key"]: c["count"] for c in totals["by_type"]} == {"desktop": 1, "usb_stick": 1}

    moved = officer.post(
        f"/assets/{computer['id']}/custodian",
        {"custodian_id": office.readers[1].person_id, "location": "302"},
    ).json()
    assert (moved["custodian_id"], moved["location"]) == (office.readers[1].person_id, "302")
    raised = officer.post(f"/assets/{computer['id']}/level", {"level": L.TOP_SECRET}).json()
    assert raised["level"] == L.TOP_SECRET
    fixed = officer.call("PATCH", f"/assets/{computer['id']}", {"operating_system": "麒麟"})
    assert fixed.status_code == 200 and fixed.json()["operating_system"] == "麒麟"
    assert fixed.json()["location"] == "302"

    detail = officer.get(f"/assets/{computer['id']}").json()
    assert detail["history"][0]["action"] == "registered"
    assert len(detail["history"]) == 4
    # The first reader kept it before; the second keeps it now.
    assert reader.get("/me/assets").json() == []
    mine = api(office.readers[1]).get("/me/assets").json()
    assert [a["number"] for a in mine] == ["PC-001"]


def test_classified_laptop_with_wireless_is_refused_and_alerted__DEV_AIRGAP(office, api):
    officer = api(office.officer)
    before = snapshot()
    r = officer.post("/assets", asset_body("NB-001", "laptop", level=L.SECRET, wireless=True))
    refused(r, "DEV-AIRGAP")
    assert snapshot() == before
    assert Alert.objects.filter(rule_id="DEV-AIRGAP").count() == 1
    assert [a["rule_id"] for a in officer.get("/alerts").json()] == ["DEV-AIRGAP"]


def test_classified_computer_never_on_the_internet_nor_wireless__DEV_AIRGAP(office, api, computer):
    officer, path = api(office.officer), f"/assets/{computer['id']}"
    before = snapshot()
    refused(officer.post(f"{path}/network", {"network": "internet"}), "DEV-AIRGAP")
    refused(officer.post(f"{path}/wireless", {"wireless": True}), "DEV-AIRGAP")
    assert snapshot() == before
    assert Alert.objects.filter(rule_id="DEV-AIRGAP", asset_id=computer["id"]).count() == 2
    # The isolated network and no wireless hardware stay allowed.
    r = officer.post(f"{path}/network", {"network": "none"})
    assert r.status_code == 200 and r.json()["network"] == "none"


def test_import_dry_run_then_import__DEV_LEDGER(office, api):
    officer = api(office.officer)
    data = csv_bytes(
        [
            ["资产编号", "类型", "密级", "网络", "保管人"],
            ["PC-101", "台式机", "秘密", "涉密网", office.readers[0].person.staff_number],
            ["U-101", "U盘", "非密", "", ""],
        ]
    )

    def post(dry_run):
        upload = SimpleUploadedFile("ledger.csv", data, content_type="text/csv")
        url = "/api/v1/assets/import" + ("?dry_run=true" if dry_run else "")
        return officer.client.post(url, {"file": upload}, headers=officer.headers)

    r = post(True)
    assert r.status_code == 200, r.content
    assert r.json()["would_create"] == 2 and not Asset.objects.exists()
    r = post(False)
    assert r.status_code == 200, r.content
    body = r.json()
    assert body["created"] == 2 and all(row["asset_id"] for row in body["rows"])
    assert body["rows"][0]["custodian_id"] == office.readers[0].person_id
    # The same numbers again: every row rejected, with its row number.
    r = post(True)
    assert r.status_code == 422 and {d["row"] for d in r.json()["detail"]} == {2, 3}


def test_import_refuses_a_classified_device_on_the_internet__DEV_AIRGAP(office, api):
    officer = api(office.officer)
    data = csv_bytes([["number", "type", "level", "network"], ["PC-9", "desktop", "3", "internet"]])
    upload = SimpleUploadedFile("ledger.csv", data, content_type="text/csv")
    r = officer.client.post("/api/v1/assets/import", {"file": upload}, headers=officer.headers)
    assert r.status_code == 422 and r.json()["detail"][0]["row"] == 2
    assert not Asset.objects.exists()


# Media --------------------------------------------------------------------------------------


@pytest.fixture
def media(api, office):
    """A SECRET USB stick and an unclassified one, registered."""
    return (
        registered(api, office, "U-S01", "usb_stick", level=L.SECRET, serial="SN-S01"),
        registered(api, office, "U-P01", "usb_stick", level=0),
    )


def test_registered_classified_medium_on_classified_computer__MEDIA_REGISTERED(
    office, api, computer, media
):
    """The custodian records a use by the medium's serial; it is in the register."""
    r = api(office.readers[0]).post(
        f"/computers/{computer['id']}/media-uses",
        {"medium_identifier": "SN-S01", "purpose": "拷贝文件"},
    )
    assert r.status_code == 201, r.content
    use = r.json()
    assert use["allowed"] and use["medium_id"] == media[0]["id"] and use["rule_id"] == ""
    assert use["person_id"] == office.readers[0].person_id


def test_unclassified_medium_on_classified_computer_refused_and_alerted__MEDIA_NO_CROSS(
    office, api, computer, media
):
    before = snapshot()
    r = api(office.readers[0]).post(
        f"/computers/{computer['id']}/media-uses", {"medium_identifier": "U-P01"}
    )
    refused(r, "MEDIA-NO-CROSS")
    assert snapshot() == before
    use = MediaUse.objects.get()
    assert (use.allowed, use.rule_id, use.medium_id) == (False, "MEDIA-NO-CROSS", media[1]["id"])
    alert = Alert.objects.get(rule_id="MEDIA-NO-CROSS")
    assert alert.media_use_id == use.pk
    listed = api(office.officer).get("/alerts").json()
    assert [(a["rule_id"], a["media_use_id"]) for a in listed] == [("MEDIA-NO-CROSS", use.pk)]


def test_unregistered_medium_refused_and_alerted__MEDIA_REGISTERED(office, api, computer):
    r = api(office.readers[0]).post(
        f"/computers/{computer['id']}/media-uses", {"medium_identifier": "某人的U盘"}
    )
    refused(r, "MEDIA-REGISTERED")
    use = MediaUse.objects.get()
    assert (use.allowed, use.medium_id, use.rule_id) == (False, None, "MEDIA-REGISTERED")
    assert Alert.objects.filter(rule_id="MEDIA-REGISTERED", media_use=use).exists()


def test_classified_medium_never_on_an_unclassified_computer__MEDIA_NO_CROSS(office, api, media):
    laptop = registered(api, office, "NB-P01", "laptop", custodian_id=office.readers[0].person_id)
    r = api(office.readers[0]).post(
        f"/computers/{laptop['id']}/media-uses", {"medium_identifier": "U-S01"}
    )
    refused(r, "MEDIA-NO-CROSS")
    assert Alert.objects.filter(rule_id="MEDIA-NO-CROSS", asset_id=laptop["id"]).exists()


def test_copying_classified_files_to_take_home_is_refused__DEV_NO_HOME(
    office, api, computer, media
):
    r = api(office.readers[0]).post(
        f"/computers/{computer['id']}/media-uses",
        {"medium_identifier": "U-S01", "purpose": "带回家加班", "to_take_home": True},
    )
    refused(r, "DEV-NO-HOME")
    assert not MediaUse.objects.filter(allowed=True).exists()


def test_only_the_custodian_records_uses_on_a_computer(office, api, computer, media):
    """Another person's computer answers like a missing one."""
    other = api(office.readers[1])
    a = other.post(f"/computers/{computer['id']}/media-uses", {"medium_identifier": "U-S01"})
    b = other.post("/computers/999999/media-uses", {"medium_identifier": "U-S01"})
    assert a.status_code == b.status_code == 404 and a.content == b.content
    assert not MediaUse.objects.exists()


def test_sanitise_a_tainted_medium_with_approval__MEDIA_TAINT(office, api, media):
    officer, stick = api(office.officer), media[0]
    path = f"/media/{stick['id']}/sanitise"
    refused(officer.post(path, {"method": "消磁"}), "MEDIA-TAINT")
    r = officer.post(f"/media/{stick['id']}/sanitisation-requests", {"reason": "改作非密用途"})
    assert r.status_code == 201, r.content
    assert r.json()["rule_id"] == "MEDIA-TAINT"
    office.approve_all(ApprovalRequest.objects.get(pk=r.json()["id"]))
    r = officer.post(path, {"method": "消磁"})
    assert r.status_code == 200, r.content
    assert (r.json()["level"], r.json()["tainted"]) == (0, False)


def test_resolve_an_alert_once(office, api):
    officer = api(office.officer)
    officer.post("/assets", asset_body("NB-002", "laptop", level=L.SECRET, wireless=True))
    alert = officer.get("/alerts").json()[0]
    r = officer.post(f"/alerts/{alert['id']}/resolve", {"resolution": "已批评教育"})
    assert r.status_code == 200 and r.json()["resolved_at"]
    assert officer.get("/alerts").json() == []
    assert len(officer.get("/alerts", open_only=False).json()) == 1
    assert officer.post(f"/alerts/{alert['id']}/resolve", {"resolution": "x"}).status_code == 409


# Physical checks ----------------------------------------------------------------------------


def test_physical_check_and_reconciliation__DEV_LEDGER(office, api, computer, media):
    """One found where expected, one item typed in with another custodian, a scanned list
    with an unknown serial; the stick not found is missing."""
    officer = api(office.officer)
    r = officer.post("/checks", {})
    assert r.status_code == 201, r.content
    check = r.json()
    path = f"/checks/{check['id']}/observations"
    r = officer.post(
        path,
        {"identifier": "PC-001", "custodian_id": office.readers[1].person_id, "status": "in_use"},
    )
    assert r.status_code == 201 and r.json()["asset_id"] == computer["id"]
    r = officer.post(path, {"identifiers": ["SN-S01", "", "NB-UNKNOWN"]})
    assert r.status_code == 201 and r.json() == {"observations": 2, "unmatched": 1}

    result = officer.get(f"/checks/{check['id']}/reconciliation").json()
    assert not result["matches"]
    assert [f["number"] for f in result["missing"]] == ["U-P01"]
    assert [f["identifier"] for f in result["unexpected"]] == ["NB-UNKNOWN"]
    assert [f["asset_id"] for f in result["wrong_custodian"]] == [computer["id"]]

    closed = officer.post(f"/checks/{check['id']}/close").json()
    assert closed["closed_at"]
    assert officer.post(path, {"identifier": "PC-001"}).status_code == 409


# Refusals by role, other organisations, malformed input -------------------------------------


def test_staff_may_not_keep_the_ledger(office, api, computer):
    reader = api(office.readers[0])
    refused(reader.post("/assets", asset_body("PC-X")), None)
    refused(reader.post(f"/assets/{computer['id']}/network", {"network": "internal"}), None)
    refused(reader.get("/alerts"), None)
    refused(reader.post("/checks", {}), None)
    # Staff see only what they keep: the ledger lists their own computer.
    assert [a["id"] for a in reader.get("/assets").json()["items"]] == [computer["id"]]
    other = registered(api, office, "PC-002")
    assert reader.get(f"/assets/{other['id']}").status_code == 404


def test_another_organisations_asset_is_not_found(office, api, computer):
    world = World.build()
    theirs = api(world.account(Role.SECURITY_OFFICER, dept="office", clearance=Clearance.CORE))
    for method, path, body in (
        ("GET", f"/assets/{computer['id']}", None),
        ("POST", f"/assets/{computer['id']}/level", {"level": 0}),
        ("POST", f"/assets/{computer['id']}/custodian", {"custodian_id": 1}),
        ("POST", f"/computers/{computer['id']}/media-uses", {"medium_identifier": "U"}),
    ):
        a = theirs.call(method, path, body)
        b = theirs.call(method, path.replace(str(computer["id"]), "999999"), body)
        assert a.status_code == b.status_code == 404, (a.content, b.content)
        assert a.content == b.content
    assert theirs.get("/assets").json()["items"] == []


@pytest.mark.parametrize(
    "path,body",
    [
        ("/assets", {"type": "toaster", "number": "X"}),
        ("/assets", {"type": "desktop"}),
        ("/assets", {"type": "desktop", "number": "X" * 61}),
        ("/assets", {"type": "desktop", "number": "X", "level": "secret"}),
        ("/assets", {"type": "desktop", "number": "X", "level": 1}),
        ("/assets", {"type": "desktop", "number": "X", "custodian_id": 2**63}),
        ("/assets", {"type": "desktop", "number": "X", "av_signatures_on": "yesterday"}),
        ("/assets/1/network", {"network": "wifi"}),
        ("/assets/1/custodian", {}),
        ("/assets/1/level", {"level": 99}),
        ("/computers/1/media-uses", {}),
        ("/computers/1/media-uses", {"medium_identifier": "U" * 101}),
        ("/checks", {"department_id": 0}),
        ("/checks/1/observations", {"identifier": "X", "status": "lost"}),
        ("/alerts/1/resolve", {"resolution": "x" * 301}),
    ],
)
def test_malformed_bodies_are_422(office, api, computer, path, body):
    path = path.replace("/1/", f"/{computer['id']}/")
    invalid(api(office.officer).post(path, body))


@pytest.mark.parametrize(
    "query", [{"level": 2**70}, {"offset": 2**70}, {"limit": 0}, {"type": "toaster"}]
)
def test_malformed_filters_are_422(office, api, query):
    invalid(api(office.officer).get("/assets", **query))
