"""The self-inspections' pages, printed form, register exports and JSON routes
(INSP-MONTHLY, INSP-QUARTERLY, INSP-CHECKLIST)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from baomi.access.roles import Role
from baomi.core.levels import Clearance
from baomi.org import operations as org
from baomi.oversight.models import Checklist, Inspection, InspectionKind, Verdict
from baomi.oversight.operations.inspections import open_inspection
from baomi.oversight.queries import inspections as queries
from tests.api.conftest import ApiClient
from tests.web.conftest import signed_in

MONTHLY = InspectionKind.DEPARTMENT_MONTHLY


@pytest.fixture
def officer(world):
    return world.account(Role.SECURITY_OFFICER, dept="office", clearance=Clearance.CORE)


@pytest.fixture
def head(world):
    account = world.account(Role.LEADER, dept="tech", clearance=Clearance.IMPORTANT)
    org.set_department_leaders(
        actor=None,
        department_id=world.departments["tech"].pk,
        head_id=account.person_id,
        leader_in_charge_id=None,
    )
    return account


def test_the_pages_open_answer_and_submit__INSP_MONTHLY(world, head):
    client = signed_in(head)
    page = client.get(reverse("oversight"))
    assert page.status_code == 200 and b'data-form="inspection-open"' in page.content
    opened = client.post(
        reverse("inspection_open"), {"kind": MONTHLY, "department_id": world.departments["tech"].pk}
    )
    assert opened.status_code == 303
    found = Inspection.objects.get()
    page = client.get(reverse("inspection", args=[found.pk]))
    assert page.status_code == 200 and page.content.count(b"data-answer=") == 8
    for answer in queries.answers(found):
        response = client.post(
            reverse("inspection_answer", args=[found.pk, answer.pk]),
            {"verdict": Verdict.OK, "note": "已核实"},
        )
        assert response.status_code == 303
    assert client.post(reverse("inspection_submit", args=[found.pk])).status_code == 303
    found.refresh_from_db()
    assert found.state == "submitted"
    pdf = client.get(reverse("inspection_print", args=[found.pk]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    for file_format in ("xlsx", "pdf"):
        export = client.get(reverse("oversight"), {"format": file_format})
        assert export.status_code == 200 and len(export.content) > 100
    assert client.get(reverse("oversight"), {"format": "csv"}).status_code in (400, 422)


def test_the_checklists_page_is_the_office_s__INSP_CHECKLIST(world, officer, head):
    assert signed_in(head).get(reverse("checklists")).status_code == 403
    client = signed_in(officer)
    assert client.get(reverse("checklists")).status_code == 200
    saved = client.post(
        reverse("checklists"),
        {
            "kind": MONTHLY,
            "name": "本单位自查表",
            "items": "DEV-AIRGAP | devices.airgap | 涉密计算机不上网",
        },
    )
    assert saved.status_code == 303
    bad = client.post(
        reverse("checklists"), {"kind": MONTHLY, "name": "又一个", "items": "只有一栏"}
    )
    assert bad.status_code != 303
    assert not Checklist.objects.filter(name="又一个").exists()


def test_a_stranger_cannot_see_an_inspection__INSP_MONTHLY(world, head):
    found = open_inspection(actor=head, kind=MONTHLY, department_id=world.departments["tech"].pk)
    stranger = world.account(Role.STAFF, dept="office", clearance=Clearance.GENERAL)
    assert signed_in(stranger).get(reverse("inspection", args=[found.pk])).status_code == 404


def test_the_api__INSP_MONTHLY(world, head):
    api = ApiClient(head)
    tech = world.departments["tech"].pk
    created = api.call("POST", "/inspections", {"kind": MONTHLY, "department_id": tech})
    assert created.status_code == 201, created.content
    body = created.json()
    assert len(body["answers"]) == 8
    again = api.call("POST", "/inspections", {"kind": MONTHLY, "department_id": tech})
    assert again.status_code == 409 and again.json()["rule"] == "INSP-MONTHLY"
    stranger = ApiClient(world.account(Role.STAFF, dept="office", clearance=Clearance.GENERAL))
    refused = stranger.call("POST", "/inspections", {"kind": MONTHLY, "department_id": tech})
    assert refused.status_code == 403 and refused.json()["rule"] == "INSP-MONTHLY"
    bad = api.call("POST", "/inspections", {"kind": MONTHLY})
    assert bad.status_code == 422 and bad.json()["field"] == "department_id"
    submit = api.call("POST", f"/inspections/{body['id']}/submit", {})
    assert submit.status_code == 422 and submit.json()["field"] == "answers"
    for answer in body["answers"]:
        response = api.call(
            "POST",
            f"/inspections/{body['id']}/answers/{answer['id']}",
            {"verdict": "ok", "note": "已核实"},
        )
        assert response.status_code == 200, response.content
    assert api.call("POST", f"/inspections/{body['id']}/submit", {}).json()["state"] == "submitted"
    assert api.get("/checklists").status_code == 200
    assert (
        api.call(
            "POST", "/checklists", {"kind": MONTHLY, "name": "x", "items": [{"text": "x"}]}
        ).status_code
        == 403
    )
