"""The meetings' pages (MEET-ATTEND, MEET-PHONES, MEET-SWEEP): the organisers' list and its
exports, a meeting's page with its next step and the actions of its phase, the picker greying
who may not attend with the reason, refused forms back with the rule, sign-in from the list,
"my meetings" on an attendee's home page, the printed sign-in sheet."""

from __future__ import annotations

import datetime
import re

from django.urls import reverse
from django.utils import timezone

from baomi.core.levels import Level
from baomi.meetings.models import Meeting, MeetingState
from baomi.meetings.operations import meetings as ops
from baomi.seams.registers import registers_for
from tests.factories import audit_events
from tests.web.conftest import signed_in


def test_the_list_shows_the_meetings_by_phase_to_the_organisers(office):
    planned = office.meeting(title="计划中的会议")
    cancelled = office.meeting(title="取消的会议")
    ops.cancel_meeting(actor=office.clerk, meeting_id=cancelled.pk)
    client = signed_in(office.clerk)
    page = client.get(reverse("meetings"))
    assert page.status_code == 200
    assert f'data-meeting="{planned.pk}"' in page.text and "计划中的会议" in page.text
    upcoming = client.get(reverse("meetings"), {"show": "upcoming"})
    assert f'data-meeting="{planned.pk}"' in upcoming.text
    assert f'data-meeting="{cancelled.pk}"' not in upcoming.text
    assert client.get(reverse("meetings"), {"show": "nonsense"}).status_code == 200


def test_the_list_is_the_organisers_only(office):
    assert signed_in(office.staff).get(reverse("meetings")).status_code == 403
    assert signed_in(office.leader).get(reverse("meetings")).status_code == 403


def test_planning_from_the_list_and_a_refused_venue_comes_back_marked__MEET_ATTEND(office):
    client = signed_in(office.clerk)
    day = timezone.localdate() + datetime.timedelta(days=10)
    body = {
        "refill": "meeting-create",
        "title": "年度保密工作会",
        "level": Level.SECRET,
        "organiser": office.leader.person_id,
        "department": office.world.departments["office"].pk,
        "venue": office.small.pk,
        "starts_at": f"{day:%Y-%m-%d}T09:00",
        "ends_at": f"{day:%Y-%m-%d}T11:00",
    }
    refused = client.post(reverse("meeting_create"), body)
    assert refused.status_code in (302, 303, 403)
    again = client.get(reverse("meetings"))
    assert "is-invalid" in again.text and "MEET-ATTEND" in again.text
    body["venue"] = office.room.pk
    made = client.post(reverse("meeting_create"), body)
    assert made.status_code == 303
    meeting = Meeting.objects.get(title="年度保密工作会")
    assert made["Location"] == reverse("meeting", args=[meeting.pk])


def test_the_meeting_page_greys_who_may_not_attend_with_the_reason__MEET_ATTEND(office):
    meeting = office.meeting()
    page = signed_in(office.clerk).get(reverse("meeting", args=[meeting.pk]))
    assert page.status_code == 200
    assert 'data-next-step="attendees"' in page.text
    greyed = re.search(rf'data-candidate="{office.general.pk}"\s+data-greyed', page.text)
    assert greyed, "the general person is greyed"
    assert "not cleared for this level" in page.text or "未" in page.text
    allowed = re.search(rf'data-candidate="{office.important.pk}"(\s+data-greyed)?', page.text)
    assert allowed and not allowed.group(1)


def test_the_meeting_day_on_the_page(office):
    meeting = office.meeting()
    clerk = signed_in(office.clerk)
    answer = clerk.post(
        reverse("meeting_attendee_add", args=[meeting.pk]), {"person": office.important.pk}
    )
    assert answer.status_code == 303
    officer = signed_in(office.officer)
    assert officer.post(reverse("meeting_approve", args=[meeting.pk])).status_code == 303
    for kind in ("venue", "phones"):
        answer = clerk.post(
            reverse("meeting_check", args=[meeting.pk, kind]),
            {"checked_by": office.officer.person_id, "findings": "正常"},
        )
        assert answer.status_code == 303
    assert clerk.post(reverse("meeting_open", args=[meeting.pk])).status_code == 303
    page = clerk.get(reverse("meeting", args=[meeting.pk]))
    assert 'data-action="sign-in"' in page.text
    attendee = meeting.attendees.get()
    signed = clerk.post(reverse("meeting_sign_in", args=[meeting.pk, attendee.pk]))
    assert signed.status_code == 303
    assert 'data-signed="yes"' in clerk.get(reverse("meeting", args=[meeting.pk])).text
    assert clerk.post(reverse("meeting_end", args=[meeting.pk])).status_code == 303
    clerk.post(
        reverse("meeting_check", args=[meeting.pk, "sweep"]),
        {"checked_by": office.officer.person_id, "findings": "无遗留"},
    )
    assert clerk.post(reverse("meeting_close", args=[meeting.pk])).status_code == 303
    assert Meeting.objects.get(pk=meeting.pk).state == MeetingState.CLOSED


def test_opening_unready_is_refused_on_the_page__MEET_ATTEND(office):
    meeting = office.meeting()
    client = signed_in(office.clerk)
    answer = client.post(reverse("meeting_open", args=[meeting.pk]), follow=True)
    assert "MEET-ATTEND" in answer.text
    assert Meeting.objects.get(pk=meeting.pk).state == MeetingState.PLANNED


def test_an_attendee_sees_the_meeting_and_it_is_on_their_home_page(office):
    meeting = office.meeting(title="我要参加的会")
    ops.add_attendee(actor=office.clerk, meeting_id=meeting.pk, person_id=office.staff.person_id)
    client = signed_in(office.staff)
    assert client.get(reverse("meeting", args=[meeting.pk])).status_code == 200
    home = client.get(reverse("home"))
    assert f'data-my-meeting="{meeting.pk}"' in home.text
    # Not the organisers' actions.
    assert 'data-form="attendee-add"' not in client.get(reverse("meeting", args=[meeting.pk])).text


def test_someone_not_on_the_list_does_not_find_the_meeting(office, world):
    meeting = office.meeting()
    from baomi.access.roles import Role
    from baomi.core.levels import Clearance

    other = world.account(Role.STAFF, clearance=Clearance.CORE)
    assert signed_in(other).get(reverse("meeting", args=[meeting.pk])).status_code == 404


def test_the_sign_in_sheet_is_a_pdf_with_nothing_external_and_recorded__MEET_ATTEND(office):
    meeting = office.meeting()
    ops.add_attendee(actor=office.clerk, meeting_id=meeting.pk, person_id=office.important.pk)
    answer = signed_in(office.clerk).get(reverse("meeting_sheet", args=[meeting.pk]))
    assert answer.status_code == 200 and answer["Content-Type"] == "application/pdf"
    content = answer.content
    assert content.startswith(b"%PDF")
    for external in (b"http://", b"https://", b"/URI", b"/Launch", b"/JavaScript"):
        assert external not in content
    (event,) = audit_events("meetings.sign_in_sheet_printed")
    assert event["data"]["form"] == "sign_in_sheet"


def test_the_register_is_exported_and_listed_for_the_organisers(office):
    office.meeting()
    client = signed_in(office.clerk)
    for file_format in ("xlsx", "pdf"):
        answer = client.get(reverse("meetings"), {"format": file_format})
        assert answer.status_code == 200 and answer.content
    assert audit_events("meetings.register_exported")
    assert "meetings" in {e.key for e in registers_for(office.clerk)}
    assert "meetings" not in {e.key for e in registers_for(office.staff)}
    assert client.get(reverse("meetings"), {"format": "doc"}).status_code == 400
