"""The visitors and the access log (AREA-ACCESS) on the pages and in the API, on the demo
organisation: the tabs of the secure areas' entry, the forms, the keeper's home panel, the
registers' exports, the approval's sentence, refusals as 403 naming the rule and 422 naming
the field."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from baomi.areas.models import AreaEntry, SecureArea, Visitor
from baomi.seams.approvals import describe, parameters_sentence
from baomi.seams.registers import registers_for
from tests.api.conftest import ApiClient
from tests.factories import audit_events
from tests.web.conftest import signed_in

ID_CARD = "440304199201013217"


@pytest.fixture
def demo(demo_accounts):
    return demo_accounts


def archive() -> SecureArea:
    return SecureArea.objects.get(name="档案室")


def test_the_demo_has_visitors_and_entries_with_escorts__AREA_ACCESS(demo):
    assert Visitor.objects.filter(unit__contains="上级机关").exists()
    entries = AreaEntry.objects.filter(area=archive())
    assert entries.filter(granted_by__isnull=False, visitor__isnull=False).exists()
    assert entries.filter(approval__isnull=False, left_at=None, escort__isnull=False).exists()


def test_the_office_sees_the_two_tabs_under_secure_areas__AREA_ACCESS(demo):
    client = signed_in(demo["secofficer"])
    visitors = client.get(reverse("visitors"))
    assert visitors.status_code == 200
    text = visitors.content.decode()
    assert 'data-areas-tab="visitors"' in text and "李卫东" in text and "data-present" in text
    log = client.get(reverse("access_log"))
    assert log.status_code == 200 and "data-open" in log.content.decode()
    assert client.get(reverse("access_log"), {"open": "on"}).status_code == 200
    assert client.get(reverse("visitors"), {"since": "2026-13-01"}).status_code == 400


def test_a_staff_account_does_not_open_the_office_tabs__AREA_ACCESS(demo):
    client = signed_in(demo["staff"])
    assert client.get(reverse("visitors")).status_code == 403
    assert client.get(reverse("access_log")).status_code == 403


def test_the_office_registers_and_signs_out_a_visitor_on_the_page__AREA_ACCESS(demo):
    client = signed_in(demo["secofficer"])
    host = demo["secofficer"].person_id
    data = {
        "name": "赵刚",
        "id_kind": "id_card",
        "id_number": ID_CARD,
        "unit": "某供应商",
        "host": host,
        "purpose": "送货",
    }
    made = client.post(reverse("visitor_register"), data)
    assert made.status_code == 303
    guest = Visitor.objects.get(name="赵刚")
    bad = client.post(reverse("visitor_register"), {**data, "id_number": ID_CARD[:-1] + "0"})
    assert bad.status_code in (302, 303, 422)
    out = client.post(reverse("visitor_sign_out", args=[guest.pk]), {})
    assert out.status_code == 303
    guest.refresh_from_db()
    assert guest.left_at is not None


def test_the_registers_export_as_xlsx_and_pdf__AREA_ACCESS(demo):
    client = signed_in(demo["secofficer"])
    for url in (reverse("visitors"), reverse("access_log")):
        for file_format in ("xlsx", "pdf"):
            response = client.get(url, {"format": file_format})
            assert response.status_code == 200, (url, file_format)
            assert "attachment" in response["Content-Disposition"]
    assert audit_events("areas.visitors_exported") and audit_events("areas.access_log_exported")
    keys = {entry.key for entry in registers_for(demo["secofficer"])}
    assert {"areas.visitors", "areas.access_log"} <= keys


def test_the_keeper_logs_an_entry_from_the_home_panel__AREA_ACCESS(demo):
    keeper = demo["clerk"]  # 杨帆 keeps 档案室
    client = signed_in(keeper)
    home = client.get(reverse("home")).content.decode()
    assert 'data-panel="areas.keeper_access"' in home
    person = demo["leader"].person  # 李志强, core: cleared, not assigned
    posted = client.post(
        reverse("area_entry_log"),
        {
            "area": archive().pk,
            "person": person.pk,
            "purpose": "检查",
            "permission": "on_the_spot",
        },
    )
    assert posted.status_code == 303
    entry = AreaEntry.objects.get(person=person, left_at=None)
    assert entry.granted_by_id == keeper.person_id
    exited = client.post(reverse("area_entry_exit", args=[entry.pk]), {})
    assert exited.status_code == 303


def test_the_api_refuses_without_permission_naming_the_rule__AREA_ACCESS(demo):
    keeper = ApiClient(demo["clerk"])
    person = demo["leader"].person_id
    body = {"area_id": archive().pk, "person_id": person, "purpose": "查阅"}
    refused = keeper.post("/area-entries", body)
    assert refused.status_code == 403 and refused.json()["rule"] == "AREA-ACCESS"
    made = keeper.post("/area-entries", {**body, "on_the_spot": True})
    assert made.status_code == 201, made.content
    entry_id = made.json()["id"]
    listed = keeper.get("/area-entries", open=True).json()
    assert entry_id in [e["id"] for e in listed]
    out = keeper.post(f"/area-entries/{entry_id}/exit", {})
    assert out.status_code == 200 and out.json()["left_at"]
    assert keeper.post(f"/area-entries/{entry_id}/exit", {}).status_code == 409
    assigned = keeper.post(
        "/area-entries",
        {**body, "person_id": demo["office"].person_id, "on_the_spot": True},
    )
    assert assigned.status_code == 422 and "person_id" in str(assigned.json())


def test_the_api_registers_a_visitor_and_names_a_bad_id_number__AREA_ACCESS(demo):
    office = ApiClient(demo["secofficer"])
    body = {
        "name": "钱多",
        "id_kind": "id_card",
        "id_number": ID_CARD,
        "unit": "上级机关",
        "host_id": demo["secofficer"].person_id,
        "purpose": "调研",
    }
    bad = office.post("/visitors", {**body, "id_number": "440304199201013210"})
    assert bad.status_code == 422 and "id_number" in str(bad.json())
    made = office.post("/visitors", body)
    assert made.status_code == 201 and made.json()["on_premises"] is True
    visitor_id = made.json()["id"]
    assert office.get(f"/visitors/{visitor_id}").status_code == 200
    assert ApiClient(demo["staff"]).get(f"/visitors/{visitor_id}").status_code == 404
    assert office.post(f"/visitors/{visitor_id}/sign-out", {}).status_code == 200
    register = office.get("/visitors/register", format="pdf")
    assert register.status_code == 200 and register.content.startswith(b"%PDF")
    assert ApiClient(demo["staff"]).get("/visitors/register").status_code == 403


def test_an_entry_asked_ahead_reads_as_a_sentence__AREA_ACCESS(demo):
    office = ApiClient(demo["secofficer"])
    day = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    made = office.post(
        "/area-entries/requests",
        {
            "area_id": archive().pk,
            "person_id": demo["leader"].person_id,
            "day": day,
            "purpose": "查阅",
        },
    )
    assert made.status_code == 201, made.content
    params = made.json()["params"]
    sentence = parameters_sentence(demo["office"], "areas.enter", params)
    assert "李志强" in sentence and "档案室" in sentence and day in sentence
    subject = describe(demo["office"], "areas.securearea", str(archive().pk))
    assert subject is not None and "档案室" in subject.label


def test_the_visitor_form_picks_the_host_with_the_people_picker__AREA_ACCESS(demo):
    """The host is picked in the people picker (a list with a filter box) of the people in
    post; the posted id is checked by the operation, not against a list loaded again."""
    from baomi.org.models import Employment, Person

    client = signed_in(demo["secofficer"])
    text = client.get(reverse("visitors")).content.decode()
    host = demo["secofficer"].person_id
    assert f'name="host" value="{host}"' in text and "data-picker-filter" in text
    left = Person.objects.filter(employment=Employment.LEFT).first()
    if left is not None:
        assert f'data-candidate="{left.pk}"' not in text
    data = {
        "name": "钱伟",
        "id_kind": "id_card",
        "id_number": ID_CARD,
        "unit": "某供应商",
        "purpose": "送货",
    }
    for wrong in ("", "abc", "0"):
        answer = client.post(reverse("visitor_register"), {**data, "host": wrong})
        assert answer.status_code in (302, 303, 400, 422)
    # Someone of no organisation of the actor's answers as a missing person does.
    unknown = client.post(reverse("visitor_register"), {**data, "host": "999999999"})
    assert unknown.status_code == 404
    assert not Visitor.objects.filter(name="钱伟").exists()
    assert client.post(reverse("visitor_register"), {**data, "host": host}).status_code == 303
    assert Visitor.objects.get(name="钱伟").host_id == host
