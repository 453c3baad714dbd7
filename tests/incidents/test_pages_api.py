"""The incidents on the pages and in the API (INC-RECORD, LOSS-REPORT): the menu entry for the
office only, the list with its overdue flags, the record form, an incident's page and its
steps, the PDF, the register and its exports; the API's refusals as 403 naming INC-RECORD and
bad input as 422 naming the field."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from baomi.incidents.models import Incident
from baomi.seams.navigation import nav_for
from baomi.seams.registers import registers_for
from tests.api.conftest import ApiClient
from tests.factories import audit_events
from tests.incidents.conftest import record, report_loss
from tests.web.conftest import signed_in


def test_the_menu_entry_and_the_register_are_the_office_s__INC_RECORD(office):
    assert "incidents" in [i.key for i in nav_for(office.officer)]
    for other in (office.clerk, office.readers[0], office.head):
        assert "incidents" not in [i.key for i in nav_for(other)]
        assert signed_in(other).get(reverse("incidents")).status_code == 403
    assert "incidents" in [r.key for r in registers_for(office.officer)]
    assert "incidents" not in [r.key for r in registers_for(office.clerk)]


def test_the_list_flags_the_report_overdue__INC_RECORD(office, secret):
    report_loss(
        office,
        office.copies(secret)[:1],
        discovered_at=timezone.now() - datetime.timedelta(hours=30),
    )
    item = Incident.objects.get()
    html = signed_in(office.officer).get(reverse("incidents")).content.decode()
    assert f'data-incident="{item.pk}"' in html and "data-report-overdue" in html
    assert 'data-form="incident-record"' in html
    overdue = signed_in(office.officer).get(reverse("incidents"), {"status": "report_overdue"})
    assert f'data-incident="{item.pk}"' in overdue.content.decode()
    closed = signed_in(office.officer).get(reverse("incidents"), {"status": "closed"})
    assert f'data-incident="{item.pk}"' not in closed.content.decode()


def test_an_incident_recorded_on_the_page_and_followed_to_closure__INC_RECORD(office, secret):
    copy = office.copies(secret)[0]
    client = signed_in(office.officer)
    answer = client.post(
        reverse("incident_record"),
        {
            "kind": "violation",
            "serious": "on",
            "level": 2,
            "title": "违规复印",
            "account": "未经批准复印涉密文件一份。",
            "discovered_at": "2026-01-05T09:30",
            "responsible": [office.readers[1].person_id],
            "copies": [copy.pk],
        },
    )
    assert answer.status_code == 303
    item = Incident.objects.get()
    page = client.get(reverse("incident", args=[item.pk])).content.decode()
    assert f'data-incident-copy="{copy.pk}"' in page and 'data-form="incident-report"' in page
    assert f'data-incident-person="{office.readers[1].person_id}"' in page
    refused = client.post(reverse("incident_close", args=[item.pk]), follow=True)
    assert "INC-RECORD" in refused.content.decode()
    client.post(
        reverse("incident_report", args=[item.pk]),
        {"reported_to": "市保密局", "report_text": "已报"},
    )
    client.post(
        reverse("incident_investigate", args=[item.pk]), {"result": "属实", "sanctions": ""}
    )
    assert client.post(reverse("incident_close", args=[item.pk])).status_code == 303
    assert Incident.objects.get().state == "closed"
    pdf = client.get(reverse("incident_printed", args=[item.pk]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def test_a_copy_the_reader_may_not_know_is_not_named__INC_RECORD(office, secret):
    from baomi.access.roles import Role
    from baomi.core.levels import Clearance

    report_loss(office, office.copies(secret)[:1])
    item = Incident.objects.get()
    low = office.world.account(Role.SECURITY_OFFICER, clearance=Clearance.GENERAL)
    page = signed_in(low).get(reverse("incident", args=[item.pk])).content.decode()
    assert 'data-incident-copy="hidden"' in page and secret.document.number not in page
    body = ApiClient(low).get(f"/incidents/{item.pk}").json()
    assert body["copies"][0]["seen"] is False and body["copies"][0]["copy_id"] is None


def test_the_register_and_its_exports__INC_RECORD(office, secret):
    report_loss(office, office.copies(secret)[:1])
    client = signed_in(office.officer)
    html = client.get(reverse("incident_register")).content.decode()
    assert "data-incident-register" in html and secret.document.number in html
    for f in ("xlsx", "pdf"):
        answer = client.get(reverse("incident_register"), {"format": f})
        assert answer.status_code == 200 and len(answer.content) > 100
    assert len(audit_events("incidents.register_exported")) == 2
    api = ApiClient(office.officer).get("/incidents/register", format="pdf")
    assert api.status_code == 200 and api.content.startswith(b"%PDF")
    assert ApiClient(office.clerk).get("/incidents/register").status_code == 403


def test_the_api_follows_an_incident__INC_RECORD(office):
    officer = ApiClient(office.officer)
    created = officer.post(
        "/incidents",
        {
            "kind": "compromise",
            "serious": True,
            "title": "涉密电脑违规联网",
            "account": "检查发现一台涉密计算机曾接入互联网。",
            "discovered_at": timezone.now().isoformat(),
            "people": [{"person_id": office.readers[2].person_id, "role": "responsible"}],
        },
    )
    assert created.status_code == 201, created.text
    pk = created.json()["id"]
    assert created.json()["next_steps"] == ["remedies", "report", "investigate", "close"]
    refused = officer.post(f"/incidents/{pk}/close")
    assert refused.status_code == 403 and refused.json()["rule"] == "INC-RECORD"
    assert officer.post(f"/incidents/{pk}/report", {"report_text": "已报告"}).status_code == 200
    assert officer.post(f"/incidents/{pk}/report", {"report_text": "再报"}).status_code == 409
    done = officer.post(f"/incidents/{pk}/investigation", {"result": "属实", "sanctions": "警告"})
    assert done.json()["state"] == "investigated"
    assert officer.post(f"/incidents/{pk}/close").json()["state"] == "closed"
    assert [i["id"] for i in officer.get("/incidents", status="closed").json()] == [pk]
    year = timezone.localdate().year
    assert officer.get("/incidents/count", year=year).json()["compromise"] == 1
    assert ApiClient(office.readers[0]).get(f"/incidents/{pk}").status_code == 404
    assert ApiClient(office.readers[0]).get("/incidents/count", year=year).status_code == 403
    assert officer.get(f"/incidents/{pk}/report.pdf").content.startswith(b"%PDF")


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"kind": "fire"}, "kind"),
        ({"title": ""}, "title"),
        ({"title": "x" * 201}, "title"),
        ({"account": "x" * 4001}, "account"),
        ({"discovered_at": "2026-01-01T08:00:00"}, "discovered_at"),
        ({"copy_ids": [2**64]}, "copy_ids"),
        ({"people": [{"person_id": 10**9}]}, "people"),
    ],
)
def test_bad_input_answers_422_naming_the_field__INC_RECORD(office, body, field):
    payload = {
        "kind": "violation",
        "title": "违规",
        "account": "经过",
        "discovered_at": timezone.now().isoformat(),
        **body,
    }
    answer = ApiClient(office.officer).post("/incidents", payload)
    assert answer.status_code == 422 and field in answer.text
    assert not Incident.objects.exists()


def test_only_the_office_records_through_the_api__INC_RECORD(office):
    payload = {"kind": "violation", "title": "违规", "account": "经过"}
    payload["discovered_at"] = timezone.now().isoformat()
    assert ApiClient(office.readers[0]).post("/incidents", payload).status_code == 403
    item = record(office)
    assert ApiClient(office.clerk).post(f"/incidents/{item.pk}/close").status_code in (403, 404)
