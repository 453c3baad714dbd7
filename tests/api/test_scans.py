"""/api/v1/scans: filing a report of ``baomi scan`` (any knowing role) and reading the records
(the security officer only; another organisation's record is 404 like a missing one)."""

from __future__ import annotations

import json

import pytest

from baomi.access.roles import Role
from baomi.core.levels import Clearance
from baomi.scanner.model import Skipped
from baomi.scans import api as scans_api
from baomi.scans.models import ScanRecord
from tests.factories import World, audit_events
from tests.scans.reports import SHA, finding, report


@pytest.fixture
def staff(world):
    return world.account(Role.STAFF, clearance=Clearance.GENERAL)


@pytest.fixture
def officer(world):
    return world.account(Role.SECURITY_OFFICER, clearance=Clearance.CORE)


def english(client):
    """The client with the language switch on English (error messages asserted verbatim)."""
    client.client.cookies["django_language"] = "en"
    return client


def body(world, lines=None, dept="tech"):
    return {"department_id": world.departments[dept].pk, "report": lines or report()}


class TestFile:
    def test_files_the_report_as_the_caller__201(self, world, api, staff):
        r = api(staff).post("/scans", body(world))
        assert r.status_code == 201, r.content
        record = ScanRecord.objects.get()
        answer = r.json()
        assert answer["id"] == record.pk and record.submitted_by == staff
        assert (answer["host"], answer["findings"], answer["skipped"]) == ("PC-TECH-07", 1, 0)
        assert answer["department_id"] == world.departments["tech"].pk
        assert answer["submitted_by"] == staff.username
        assert answer["by_level"] == {"SECRET": 1} and answer["keyword_list_sha256"] == SHA
        assert audit_events("scans.report_filed")[0]["subject_id"] == str(record.pk)

    def test_a_malformed_report_is_422_naming_the_line(self, world, api, staff):
        lines = report()
        lines[0]["level"] = "VERY_SECRET"
        r = english(api(staff)).post("/scans", body(world, lines))
        assert r.status_code == 422
        assert r.json()["field"] == "report" and r.json()["message"].startswith("Line 1: level")
        assert not ScanRecord.objects.exists()

    def test_an_unsupported_version_is_422(self, world, api, staff):
        lines = report()
        lines[-1]["report_version"] = 99
        r = english(api(staff)).post("/scans", body(world, lines))
        assert r.status_code == 422 and "Report version 99" in r.json()["message"]

    @pytest.mark.parametrize(
        "payload, field",
        [
            ({"report": []}, "department_id"),
            ({"department_id": "tech", "report": []}, "department_id"),
            ([1, 2], ""),
        ],
    )
    def test_a_malformed_body_is_422(self, world, api, staff, payload, field):
        r = api(staff).post("/scans", payload)
        assert r.status_code == 422 and r.json()["field"] == field

    def test_a_body_that_is_not_json_is_422(self, world, api, staff):
        client = english(api(staff))
        r = client.client.post(
            "/api/v1/scans", "{not json", content_type="application/json", headers=client.headers
        )
        assert r.status_code == 422 and r.json()["message"] == "The request body is not JSON."

    def test_a_body_over_the_limit_is_413(self, world, api, staff, monkeypatch):
        monkeypatch.setattr(scans_api, "MAX_BODY_BYTES", 2048)
        big = report(findings=[finding(path=f"D:/{n:04d}.docx") for n in range(40)])
        r = english(api(staff)).post("/scans", body(world, big))
        assert r.status_code == 413 and "larger than" in r.json()["message"]
        assert not ScanRecord.objects.exists()

    def test_a_report_larger_than_djangos_own_body_limit_is_filed(self, world, api, staff):
        """Django refuses request bodies over DATA_UPLOAD_MAX_MEMORY_SIZE (2.5 MB) that it reads
        itself; a real report is often larger, and this route reads its own body."""
        deep = "子目录/" * 20
        findings = [finding(path=f"D:/共享/{n:05d}/{deep}方案.docx") for n in range(8000)]
        payload = body(world, report(findings=findings, skipped=[Skipped("x.zip", "zip bomb")]))
        assert len(json.dumps(payload).encode()) > 2.5 * 2**20
        r = api(staff).post("/scans", payload)
        assert r.status_code == 201, r.content[:300]
        assert ScanRecord.objects.get().findings.count() == 8000

    def test_another_organisations_department_is_404(self, world, api, staff):
        other = World.build()
        r = english(api(staff)).post("/scans", body(other))
        assert r.status_code == 404 and r.json()["message"] == "No such department."

    @pytest.mark.parametrize("role", [Role.SYSADMIN, Role.AUDITOR])
    def test_the_administrator_and_auditor_may_not_file__403(self, world, api, role):
        r = api(world.account(role)).post("/scans", body(world))
        assert r.status_code == 403 and not ScanRecord.objects.exists()

    def test_without_authentication_401(self, world, api):
        assert api().post("/scans", body(world)).status_code == 401


