"""The security committee's pages and routes (COMMITTEE): the year's meetings with "n of 2
held" and the missing one flagged, recording a meeting with its decisions through the form,
its page with each decision's state, the corrected record, the printed record, the register's
exports; the API with 403 naming COMMITTEE and 422 naming the field."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from baomi.access.roles import Role
from baomi.core.levels import Clearance
from baomi.org import operations as org
from baomi.org.models import StaffRole
from baomi.oversight.models import CommitteeMeeting, Rectification
from baomi.oversight.operations import committee as ops
from tests.api.conftest import ApiClient
from tests.factories import World, audit_events, xlsx_texts
from tests.web.conftest import signed_in


def today() -> datetime.date:
    return timezone.localdate()


@pytest.fixture
def officer(world):
    return world.account(Role.SECURITY_OFFICER, dept="office", clearance=Clearance.CORE)


@pytest.fixture
def chair(world):
    person = world.person(dept="root", rank="board", name="主任委员甲")
    org.appoint(actor=None, person_id=person.pk, role=StaffRole.COMMITTEE_CHAIR)
    return person


def due(days: int = 30) -> str:
    return (today() + datetime.timedelta(days=days)).isoformat()


def test_a_meeting_is_recorded_through_the_form__COMMITTEE(world, officer, chair):
    owner = world.person(dept="lab", name="责任人乙")
    client = signed_in(officer)
    page = client.get(reverse("committee")).content.decode()
    assert 'data-committee-held="0"' in page and "data-committee-missing" in page
    assert "主任委员甲" in page  # the picker, the committee first
    response = client.post(
        reverse("committee"),
        {
            "held_on": today().isoformat(),
            "agenda": "部署年度保密工作",
            "minutes": "会议记录正文",
            "attendee_ids": [chair.pk, owner.pk],
            "text_1": "开展涉密载体清查",
            "owner_1": owner.pk,
            "due_1": due(),
        },
    )
    assert response.status_code == 303, response.content
    meeting = CommitteeMeeting.objects.get()
    assert Rectification.objects.get(decision__meeting=meeting).owner_id == owner.pk
    shown = client.get(reverse("committee_meeting", args=[meeting.pk])).content.decode()
    assert "开展涉密载体清查" in shown and "data-member" in shown and 'data-state="open"' in shown
    listed = client.get(reverse("committee")).content.decode()
    assert 'data-committee-held="1"' in listed


def test_a_half_filled_decision_row_names_itself__COMMITTEE(world, officer, chair):
    client = signed_in(officer)
    response = client.post(
        reverse("committee"),
        {
            "held_on": today().isoformat(),
            "agenda": "议题",
            "attendee_ids": [chair.pk],
            "text_1": "只有内容",
        },
        follow=True,
    )
    assert not CommitteeMeeting.objects.exists()
    assert [str(m) for m in response.context["messages"]]


def test_the_form_refuses_a_meeting_without_the_committee__COMMITTEE(world, officer, chair):
    client = signed_in(officer)
    response = client.post(
        reverse("committee"),
        {
            "held_on": today().isoformat(),
            "agenda": "议题",
            "attendee_ids": [world.person().pk],
        },
        follow=True,
    )
    assert "COMMITTEE" in response.content.decode()
    assert not CommitteeMeeting.objects.exists()


def test_the_record_is_corrected_and_decisions_added_on_the_page__COMMITTEE(world, officer, chair):
    meeting = ops.record_meeting(
        actor=officer, held_on=today(), agenda="议题", attendee_ids=[chair.pk]
    )
    client = signed_in(officer)
    edited = client.post(
        reverse("committee_meeting_edit", args=[meeting.pk]),
        {
            "held_on": today().isoformat(),
            "agenda": "更正后的议题",
            "minutes": "补记",
            "attendee_ids": [chair.pk],
        },
    )
    assert edited.status_code == 303
    added = client.post(
        reverse("committee_meeting_decisions", args=[meeting.pk]),
        {"text_1": "修订保密制度", "owner_1": chair.pk, "due_1": due(60)},
    )
    assert added.status_code == 303
    meeting.refresh_from_db()
    assert meeting.agenda == "更正后的议题" and meeting.decisions.count() == 1


def test_the_printed_record_and_the_register__COMMITTEE(world, officer, chair):
    meeting = ops.record_meeting(
        actor=officer,
        held_on=today(),
        agenda="部署年度保密工作",
        attendee_ids=[chair.pk],
        decisions=[{"text": "开展清查", "owner_id": chair.pk, "due": today()}],
    )
    client = signed_in(officer)
    pdf = client.get(reverse("committee_meeting_pdf", args=[meeting.pk]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    xlsx = client.get(reverse("committee"), {"year": today().year, "format": "xlsx"})
    assert xlsx.status_code == 200
    texts = xlsx_texts(xlsx.content)
    assert "部署年度保密工作" in texts and "开展清查" in texts and "主任委员甲" in texts
    assert client.get(reverse("committee"), {"format": "pdf"}).content.startswith(b"%PDF")
    [event, *_rest] = audit_events("oversight.committee_register_exported")
    assert event["data"]["rules"] == ["COMMITTEE"] and event["data"]["year"] == today().year


def test_the_pages_show_what_one_may_know__COMMITTEE(world, officer, chair):
    meeting = ops.record_meeting(
        actor=officer, held_on=today(), agenda="议题", attendee_ids=[chair.pk]
    )
    staff = world.account(Role.STAFF)
    client = signed_in(staff)
    # Someone else sees only the meetings they attended, and records none.
    listed = client.get(reverse("committee")).content.decode()
    assert f'data-meeting="{meeting.pk}"' not in listed
    assert "data-committee-held" not in listed and "committee-record" not in listed
    assert client.get(reverse("committee_meeting", args=[meeting.pk])).status_code == 404
    assert client.post(reverse("committee"), {"agenda": "x"}).status_code in (302, 403)
    assert not CommitteeMeeting.objects.exclude(pk=meeting.pk).exists()
    stranger = World.build().account(Role.SECURITY_OFFICER, dept="office")
    other = signed_in(stranger)
    assert other.get(reverse("committee_meeting", args=[meeting.pk])).status_code == 404
    assert other.get(reverse("committee_meeting_pdf", args=[meeting.pk])).status_code == 404


# The API -----------------------------------------------------------------------------------


def body(attendees, **changes):
    return {
        "held_on": today().isoformat(),
        "agenda": "部署年度保密工作",
        "minutes": "记录",
        "attendee_ids": [p.pk for p in attendees],
        "decisions": [],
        **changes,
    }


def test_the_api_records_and_reads_a_meeting__COMMITTEE(world, officer, chair):
    client = ApiClient(officer)
    owner = world.person()
    answer = client.post(
        "/committee-meetings",
        body([chair], decisions=[{"text": "清查", "owner_id": owner.pk, "due": due()}]),
    )
    assert answer.status_code == 201, answer.content
    meeting = answer.json()
    assert meeting["attendees"][0]["member"] is True
    assert meeting["decisions"][0]["state"] == "open"
    assert meeting["decisions"][0]["rectification_id"]
    listed = client.get("/committee-meetings").json()
    assert listed["held"] == 1 and listed["wanted"] == 2 and listed["meetings"][0]["decisions"] == 1
    patched = client.call("PATCH", f"/committee-meetings/{meeting['id']}", {"agenda": "更正"})
    assert patched.status_code == 200 and patched.json()["agenda"] == "更正"
    added = client.post(
        f"/committee-meetings/{meeting['id']}/decisions",
        {"decisions": [{"text": "修订制度", "owner_id": owner.pk, "due": due(10)}]},
    )
    assert added.status_code == 201 and len(added.json()["decisions"]) == 2


def test_the_api_refuses_a_meeting_without_the_committee_naming_it__COMMITTEE(
    world, officer, chair
):
    answer = ApiClient(officer).post("/committee-meetings", body([world.person()]))
    assert answer.status_code == 403
    assert answer.json()["rule"] == "COMMITTEE"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"held_on": "2000-01-01"}, "held_on"),
        ({"held_on": "soon"}, "held_on"),
        ({"agenda": ""}, "agenda"),
        ({"agenda": "x" * 4001}, "agenda"),
        ({"minutes": "a\x00b"}, "minutes"),
        ({"attendee_ids": []}, "attendee_ids"),
        ({"attendee_ids": [0]}, "attendee_ids"),
        ({"decisions": [{"text": "x", "owner_id": 1, "due": "2000-01-01"}]}, "decisions"),
        ({"decisions": [{"text": "", "owner_id": 1, "due": "2030-01-01"}]}, "decisions"),
    ],
)
def test_bad_input_is_a_422_naming_the_field__COMMITTEE(world, officer, chair, changes, field):
    answer = ApiClient(officer).post("/committee-meetings", body([chair], **changes))
    assert answer.status_code == 422, answer.content
    assert field in answer.content.decode()


def test_the_api_answers_other_roles_and_organisations__COMMITTEE(world, officer, chair):
    meeting = ops.record_meeting(
        actor=officer, held_on=today(), agenda="议题", attendee_ids=[chair.pk]
    )
    staff = ApiClient(world.account(Role.STAFF))
    assert staff.post("/committee-meetings", body([chair])).status_code == 403
    assert staff.get(f"/committee-meetings/{meeting.pk}").status_code == 404
    # The chair (a leader) reads every meeting of the committee.
    leader = ApiClient(world.account(Role.LEADER, chair))
    assert leader.get(f"/committee-meetings/{meeting.pk}").status_code == 200
    stranger = ApiClient(World.build().account(Role.SECURITY_OFFICER, dept="office"))
    assert stranger.get(f"/committee-meetings/{meeting.pk}").status_code == 404
    assert (
        stranger.call("PATCH", f"/committee-meetings/{meeting.pk}", {"agenda": "x"}).status_code
        == 404
    )
