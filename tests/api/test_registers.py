"""/api/v1/registers: the registers, their lines with filters and paging, and their exports;
403 for roles without register work, 404 for an unknown register, 422 for a bad filter."""

from __future__ import annotations

import io
import json
from dataclasses import replace

import pytest
from openpyxl import load_workbook

from baomi.access.roles import Role
from baomi.carriers.registers import REGISTERS
from baomi.core.levels import Clearance, Level
from tests.carriers.conftest import office  # noqa: F401 (the fixture)
from tests.carriers.test_registers import ledger
from tests.factories import audit_events


@pytest.fixture
def filled(office):  # noqa: F811 (the fixture imported above)
    """Lines in every register about a document the clerk knows and one he may not know."""
    ledger(office, office.incoming(number="市保发〔2026〕1号", level=Level.SECRET))
    ledger(office, office.incoming(number="市保发〔2026〕2号", level=Level.CONFIDENTIAL))
    other = office.world.account(Role.CLERK, dept="office", clearance=Clearance.CORE)
    ledger(office, replace(office, clerk=other).incoming(number="外发〔2026〕9号"))
    return office


def test_lists_every_register_with_its_columns_and_states(filled, api):
    r = api(filled.clerk).get("/registers")
    assert r.status_code == 200
    body = {reg["key"]: reg for reg in r.json()}
    assert list(body) == list(REGISTERS)
    circulation = body["circulation"]
    assert {s["code"] for s in circulation["states"]} == {"out", "returned", "overdue"}
    assert {"key": "overdue", "header": circulation["columns"][-1]["header"], "kind": "text"} == (
        circulation["columns"][-1]
    )
    assert "CIRC-SIGN" in circulation["rules"] and body["print"]["states"] == []


@pytest.mark.parametrize("key", list(REGISTERS))
def test_the_lines_hold_only_what_the_caller_may_know__CLS_MAC(filled, api, key):
    r = api(filled.clerk).get(f"/registers/{key}")
    assert r.status_code == 200
    body = r.json()
    assert body["next_offset"] is None
    assert len(body["items"]) == (4 if key in ("destruction", "inventory") else 2)
    assert [c["key"] for c in body["columns"]] == list(body["items"][0])
    text = json.dumps(body, ensure_ascii=False)
    assert "市保发〔2026〕1号" in text and "市保发〔2026〕2号" in text
    assert "外发〔2026〕9号" not in text


def test_values_are_typed(filled, api):
    [line] = (
        api(filled.clerk).get("/registers/circulation", level=int(Level.SECRET)).json()["items"]
    )
    assert line["level"] == Level.SECRET and line["copy"] == "1/3"
    assert line["overdue"] == "" and line["returned_at"] is None  # else the rule, CIRC-SAMEDAY
    assert line["handed_at"].startswith("20")  # an ISO 8601 time


def test_filters_and_paging(filled, api):
    client = api(filled.officer)
    # The officer is named in no scope: nothing, whatever the filter.
    assert client.get("/registers/loan").json() == {
        "next_offset": None,
        "columns": client.get("/registers/loan").json()["columns"],
        "items": [],
    }
    clerk = api(filled.clerk)
    first = clerk.get("/registers/incoming", limit=1).json()
    assert first["next_offset"] == 1 and len(first["items"]) == 1
    last = clerk.get("/registers/incoming", limit=1, offset=1).json()
    assert last["next_offset"] is None and len(last["items"]) == 1
    assert last["items"] != first["items"]
    tech = filled.world.departments["tech"].pk

    def lines(**filters):
        return clerk.get("/registers/circulation", **filters).json()["items"]

    assert len(lines(department_id=tech)) == 2
    assert lines(state="returned") == lines(date_to="2020-01-01") == []


@pytest.mark.parametrize(
    "query",
    [
        {"level": 9},
        {"state": "lost"},
        {"date_from": "2026-02-01", "date_to": "2026-01-01"},
        {"date_from": "yesterday"},
        {"department_id": 999999},
        {"limit": 0},
    ],
)
def test_a_bad_filter_is_422(filled, api, query):
    r = api(filled.clerk).get("/registers/loan", **query)
    assert r.status_code == 422 and r.json()["message"]


def test_an_unknown_register_is_404(filled, api):
    assert api(filled.clerk).get("/registers/visitors").status_code == 404
    assert api(filled.clerk).get("/registers/visitors/export", format="pdf").status_code == 404


@pytest.mark.parametrize("role", [Role.STAFF, Role.LEADER, Role.AUDITOR, Role.SYSADMIN])
def test_roles_without_register_work_get_403(filled, api, role):
    client = api(filled.world.account(role, clearance=Clearance.CORE))
    assert client.get("/registers").status_code == 403
    assert client.get("/registers/loan").status_code == 403
    assert client.get("/registers/loan/export", format="xlsx").status_code == 403
    assert audit_events("carriers.register_exported") == []


def test_exports_a_workbook_and_audits_it(filled, api):
    r = api(filled.clerk).get("/registers/destruction/export", format="xlsx", level=3)
    assert r.status_code == 200
    assert r["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(r.content)).active
    text = " ".join(str(c.value) for row in sheet.iter_rows() for c in row if c.value)
    assert "市保发〔2026〕1号" in text and "市保发〔2026〕2号" not in text
    [event] = audit_events("carriers.register_exported")
    assert event["data"] == {
        "register": "destruction",
        "format": "xlsx",
        "filters": {"level": 3},
        "lines": 2,
    }


def test_exports_a_pdf(filled, api):
    r = api(filled.clerk, session=True).get("/registers/fax/export", format="pdf")
    assert r.status_code == 200 and r["Content-Type"] == "application/pdf"
    assert r.content.startswith(b"%PDF")


def test_an_unknown_format_is_422(filled, api):
    r = api(filled.clerk).get("/registers/fax/export", format="docx")
    assert r.status_code == 422
    assert audit_events("carriers.register_exported") == []