@pytest.fixture
def filed(world, api, staff):
    lines = report(
        findings=[finding(), finding("b.txt", level="INTERNAL", match="内部资料")],
        skipped=[Skipped("c.zip", "encrypted zip")],
    )
    return api(staff).post("/scans", body(world, lines)).json()["id"]


class TestRead:
    def test_the_security_officer_lists_and_opens_records(self, world, api, officer, filed):
        client = api(officer)
        listing = client.get("/scans")
        assert listing.status_code == 200
        assert [r["id"] for r in listing.json()["items"]] == [filed]
        assert listing.json()["next_offset"] is None
        detail = client.get(f"/scans/{filed}")
        assert detail.status_code == 200
        assert detail.json()["skipped_files"] == [{"path": "c.zip", "reason": "encrypted zip"}]
        assert detail.json()["paths"] == ["D:/文件"]
        assert audit_events("scans.report_viewed")[0]["subject_id"] == str(filed)

    def test_findings_are_paged_and_filtered_by_level(self, api, officer, filed):
        client = api(officer)
        page = client.get(f"/scans/{filed}/findings").json()
        assert page["next_offset"] is None
        assert [f["match"] for f in page["items"]] == ["机密★10年", "内部资料"]
        assert page["items"][0]["level"] == 3 and page["items"][0]["snippet"] == "机密★10年 …"
        internal = client.get(f"/scans/{filed}/findings", level=1, limit=1).json()
        assert [f["path"] for f in internal["items"]] == ["b.txt"]
        assert internal["next_offset"] is None
        first = client.get(f"/scans/{filed}/findings", limit=1).json()
        assert first["next_offset"] == 1 and len(first["items"]) == 1

    def test_the_list_filters_by_department(self, world, api, officer, filed):
        lab = world.departments["lab"].pk
        assert api(officer).get("/scans", department_id=lab).json()["items"] == []

    @pytest.mark.parametrize(
        "role", [Role.SYSADMIN, Role.AUDITOR, Role.CLERK, Role.LEADER, Role.STAFF]
    )
    def test_every_other_role_is_403(self, world, api, filed, role):
        client = api(world.account(role, clearance=Clearance.CORE))
        for path in ("/scans", f"/scans/{filed}", f"/scans/{filed}/findings"):
            assert client.get(path).status_code == 403, path

    def test_another_organisations_record_is_404_like_a_missing_one(self, api, filed):
        stranger = World.build().account(Role.SECURITY_OFFICER, clearance=Clearance.CORE)
        client = api(stranger)
        assert client.get("/scans").json() == {"next_offset": None, "items": []}
        foreign, missing = client.get(f"/scans/{filed}"), client.get(f"/scans/{filed + 99}")
        assert foreign.status_code == missing.status_code == 404
        assert foreign.json() == missing.json()
        assert client.get(f"/scans/{filed}/findings").status_code == 404
