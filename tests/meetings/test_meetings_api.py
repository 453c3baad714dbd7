"""The meetings' JSON routes (MEET-ATTEND, MEET-PHONES, MEET-SWEEP): a meeting walked from
planning to close with its next step; refusals 403 naming the rule, bad input 422 naming the
field, another's meeting 404."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from baomi.core.levels import Level
from tests.api.conftest import ApiClient


def _body(office, **kw):
    start = timezone.now() + datetime.timedelta(hours=1)
    body = {
        "title": "季度保密工作会",
        "level": Level.SECRET,
        "organiser_id": office.leader.person_id,
        "department_id": office.world.departments["office"].pk,
        "venue_id": office.room.pk,
        "starts_at": start.isoformat(),
        "ends_at": (start + datetime.timedelta(hours=2)).isoformat(),
    }
    body.update(kw)
    return body


def test_the_api_walks_a_meeting_from_planning_to_close(office):
    clerk, officer = ApiClient(office.clerk), ApiClient(office.officer)
    made = clerk.post("/meetings", _body(office))
    assert made.status_code == 201, made.content
    meeting = made.json()
    assert meeting["state"] == "planned" and meeting["next_step"] == "attendees"
    mid = meeting["id"]
    listed = clerk.post(f"/meetings/{mid}/attendees", {"person_id": office.important.pk})
    assert listed.status_code == 201 and len(listed.json()["attendees"]) == 1
    unready = clerk.post(f"/meetings/{mid}/open")
    assert unready.status_code == 403 and unready.json()["rule"] == "MEET-ATTEND"
    assert officer.post(f"/meetings/{mid}/approve").json()["next_step"] == "venue_check"
    for kind, findings in (("venue", "正常"), ("phones", "手机柜，10部")):
        answer = clerk.post(
            f"/meetings/{mid}/checks",
            {"kind": kind, "checked_by_id": office.officer.person_id, "findings": findings},
        )
        assert answer.status_code == 201, answer.content
    opened = clerk.post(f"/meetings/{mid}/open")
    assert opened.status_code == 200 and opened.json()["state"] == "open"
    stranger = clerk.post(f"/meetings/{mid}/sign-in", {"person_id": office.staff.person_id})
    assert stranger.status_code == 403 and stranger.json()["rule"] == "MEET-ATTEND"
    signed = clerk.post(f"/meetings/{mid}/sign-in", {"person_id": office.important.pk})
    assert signed.json()["attendees"][0]["signed_in_at"]
    assert clerk.post(f"/meetings/{mid}/end").json()["state"] == "ended"
    unswept = clerk.post(f"/meetings/{mid}/close")
    assert unswept.status_code == 403 and unswept.json()["rule"] == "MEET-SWEEP"
    clerk.post(
        f"/meetings/{mid}/checks",
        {"kind": "sweep", "checked_by_id": office.officer.person_id, "findings": "无遗留"},
    )
    closed = clerk.post(f"/meetings/{mid}/close")
    assert closed.json()["state"] == "closed" and closed.json()["next_step"] is None
    assert [m["id"] for m in clerk.get("/meetings", show="closed").json()] == [mid]


def test_a_venue_below_the_level_answers_403__MEET_ATTEND(office):
    answer = ApiClient(office.clerk).post("/meetings", _body(office, venue_id=office.small.pk))
    assert answer.status_code == 403 and answer.json()["rule"] == "MEET-ATTEND"


def test_opening_without_the_phones_answers_403__MEET_PHONES(office):
    meeting = office.meeting()
    clerk = ApiClient(office.clerk)
    clerk.post(f"/meetings/{meeting.pk}/attendees", {"person_id": office.important.pk})
    ApiClient(office.officer).post(f"/meetings/{meeting.pk}/approve")
    clerk.post(
        f"/meetings/{meeting.pk}/checks",
        {"kind": "venue", "checked_by_id": office.officer.person_id, "findings": "正常"},
    )
    answer = clerk.post(f"/meetings/{meeting.pk}/open")
    assert answer.status_code == 403 and answer.json()["rule"] == "MEET-PHONES"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"level": 1}, "level"),
        ({"title": ""}, "title"),
        ({"title": "x\u0000"}, "title"),
        ({"starts_at": "tomorrow"}, "starts_at"),
        ({"venue_id": 0}, "venue_id"),
        ({"ends_at": timezone.now().isoformat()}, "ends_at"),
    ],
)
def test_bad_input_answers_422_naming_the_field(office, change, field):
    answer = ApiClient(office.clerk).post("/meetings", _body(office, **change))
    assert answer.status_code == 422 and field in answer.text


def test_a_check_of_no_kind_and_blank_findings_answer_422(office):
    meeting = office.meeting()
    clerk = ApiClient(office.clerk)
    bad = clerk.post(
        f"/meetings/{meeting.pk}/checks",
        {"kind": "coffee", "checked_by_id": office.officer.person_id, "findings": "x"},
    )
    assert bad.status_code == 422 and "kind" in bad.text
    blank = clerk.post(
        f"/meetings/{meeting.pk}/checks",
        {"kind": "venue", "checked_by_id": office.officer.person_id, "findings": "   "},
    )
    assert blank.status_code == 422 and "findings" in blank.text


def test_a_meeting_one_may_not_know_answers_404(office):
    meeting = office.meeting()
    assert ApiClient(office.staff).get(f"/meetings/{meeting.pk}").status_code == 404
    assert ApiClient(office.staff).get(f"/meetings/{2**63}").status_code in (404, 422)


def test_self_approval_answers_403__MEET_ATTEND(office):
    officer = ApiClient(office.officer)
    made = officer.post("/meetings", _body(office)).json()
    officer.post(f"/meetings/{made['id']}/attendees", {"person_id": office.important.pk})
    answer = officer.post(f"/meetings/{made['id']}/approve")
    assert answer.status_code == 403 and answer.json()["rule"] == "MEET-ATTEND"
