"""The JSON routes of the responsibility letters (RESP-ANNUAL, RESP-RESIGN) and of the
assessments, commendations and penalties (RESP-ASSESS): bounded input answered 4xx naming the
field, another organisation's letter 404."""

from __future__ import annotations

import pytest
from django.utils import timezone

from baomi.access.roles import Role
from baomi.core.levels import Clearance
from baomi.people.queries.assessment import DEFAULT_SHEET
from tests.api.conftest import ApiClient
from tests.factories import World
from tests.people.test_letters import Letters

YEAR = timezone.localdate().year
TODAY = timezone.localdate().isoformat()


@pytest.fixture
def setup(world):
    return Letters(world)


def test_the_api_prepares_lists_and_signs_letters__RESP_ANNUAL(setup):
    office = ApiClient(setup.officer)
    prepared = office.post("/letters/prepare", {"year": YEAR})
    assert prepared.status_code == 201
    body = prepared.json()
    assert len(body["created"]) == 2 and len(body["skipped"]) == 2
    tech_id = setup.world.departments["tech"].pk
    [tech] = [x for x in body["created"] if x["department_id"] == tech_id]
    assert tech["in_effect"] is False and tech["current"] is True
    head = ApiClient(setup.tech_head)
    assert [x["id"] for x in head.get("/letters", year=YEAR).json()] == [tech["id"]]
    signed = head.post(f"/letters/{tech['id']}/sign", {})
    assert signed.status_code == 200 and signed.json()["second_signed_on"] == TODAY
    assert head.post(f"/letters/{tech['id']}/sign", {}).status_code == 409
    # Nobody signs for another: the office on its login; the lab's head sees no such letter.
    refused = office.post(f"/letters/{tech['id']}/sign", {})
    assert refused.status_code == 403 and refused.json()["rule"] == "RESP-ANNUAL"
    assert ApiClient(setup.lab_head).post(f"/letters/{tech['id']}/sign", {}).status_code == 404
    paper = office.post(f"/letters/{tech['id']}/sign", {"part": "first", "signed_on": TODAY})
    assert paper.status_code == 200 and paper.json()["in_effect"] is True
    assert office.get(f"/letters/{tech['id']}").json()["first_signed_on"] == TODAY


def test_the_api_refuses_bad_input_naming_the_field__RESP_ANNUAL(setup):
    office = ApiClient(setup.officer)
    assert "year" in office.post("/letters/prepare", {"year": "soon"}).text
    far = office.post("/letters/prepare", {"year": YEAR + 5})
    assert far.status_code == 422 and "year" in far.text
    long_title = office.post(
        "/letter-templates", {"kind": "department", "title": "x" * 201, "text": "正文"}
    )
    assert long_title.status_code == 422 and "title" in long_title.text
    bad_kind = office.post("/letter-templates", {"kind": "all", "title": "t", "text": "正文"})
    assert bad_kind.status_code == 422 and "kind" in bad_kind.text
    office.post("/letters/prepare", {"year": YEAR})
    letter_id = office.get("/letters").json()[0]["id"]
    bad_part = office.post(f"/letters/{letter_id}/sign", {"part": "third", "signed_on": TODAY})
    assert bad_part.status_code == 422 and "part" in bad_part.text
    no_date = office.post(f"/letters/{letter_id}/sign", {"part": "first"})
    assert no_date.status_code == 422 and "signed_on" in no_date.text
    assert office.get(f"/letters/{10**30}").status_code == 422
    assert office.get("/letters", year="x").status_code == 422


def test_the_api_saves_and_lists_the_text__RESP_ANNUAL(setup):
    office = ApiClient(setup.officer)
    saved = office.post(
        "/letter-templates", {"kind": "department", "title": "保密工作责任书", "text": "正文"}
    )
    assert saved.status_code == 201 and saved.json()["version"] == 1
    assert [t["version"] for t in office.get("/letter-templates").json()] == [1]
    assert ApiClient(setup.boss).get("/letter-templates").status_code == 403


def test_another_organisations_letter_is_404__RESP_ANNUAL(setup):
    office = ApiClient(setup.officer)
    office.post("/letters/prepare", {"year": YEAR})
    letter_id = office.get("/letters").json()[0]["id"]
    stranger = World.build().account(Role.SECURITY_OFFICER, dept="office", clearance=Clearance.CORE)
    assert ApiClient(stranger).get(f"/letters/{letter_id}").status_code == 404
    assert ApiClient(stranger).get("/letters").json() == []


def test_the_api_exports_the_register__RESP_ANNUAL(setup):
    office = ApiClient(setup.officer)
    office.post("/letters/prepare", {"year": YEAR})
    pdf = office.get("/letters/register", year=YEAR, format="pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert office.get("/letters/register", year=YEAR, format="csv").status_code == 422
    assert ApiClient(setup.boss).get("/letters/register", year=YEAR).status_code == 403


def test_the_api_assesses_departments_and_records_merits__RESP_ASSESS(setup):
    office = ApiClient(setup.officer)
    sheet = office.get("/assessment-sheet").json()
    assert sum(item["points"] for item in sheet) == 100
    scores = {item.key: item.points for item in DEFAULT_SHEET}
    tech_id = setup.world.departments["tech"].pk
    body = {"department_id": tech_id, "period": "month", "starts": TODAY, "scores": scores}
    done = office.post("/assessments", body)
    assert done.status_code == 201 and done.json()["total"] == 100
    assert office.post("/assessments", body).status_code == 409
    over = office.post(
        "/assessments", {**body, "period": "year", "scores": {**scores, "carriers": 99}}
    )
    assert over.status_code == 422 and "scores" in over.text
    assert office.post("/assessments", {**body, "period": "week"}).status_code == 422
    assert [a["department_id"] for a in office.get("/assessments").json()] == [tech_id]
    assert ApiClient(setup.boss).post("/assessments", body).status_code == 403
    merit = office.post(
        "/merits",
        {
            "kind": "commendation",
            "person_id": setup.tech_head.person_id,
            "given_on": TODAY,
            "reason": "表现突出",
        },
    )
    assert merit.status_code == 201
    both = office.post(
        "/merits",
        {
            "kind": "penalty",
            "person_id": setup.tech_head.person_id,
            "department_id": tech_id,
            "given_on": TODAY,
            "reason": "违规",
        },
    )
    assert both.status_code == 422 and "person_id" in both.text
    own = office.post(
        "/merits",
        {
            "kind": "commendation",
            "person_id": setup.officer.person_id,
            "given_on": TODAY,
            "reason": "x",
        },
    )
    assert own.status_code == 403 and own.json()["rule"] == "ROLE-SEPARATION"
    assert [m["id"] for m in ApiClient(setup.tech_head).get("/merits").json()] == [
        merit.json()["id"]
    ]
    saved = office.post(
        "/assessment-sheet", {"items": [{"key": "a", "text": "制度", "points": 10}]}
    )
    assert saved.status_code == 201 and [i["key"] for i in saved.json()] == ["a"]
    assert office.post("/assessment-sheet", {"items": []}).status_code == 422
