"""The secure areas' pages, JSON routes and register (AREA-LIST): the office's list and its
filters, registering (a refused form comes back with the field marked), an area's page and
its actions, the home panel, the register as .xlsx and PDF, the API's 403/422."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from baomi.access.roles import Role
from baomi.areas.models import AreaAssignment, AreaKind, SecureArea
from baomi.areas.operations import areas as ops
from baomi.core.levels import Clearance, Level
from tests.api.conftest import ApiClient
from tests.factories import FORMULA_TEXT, audit_events
from tests.web.conftest import signed_in


@pytest.fixture
def officer(world):
    return world.account(Role.SECURITY_OFFICER, dept="office", clearance=Clearance.CORE)


@pytest.fixture
def keeper(world):
    return world.person(dept="office", clearance=Clearance.IMPORTANT, name="杨帆")


@pytest.fixture
def area(world, officer, keeper):
    return ops.register_area(
        actor=officer,
        name="档案室",
        kind=AreaKind.ARCHIVE_ROOM,
        level=Level.SECRET,
        department_id=world.departments["office"].pk,
        keeper_id=keeper.pk,
        measures="防盗门\n报警",
    )


def _form(world, keeper, **kw):
    return {
        "name": "文印室",
        "kind": AreaKind.PRINT_ROOM,
        "level": int(Level.CONFIDENTIAL),
        "department": world.departments["office"].pk,
        "keeper": keeper.pk,
        "location": "307",
        "measures": "专机专用",
        "refill": "area-register",
        **kw,
    }


def test_the_list_is_the_offices_and_registers_an_area__AREA_LIST(world, officer, keeper, area):
    client = signed_in(officer)
    page = client.get(reverse("areas"))
    text = page.content.decode()
    assert page.status_code == 200
    assert f'data-area="{area.pk}"' in text and 'data-form="area-register"' in text
    assert "data-areas-tab" in text
    response = client.post(reverse("area_register"), _form(world, keeper))
    assert response.status_code == 303
    made = SecureArea.objects.get(name="文印室")
    assert response["Location"] == reverse("area", args=[made.pk])
    for role in (Role.STAFF, Role.CLERK, Role.LEADER, Role.AUDITOR, Role.SYSADMIN):
        other = signed_in(world.account(role, clearance=Clearance.CORE))
        assert other.get(reverse("areas")).status_code == 403
        assert other.post(reverse("area_register"), _form(world, keeper)).status_code == 403


def test_the_list_filters_and_pages(world, officer, keeper, area):
    client = signed_in(officer)
    text = client.get(reverse("areas"), {"kind": AreaKind.FINANCE}).content.decode()
    assert f'data-area="{area.pk}"' not in text
    text = client.get(reverse("areas"), {"level": int(Level.SECRET)}).content.decode()
    assert f'data-area="{area.pk}"' in text
    assert client.get(reverse("areas"), {"level": "x"}).status_code == 400
    assert client.get(reverse("areas"), {"page": "99"}).status_code == 200


def test_a_refused_registration_comes_back_with_the_keeper_marked__AREA_LIST(
    world, officer, keeper
):
    client = signed_in(officer)
    low = world.person(clearance=Clearance.GENERAL, name="赵敏")
    url = reverse("areas")
    response = client.post(
        reverse("area_register"),
        _form(world, low, level=int(Level.SECRET)),
        headers={"referer": f"http://testserver{url}"},
    )
    assert response.status_code == 302 and response["Location"].endswith(url)
    again = client.get(url).content.decode()
    assert "赵敏" in again and "AREA-LIST" in again
    assert "is-invalid" in again and 'value="文印室"' in again
    assert not SecureArea.objects.filter(name="文印室").exists()


def test_the_area_page_and_its_actions__AREA_LIST(world, officer, keeper, area):
    client = signed_in(officer)
    url = reverse("area", args=[area.pk])
    text = client.get(url).content.decode()
    for form in ("area-assign", "area-keeper", "area-edit", "area-deactivate"):
        assert f'data-form="{form}"' in text
    person = world.person(clearance=Clearance.CORE, name="韩梅")
    response = client.post(
        reverse("area_assign", args=[area.pk]), {"person": person.pk, "since": "2026-01-02"}
    )
    assert response.status_code == 303
    assignment = AreaAssignment.objects.get(person=person)
    assert f'data-assignment="{assignment.pk}"' in client.get(url).content.decode()
    new = world.person(clearance=Clearance.CORE, name="陈静")
    response = client.post(reverse("area_keeper", args=[area.pk]), {"keeper": new.pk, "note": ""})
    assert response.status_code == 303
    area.refresh_from_db()
    assert area.keeper_id == new.pk
    edit = {
        "name": "档案室",
        "kind": AreaKind.ARCHIVE_ROOM,
        "level": int(Level.TOP_SECRET),
        "department": world.departments["office"].pk,
        "location": "305",
        "measures": "",
    }
    assert client.post(reverse("area_edit", args=[area.pk]), edit).status_code == 303
    response = client.post(
        reverse("area_assignment_end", args=[assignment.pk]), {"until": "2026-01-03"}
    )
    assert response.status_code == 303
    response = client.post(reverse("area_deactivate", args=[area.pk]), {"reason": "搬迁"})
    assert response.status_code == 303
    area.refresh_from_db()
    assert not area.active and "data-inactive" in client.get(url).content.decode()


def test_a_keeper_sees_the_area_on_the_home_page_but_not_the_list__AREA_LIST(
    world, officer, keeper, area
):
    client = signed_in(world.account(Role.STAFF, person=keeper))
    home = client.get(reverse("home")).content.decode()
    assert f'data-my-area="{area.pk}"' in home
    page = client.get(reverse("area", args=[area.pk]))
    assert page.status_code == 200 and 'data-form="area-assign"' not in page.content.decode()
    assert client.get(reverse("areas")).status_code == 403
    stranger = signed_in(world.account(Role.STAFF, clearance=Clearance.CORE))
    assert 'data-panel="my-areas"' not in stranger.get(reverse("home")).content.decode()
    assert stranger.get(reverse("area", args=[area.pk])).status_code == 404


def test_the_register_exports_as_xlsx_and_pdf__AREA_LIST(world, officer, keeper, area):
    ops.register_area(
        actor=officer,
        name=FORMULA_TEXT[0][:100],
        kind=AreaKind.OTHER,
        level=Level.INTERNAL,
        department_id=world.departments["office"].pk,
        keeper_id=keeper.pk,
        measures="=1+1",
    )
    ops.assign(actor=officer, area_id=area.pk, person_id=world.person(clearance=Clearance.CORE).pk)
    client = signed_in(officer)
    xlsx = client.get(reverse("areas"), {"format": "xlsx"})
    assert xlsx.status_code == 200
    book = load_workbook(io.BytesIO(xlsx.content))
    cells = [c for row in book.active.iter_rows() for c in row]
    assert not [c for c in cells if c.data_type == "f"]
    values = [str(c.value) for c in cells if c.value is not None]
    assert "档案室" in values and any("防盗门" in v for v in values)
    pdf = client.get(reverse("areas"), {"format": "pdf"})
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert client.get(reverse("areas"), {"format": "doc"}).status_code == 400
    assert audit_events("areas.register_exported")[-1]["data"]["format"] == "pdf"
    registers = signed_in(officer).get(reverse("registers")).content.decode()
    assert reverse("areas") in registers


def test_the_api_registers_and_refuses_naming_the_rule_or_field__AREA_LIST(
    world, officer, keeper, area
):
    client = ApiClient(officer)
    body = {
        "name": "机要室",
        "kind": "fax_room",
        "level": 4,
        "department_id": world.departments["office"].pk,
        "keeper_id": keeper.pk,
    }
    refused = client.post("/areas", body)
    assert refused.status_code == 403 and refused.json()["rule"] == "AREA-LIST"
    assert "杨帆" in refused.json()["message"]
    made = client.post("/areas", {**body, "level": 3})
    assert made.status_code == 201 and made.json()["keeper_id"] == keeper.pk
    taken = client.post("/areas", {**body, "level": 3})
    assert taken.status_code == 422 and taken.json()["field"] == "name"
    stranger = client.post("/areas", {**body, "name": "x", "keeper_id": 10**6})
    assert stranger.status_code == 422 and stranger.json()["field"] == "keeper_id"
    assert client.post("/areas", {**body, "measures": "x" * 2001}).status_code == 422
    assert client.post("/areas", {**body, "kind": "garage"}).status_code == 422
    own = client.post("/areas", {**body, "name": "y", "level": 3, "keeper_id": officer.person_id})
    assert own.status_code == 403 and own.json()["rule"] == "ROLE-SEPARATION"
    pk = made.json()["id"]
    person = world.person(clearance=Clearance.CORE)
    assigned = client.post(f"/areas/{pk}/assignments", {"person_id": person.pk})
    assert assigned.status_code == 201
    low = world.person(clearance=Clearance.GENERAL)
    refused = client.post(f"/areas/{pk}/assignments", {"person_id": low.pk})
    assert refused.status_code == 403 and refused.json()["rule"] == "AREA-LIST"
    detail = client.get(f"/areas/{pk}").json()
    assert [a["person_id"] for a in detail["assignments"]] == [person.pk]
    ended = client.post(f"/area-assignments/{assigned.json()['id']}/end", {})
    assert ended.status_code == 200 and ended.json()["until"]
    new = world.person(clearance=Clearance.CORE)
    assert client.post(f"/areas/{pk}/keeper", {"keeper_id": new.pk}).json()["keeper_id"] == new.pk
    edited = client.put(f"/areas/{pk}", {**body, "name": "机要室2", "level": 2})
    assert edited.status_code == 200 and edited.json()["level"] == 2
    listed = client.get("/areas", kind="fax_room").json()
    assert [a["id"] for a in listed] == [pk]
    assert [v["id"] for v in client.get("/venues").json()] == sorted(
        [pk, area.pk], key=lambda i: SecureArea.objects.get(pk=i).name
    )
    gone = client.post(f"/areas/{pk}/deactivate", {})
    assert gone.status_code == 200 and gone.json()["active"] is False
    assert client.post(f"/areas/{pk}/deactivate", {}).status_code == 409
    staff = ApiClient(world.account(Role.STAFF, clearance=Clearance.CORE))
    assert staff.get("/areas").status_code == 403
    assert staff.get(f"/areas/{area.pk}").status_code == 404
    assert staff.get("/venues").json() == []


def test_areas_are_searched_among_those_one_may_know__AREA_LIST(world, officer, keeper, area):
    found = ApiClient(officer).get("/search", q="档案").json()
    assert [h["url"] for h in found if h["kind"] == "areas"] == [reverse("area", args=[area.pk])]
    keeper_hits = ApiClient(world.account(Role.STAFF, person=keeper)).get("/search", q="档案")
    assert [h for h in keeper_hits.json() if h["kind"] == "areas"]
    stranger = ApiClient(world.account(Role.STAFF, clearance=Clearance.CORE))
    assert not [h for h in stranger.get("/search", q="档案").json() if h["kind"] == "areas"]


def test_a_refusal_is_recorded_about_the_area__AREA_LIST(world, officer, area):
    from baomi.audit.models import AuditEvent

    low = world.person(clearance=Clearance.GENERAL)
    refused = ApiClient(officer).post(f"/areas/{area.pk}/assignments", {"person_id": low.pk})
    assert refused.status_code == 403
    event = AuditEvent.objects.filter(action="operation.refused").order_by("-pk").first()
    assert (event.subject_type, event.subject_id) == ("areas.securearea", str(area.pk))
