"""The seals on the pages and in the API (SEAL-LOG): the menu entry and the list for the office,
the keeper and staff, a seal's page with its lock-up record (an unconfirmed day flagged), a use's
page and its log, the keeper's home panel, the 用印登记簿 and its exports; the API's refusals as
403 naming SEAL-LOG and bad input as 422 naming the field."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from baomi.seals.models import SealUse, UseState
from baomi.seams.approvals import describe, parameters_sentence
from baomi.seams.navigation import nav_for
from baomi.seams.registers import registers_for
from tests.api.conftest import ApiClient
from tests.factories import audit_events
from tests.seals.conftest import Office, approved_use, ask, ask_out, grant
from tests.web.conftest import signed_in

TODAY = timezone.localdate


def test_the_menu_and_the_list_for_office_keeper_and_staff__SEAL_LOG(office: Office):
    for account in (office.officer, office.clerk, office.staff):
        assert "seals" in [item.key for item in nav_for(account)]
    use = ask(office)
    html = signed_in(office.officer).get(reverse("seals")).content.decode()
    assert f'data-seal="{office.seal.pk}"' in html and 'data-form="seal-register"' in html
    mine = signed_in(office.staff).get(reverse("seals")).content.decode()
    assert f'data-seal-use="{use.pk}"' in mine and 'data-form="seal-use-request"' in mine
    assert f'data-seal="{office.seal.pk}"' not in mine  # staff keep no seal
    assert 'data-form="seal-register"' not in mine
    assert signed_in(office.staff).get(reverse("seal", args=[office.seal.pk])).status_code == 404
    assert signed_in(office.other).get(reverse("seal_use", args=[use.pk])).status_code == 404


def test_a_use_asked_on_the_page_and_logged_by_the_keeper__SEAL_LOG(office: Office):
    answer = signed_in(office.staff).post(
        reverse("seal_use_request"),
        {"seal": office.seal.pk, "document": "合同", "impressions": 2, "recipient": "甲公司"},
    )
    assert answer.status_code == 303
    use = SealUse.objects.get()
    refused = signed_in(office.clerk).post(
        reverse("seal_use_log", args=[use.pk]),
        {"impressions": 2, "refill": "seal-use-log"},
        follow=True,
    )
    assert "SEAL-LOG" in refused.content.decode()
    grant(use.approval)
    page = signed_in(office.clerk).get(reverse("seal_use", args=[use.pk])).content.decode()
    assert 'data-form="seal-use-log"' in page
    done = signed_in(office.clerk).post(
        reverse("seal_use_log", args=[use.pk]), {"impressions": 2, "letter_number": "", "note": ""}
    )
    assert done.status_code == 303
    use.refresh_from_db()
    assert use.state == UseState.USED


def test_the_seal_page_flags_an_unconfirmed_day_and_the_keeper_confirms__SEAL_LOG(
    office: Office,
):
    clerk = signed_in(office.clerk)
    page = clerk.get(reverse("seal", args=[office.seal.pk])).content.decode()
    assert "data-unconfirmed" in page and 'data-form="seal-lock"' in page
    home = clerk.get(reverse("home")).content.decode()
    assert f'data-my-seal="{office.seal.pk}"' in home and "data-unconfirmed-days" in home
    answer = clerk.post(reverse("seal_lock", args=[office.seal.pk]), {"day": TODAY().isoformat()})
    assert answer.status_code == 303
    home = clerk.get(reverse("home")).content.decode()
    assert "data-locked-today" in home
    # Staff have no such panel.
    assert "data-my-seal" not in signed_in(office.staff).get(reverse("home")).content.decode()


def test_the_register_is_shown_and_exported_to_the_office__SEAL_LOG(office: Office):
    from baomi.seals.operations import seals as ops

    use = approved_use(office)
    ops.log_use(actor=office.clerk, use_id=use.pk)
    assert "seal_uses" in [e.key for e in registers_for(office.officer)]
    assert "seal_uses" not in [e.key for e in registers_for(office.staff)]
    page = signed_in(office.clerk).get(reverse("seal_use_register")).content.decode()
    assert "关于项目结题的报告" in page
    for file_format in ("xlsx", "pdf"):
        answer = signed_in(office.clerk).get(reverse("seal_use_register"), {"format": file_format})
        assert answer.status_code == 200 and answer.content
    assert signed_in(office.staff).get(reverse("seal_use_register")).status_code == 403
    assert len(audit_events("seals.use_register_exported")) == 2
    api = ApiClient(office.officer).get("/seals/register", format="pdf")
    assert api.status_code == 200 and api.content.startswith(b"%PDF")
    assert ApiClient(office.staff).get("/seals/register").status_code == 403


def test_the_approval_says_what_it_authorises__SEAL_LOG(office: Office):
    use = ask(office, impressions=3)
    sentence = parameters_sentence(office.director, "seals.use", use.approval.params)
    assert "3" in sentence and "关于项目结题的报告" in sentence
    assert "单位公章" in describe(office.director, "seals.seal", str(office.seal.pk)).label
    out = ask_out(office)
    sentence = parameters_sentence(office.boss, "seals.take_out", out.approval.params)
    assert office.staff.person.name in sentence and "合同签约现场" in sentence


def test_the_api_walks_a_use_and_refuses_by_the_rule__SEAL_LOG(office: Office):
    staff, clerk = ApiClient(office.staff), ApiClient(office.clerk)
    made = staff.post(
        "/seals/uses", {"seal_id": office.seal.pk, "document": "报告", "impressions": 2}
    )
    assert made.status_code == 201, made.content
    use = made.json()
    assert use["status"] == "requested" and use["next_steps"] == ["withdraw"]
    refused = clerk.post(f"/seals/uses/{use['id']}/log", {})
    assert refused.status_code == 403 and refused.json()["rule"] == "SEAL-LOG"
    grant(SealUse.objects.get(pk=use["id"]).approval)
    assert clerk.get(f"/seals/uses/{use['id']}").json()["next_steps"] == ["log", "withdraw"]
    too_many = clerk.post(f"/seals/uses/{use['id']}/log", {"impressions": 3})
    assert too_many.status_code == 403 and too_many.json()["rule"] == "SEAL-LOG"
    logged = clerk.post(f"/seals/uses/{use['id']}/log", {"impressions": 2})
    assert logged.status_code == 200 and logged.json()["status"] == "used"
    assert [s["id"] for s in ApiClient(office.officer).get("/seals").json()] == [
        office.seal.pk,
        office.letters.pk,
    ] or {s["id"] for s in ApiClient(office.officer).get("/seals").json()} == {
        office.seal.pk,
        office.letters.pk,
    }
    assert staff.get("/seals").json() == []
    assert {s["id"] for s in staff.get("/seals/offered").json()} == {
        office.seal.pk,
        office.letters.pk,
    }


def test_the_api_take_out_and_lock_up__SEAL_LOG(office: Office):
    staff, clerk = ApiClient(office.staff), ApiClient(office.clerk)
    back = (timezone.now() + datetime.timedelta(hours=3)).isoformat()
    made = staff.post(
        "/seals/take-outs",
        {"seal_id": office.seal.pk, "destination": "现场", "purpose": "签约", "due_back_at": back},
    )
    assert made.status_code == 201, made.content
    item = made.json()
    refused = clerk.post(f"/seals/take-outs/{item['id']}/hand-out")
    assert refused.status_code == 403 and refused.json()["rule"] == "SEAL-LOG"
    from baomi.seals.models import SealTakeOut

    grant(SealTakeOut.objects.get(pk=item["id"]).approval)
    assert clerk.post(f"/seals/take-outs/{item['id']}/hand-out").json()["status"] == "out"
    locked = clerk.post(f"/seals/{office.seal.pk}/lock", {})
    assert locked.status_code == 403 and locked.json()["rule"] == "SEAL-LOG"
    assert clerk.get(f"/seals/{office.seal.pk}").json()["out_take_out_id"] == item["id"]
    assert clerk.post(f"/seals/take-outs/{item['id']}/return").json()["status"] == "returned"
    assert clerk.post(f"/seals/{office.seal.pk}/lock", {}).status_code == 201


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"document": ""}, "document"),
        ({"impressions": 0}, "impressions"),
        ({"impressions": 1000}, "impressions"),
        ({"seal_id": 2**64}, "seal_id"),
        ({"recipient": "x" * 201}, "recipient"),
    ],
)
def test_bad_input_answers_422_naming_the_field__SEAL_LOG(office: Office, body, field):
    payload = {"seal_id": office.seal.pk, "document": "报告", "impressions": 1, **body}
    answer = ApiClient(office.staff).post("/seals/uses", payload)
    assert 400 <= answer.status_code < 500 and field in answer.text
    assert not SealUse.objects.exists()


def test_the_api_hides_what_the_caller_may_not_know__SEAL_LOG(office: Office):
    use = ask(office)
    other = ApiClient(office.other)
    assert other.get(f"/seals/uses/{use.pk}").status_code == 404
    assert other.get(f"/seals/{office.seal.pk}").status_code == 404
    assert other.post(f"/seals/{office.seal.pk}/lock", {}).status_code == 404
    refused = other.post(
        "/seals", {"name": "部门章", "kind": "department", "keeper_id": office.other.person_id}
    )
    assert refused.status_code == 403


def _logged_uses(office: Office, n: int, year: int) -> None:
    """``n`` logged uses of the official seal in ``year`` (written directly: the register's
    lines only)."""
    start = timezone.make_aware(datetime.datetime(year, 1, 2, 9))
    SealUse.objects.bulk_create(
        SealUse(
            organisation_id=office.seal.organisation_id,
            seal=office.seal,
            requested_by_id=office.staff.person_id,
            document=f"函件{i:03d}",
            impressions=1,
            state=UseState.USED,
            used_at=start + datetime.timedelta(hours=i),
            used_by=office.clerk,
            impressions_made=1,
        )
        for i in range(n)
    )


def test_the_use_register_is_shown_50_lines_a_page__SEAL_LOG(office: Office):
    _logged_uses(office, 60, 2025)
    clerk = signed_in(office.clerk)
    first = clerk.get(reverse("seal_use_register")).content.decode()
    assert first.count("函件") == 50 and "函件000" in first and "page=2" in first
    second = clerk.get(reverse("seal_use_register"), {"year": "2025", "page": "2"})
    html = second.content.decode()
    assert html.count("函件") == 10 and "函件059" in html
    assert "year=2025" in html and "page=1" in html
    assert "page=" not in html.split('data-export="xlsx"')[0].rsplit('href="', 1)[1]
    assert (
        clerk.get(reverse("seal_use_register"), {"year": "2024"}).content.decode().count("函件")
        == 0
    )


def test_an_export_longer_than_the_bound_asks_for_a_year__SEAL_LOG(office: Office, monkeypatch):
    from baomi.seals.queries import seals as queries

    _logged_uses(office, 6, 2025)
    monkeypatch.setattr(queries, "MAX_LINES", 5)
    refused = ApiClient(office.officer).get("/seals/register", format="xlsx")
    assert refused.status_code == 422 and refused.json()["field"] == "year"
    page = signed_in(office.clerk).get(reverse("seal_use_register"), {"format": "xlsx"})
    assert page.status_code == 400
    monkeypatch.setattr(queries, "MAX_LINES", 6)
    answer = ApiClient(office.officer).get("/seals/register", format="xlsx", year=2025)
    assert answer.status_code == 200 and answer.content
