"""Bad input never gives a 500: numbers beyond what the database stores, impossible years, a
body over the upload limit and control characters in text are refused (422, 413) naming what
was wrong. These run on SQLite and on PostgreSQL (which cannot store a NUL at all)."""

from __future__ import annotations

from typing import Any

import pytest

from baomi.access.roles import Role
from baomi.carriers.models import Document
from baomi.core.levels import Clearance
from baomi.scans.models import ScanRecord
from tests.api.carriers import invalid
from tests.scans.reports import finding, report

HUGE = 99999999999999999999  # beyond a 64-bit integer
NEGATIVE = -36500000000000000000000


@pytest.fixture
def officer(world, api):
    return api(world.account(Role.SECURITY_OFFICER, dept="office", clearance=Clearance.CORE))


def _names(body: dict[str, Any], field: str) -> bool:
    """The 422 names ``field``: in ``field``, or as the last part of a ``detail`` location."""
    return body.get("field") == field or any(
        d["loc"][-1] == field for d in body.get("detail") or []
    )


@pytest.mark.parametrize(
    "path",
    [
        "/documents",
        "/copies",
        "/classification/review-due",
        "/classification/term-expired",
        "/scans",
        "/scans/1/findings",
        "/registers/incoming",
        "/audit/events",
        "/me/holdings",
        "/assets",
    ],
)
@pytest.mark.parametrize("offset", [HUGE, 2**63, -1])
def test_an_offset_beyond_any_list_is_invalid_input(officer, path, offset):
    assert _names(invalid(officer.get(path, offset=offset)), "offset")


@pytest.mark.parametrize(
    ("path", "field"),
    [
        ("/copies", "document_id"),
        ("/copies", "holder_id"),
        ("/org/people", "department_id"),
        ("/scans", "department_id"),
        ("/registers/incoming", "department_id"),
        ("/audit/events", "actor_id"),
        ("/audit/events", "person_id"),
        ("/assets", "department_id"),
    ],
)
@pytest.mark.parametrize("value", [HUGE, NEGATIVE, 0])
def test_an_id_no_row_can_have_is_invalid_input(officer, path, field, value):
    assert _names(invalid(officer.get(path, **{field: value})), field)


@pytest.mark.parametrize(
    "path",
    [
        f"/documents/{HUGE}",
        f"/scans/{HUGE}",
        f"/accounts/{HUGE}/unlock",
        f"/approvals/{HUGE}/withdraw",
        f"/org/appointments/{HUGE}/end",
    ],
)
def test_an_id_in_the_path_beyond_any_row_is_invalid_input(officer, path):
    method = "GET" if path.count("/") == 2 else "POST"
    invalid(officer.call(method, path))


@pytest.mark.parametrize("year", [0, -1, 1899, 9999, HUGE])
def test_a_calendar_year_out_of_range_is_invalid_input(officer, year):
    assert _names(invalid(officer.get("/org/calendar/days", year=year)), "year")


def test_a_calendar_year_in_range_lists_its_days(officer):
    assert officer.get("/org/calendar/days", year=2026).status_code == 200


def test_a_body_over_the_upload_limit_is_413(officer, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    response = officer.post("/documents", {"number": "1", "title": "x" * 2000, "level": 1})
    assert response.status_code == 413, response.content
    assert response.json()["message"]
    assert not Document.objects.exists()


def _register(client: Any, **fields: Any) -> Any:
    body = {"number": "市保发〔2026〕1号", "title": "通知", "level": 1, **fields}
    return client.post("/documents", body)


@pytest.mark.parametrize("character", ["\x00", "\x01", "\x1b", "\x1f", "\n", "\t", "\r"])
@pytest.mark.parametrize("field", ["title", "number", "issuer"])
def test_a_control_character_in_a_single_line_is_refused_naming_the_field(
    officer, field, character
):
    body = invalid(_register(officer, **{field: f"a{character}b"}))
    assert _names(body, field), body
    assert not Document.objects.exists()


@pytest.mark.parametrize("character", ["\x00", "\x01", "\x0b", "\x0c", "\x1f"])
def test_a_control_character_in_multi_line_text_is_refused_naming_the_field(officer, character):
    doc = _register(officer).json()
    response = officer.post(f"/documents/{doc['id']}/review", {"reason": f"a{character}b"})
    assert _names(invalid(response), "reason")


def test_multi_line_text_keeps_tab_and_line_breaks(world, api):
    """A reason of several lines is accepted as written (the review itself may be refused by
    its rules, never by the text)."""
    officer = world.account(Role.SECURITY_OFFICER, dept="office", clearance=Clearance.CORE)
    client = api(officer)
    doc = _register(client, level=2, term_years=10).json()
    response = client.post(f"/documents/{doc['id']}/review", {"reason": "一\t二\r\n三"})
    assert response.status_code == 201, response.content
    assert response.json()["reason"] == "一\t二\r\n三"


def test_a_single_line_keeps_every_printable_character(officer):
    title = "关于“保密”工作的通知 — №1 (A&B) <x> ★ 🙂"
    response = _register(officer, title=title)
    assert response.status_code == 201, response.content
    assert response.json()["title"] == title


@pytest.mark.parametrize("search", ["\x00", "a\x00", "\x07"])
def test_a_control_character_in_a_search_is_refused(officer, search):
    assert _names(invalid(officer.get("/documents", search=search)), "search")
    assert _names(invalid(officer.get("/assets", search=search)), "search")


@pytest.mark.parametrize("where", ["path", "snippet"])
def test_a_nul_in_a_scan_report_is_refused_naming_the_line(world, api, where):
    """A report is read by the server itself (it may exceed the body limit): a NUL in a path
    or snippet is refused like any bad field, never stored (PostgreSQL cannot)."""
    staff = world.account(Role.STAFF, clearance=Clearance.GENERAL)
    lines = report(findings=[finding(**{where: "D:/a\x00b.docx"})])
    body = {"department_id": world.departments["tech"].pk, "report": lines}
    answer = invalid(api(staff).post("/scans", body))
    assert answer["field"] == "report" and where in answer["message"]
    assert not ScanRecord.objects.exists()


@pytest.mark.parametrize("department_id", [HUGE, 2**63, 0, -1, True])
def test_a_scan_report_for_an_impossible_department_is_invalid_input(world, api, department_id):
    staff = world.account(Role.STAFF, clearance=Clearance.GENERAL)
    body = {"department_id": department_id, "report": report()}
    assert invalid(api(staff).post("/scans", body))["field"] == "department_id"
