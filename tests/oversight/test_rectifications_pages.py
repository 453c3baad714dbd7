"""Rectifications (INSP-RECTIFY) on the pages and in the API: the office's list with its
filters and the register's exports, a task's page with mark-done and verify, the home panel
with the escalated tasks; refusals as 403 naming INSP-RECTIFY, 422 naming the field."""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils import timezone

from baomi.access.roles import Role
from baomi.oversight.models import Rectification, RectificationState
from baomi.seams.registers import registers_for
from tests.api.conftest import ApiClient
from tests.factories import audit_events, xlsx_texts
from tests.oversight.test_rectifications import free_task
from tests.oversight.test_rectifications import head as head
from tests.oversight.test_rectifications import officer as officer
from tests.oversight.test_rectifications import owner as owner
from tests.web.conftest import signed_in


def today() -> datetime.date:
    return timezone.localdate()


def test_the_api_walks_a_task_to_its_verification__INSP_RECTIFY(world, officer, owner, head):
    office, mine, heads = ApiClient(officer), ApiClient(owner), ApiClient(head)
    made = office.post(
        "/rectifications",
        {
            "owner_id": owner.person_id,
            "due": today().isoformat(),
            "rule_id": "MEDIA-REGISTERED",
            "description": "补登介质",
        },
    )
    assert made.status_code == 201, made.content
    task = made.json()
    assert task["status"] == "open" and task["next_steps"] == ["reassign"]
    assert mine.get(f"/rectifications/{task['id']}").json()["next_steps"] == ["mark_done"]
    empty = mine.post(f"/rectifications/{task['id']}/done", {"note": ""})
    assert empty.status_code == 422 and "note" in str(empty.json())
    done = mine.post(f"/rectifications/{task['id']}/done", {"note": "已补登"})
    assert done.status_code == 200 and done.json()["state"] == "done"
    refused = mine.post(f"/rectifications/{task['id']}/verify", {"accept": True})
    assert refused.status_code == 403 and refused.json()["rule"] == "INSP-RECTIFY"
    rejected = heads.post(f"/rectifications/{task['id']}/verify", {"accept": False})
    assert rejected.status_code == 422 and rejected.json()["field"] == "note"
    closed = heads.post(f"/rectifications/{task['id']}/verify", {"accept": True})
    assert closed.status_code == 200 and closed.json()["status"] == "closed"
    listed = office.get("/rectifications?state=closed").json()
    assert [t["id"] for t in listed["items"]] == [task["id"]]
    assert office.get("/rectifications?state=nonsense").status_code == 422
    outsider = ApiClient(world.account(Role.STAFF, dept="office"))
    assert outsider.get(f"/rectifications/{task['id']}").status_code == 404
    assert outsider.get("/rectifications").json()["items"] == []


def test_the_api_refuses_bad_input_naming_the_field__INSP_RECTIFY(world, officer, owner):
    office = ApiClient(officer)
    past = office.post(
        "/rectifications",
        {
            "owner_id": owner.person_id,
            "due": "2000-01-01",
            "rule_id": "MEDIA-REGISTERED",
            "description": "x",
        },
    )
    assert past.status_code == 422 and past.json()["field"] == "due"
    nobody = office.post(
        "/rectifications",
        {
            "owner_id": 999999,
            "due": today().isoformat(),
            "rule_id": "MEDIA-REGISTERED",
            "description": "x",
        },
    )
    assert nobody.status_code == 422 and nobody.json()["field"] == "owner"
    staff = ApiClient(owner).post(
        "/rectifications",
        {
            "owner_id": owner.person_id,
            "due": today().isoformat(),
            "rule_id": "MEDIA-REGISTERED",
            "description": "x",
        },
    )
    assert staff.status_code == 403


def test_the_pages_list_a_task_and_verify_it__INSP_RECTIFY(world, officer, owner, head):
    task = free_task(officer, owner)
    office = signed_in(officer)
    listed = office.get(reverse("rectifications"))
    assert listed.status_code == 200
    assert f'data-rectification="{task.pk}"' in listed.content.decode()
    assert 'data-oversight-tab="rectifications"' in listed.content.decode()
    assert signed_in(owner).get(reverse("rectifications")).status_code == 403
    mine = signed_in(owner)
    page = mine.get(reverse("rectification", args=[task.pk]))
    assert page.status_code == 200 and 'data-form="rectification-done"' in page.content.decode()
    posted = mine.post(reverse("rectification_done", args=[task.pk]), {"note": "已补登"})
    assert posted.status_code in (302, 303)
    # The owner is offered no verification; the head is.
    assert (
        "rectification-verify"
        not in mine.get(reverse("rectification", args=[task.pk])).content.decode()
    )
    heads = signed_in(head)
    assert (
        "rectification-verify"
        in heads.get(reverse("rectification", args=[task.pk])).content.decode()
    )
    heads.post(reverse("rectification_verify", args=[task.pk]), {"accept": "yes", "note": ""})
    assert Rectification.objects.get(pk=task.pk).state == RectificationState.VERIFIED


def test_the_home_panel_shows_what_is_owed_and_escalated__INSP_RECTIFY(world, officer, owner, head):
    task = free_task(officer, owner)
    assert (
        'data-rectification-group="mine"' in signed_in(owner).get(reverse("home")).content.decode()
    )
    Rectification.objects.filter(pk=task.pk).update(due=today() - datetime.timedelta(days=8))
    home = signed_in(head).get(reverse("home")).content.decode()
    assert (
        'data-rectification-group="department"' in home
        and f'data-rectification="{task.pk}"' in home
    )
    office = signed_in(officer).get(reverse("home")).content.decode()
    assert 'data-rectification-group="office"' in office and 'data-status="office"' in office


def test_the_register_exports_as_xlsx_and_pdf__INSP_RECTIFY(world, officer, owner):
    free_task(officer, owner)
    office = signed_in(officer)
    xlsx = office.get(reverse("rectifications") + "?format=xlsx")
    assert xlsx.status_code == 200
    texts = xlsx_texts(xlsx.content)
    assert "补登涉密载体" in texts and "MEDIA-REGISTERED" in texts
    pdf = office.get(reverse("rectifications") + "?format=pdf&state=open")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert [e["data"]["format"] for e in audit_events("oversight.rectifications_exported")] == [
        "xlsx",
        "pdf",
    ]
    keys = [entry.key for entry in registers_for(officer)]
    assert "rectifications" in keys
    assert "rectifications" not in [entry.key for entry in registers_for(owner)]
