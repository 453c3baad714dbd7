"""Meeting minutes (MEET-MINUTES): recorded once the meeting opened, kept by a person cleared
for its level; every reading — the keeper's too — needs the office director's approval, used
up by the reading and logged; nobody approves their own reading; the text only through the
reading (a POST on the page, never a GET)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from baomi.access.roles import Role
from baomi.approvals import operations as approvals
from baomi.core.errors import Conflict, InvalidInput, NotFound, RuleViolation
from baomi.core.levels import Clearance
from baomi.meetings.models import MinutesReading
from baomi.meetings.operations import minutes as ops
from baomi.meetings.queries import minutes as queries
from baomi.org import operations as org
from tests.api.conftest import ApiClient
from tests.factories import audit_events

BODY = "一、会议议定事项\n二、下一步工作安排"


def refused(rule_id, call, **kw):
    with pytest.raises(RuleViolation) as exc:
        call(**kw)
    assert exc.value.rule_id == rule_id, exc.value
    return exc.value


@pytest.fixture
def director(office):
    """The head of the general office (办公室主任), who approves readings."""
    account = office.world.account(
        Role.LEADER, dept="office", rank="director", clearance=Clearance.CORE, name="李主任"
    )
    org.set_department_leaders(
        actor=None,
        department_id=office.world.departments["office"].pk,
        head_id=account.person_id,
        leader_in_charge_id=office.leader.person_id,
    )
    return account


@pytest.fixture
def minutes(office, director):
    meeting = office.opened()
    return ops.record_minutes(
        actor=office.clerk, meeting_id=meeting.pk, custodian_id=office.clerk.person_id, body=BODY
    )


def test_minutes_are_recorded_once_the_meeting_opened__MEET_MINUTES(office, director):
    planned = office.meeting()
    refused(
        "MEET-MINUTES",
        ops.record_minutes,
        actor=office.clerk,
        meeting_id=planned.pk,
        custodian_id=office.clerk.person_id,
        body=BODY,
    )
    meeting = office.opened()
    found = ops.record_minutes(
        actor=office.clerk, meeting_id=meeting.pk, custodian_id=office.clerk.person_id, body=BODY
    )
    assert found.body == BODY and found.custodian_id == office.clerk.person_id
    (event,) = audit_events("meetings.minutes_recorded")
    assert "body" not in event["data"] and event["data"]["rules"] == ["MEET-MINUTES"]
    with pytest.raises(Conflict):
        ops.record_minutes(
            actor=office.clerk,
            meeting_id=meeting.pk,
            custodian_id=office.clerk.person_id,
            body=BODY,
        )


def test_the_keeper_is_cleared_for_the_level__CLS_MAC(office):
    meeting = office.opened()
    refused(
        "CLS-MAC",
        ops.record_minutes,
        actor=office.clerk,
        meeting_id=meeting.pk,
        custodian_id=office.general.pk,
        body=BODY,
    )


def test_the_body_is_bounded_text(office):
    meeting = office.opened()
    for body, field in (("", "body"), ("x" * 20001, "body"), ("a\x00b", "body")):
        with pytest.raises(InvalidInput) as exc:
            ops.record_minutes(
                actor=office.clerk,
                meeting_id=meeting.pk,
                custodian_id=office.clerk.person_id,
                body=body,
            )
        assert exc.value.field == field
    with pytest.raises(Exception):
        ops.record_minutes(
            actor=office.staff,
            meeting_id=meeting.pk,
            custodian_id=office.clerk.person_id,
            body=BODY,
        )


def test_reading_without_approval_is_refused__MEET_MINUTES(office, minutes):
    refused("MEET-MINUTES", ops.read_minutes, actor=office.clerk, minutes_id=minutes.pk)
    assert not MinutesReading.objects.exists()


def test_a_reading_uses_the_office_directors_approval_once__MEET_MINUTES(office, director, minutes):
    request = ops.request_reading(actor=office.clerk, minutes_id=minutes.pk, reason="整理纪要")
    (step,) = request.steps.all()
    assert (step.approver_kind, step.approver_id) == ("office_director", director.person_id)
    state = queries.reading_state(office.clerk, minutes)
    assert state.pending is not None and not state.granted and not state.may_ask
    approvals.decide(actor=director, request_id=request.pk, approve=True)
    assert queries.reading_state(office.clerk, minutes).granted
    assert ops.read_minutes(actor=office.clerk, minutes_id=minutes.pk) == BODY
    (reading,) = queries.readings(office.clerk, minutes)
    assert (reading.reader_id, reading.approval_id) == (office.clerk.person_id, request.pk)
    assert audit_events("meetings.minutes_read")[-1]["data"]["approval"] == request.pk
    # Used up: a second reading needs a second approval.
    refused("MEET-MINUTES", ops.read_minutes, actor=office.clerk, minutes_id=minutes.pk)


def test_an_approval_covers_only_its_reader__MEET_MINUTES(office, director, minutes):
    request = ops.request_reading(actor=office.clerk, minutes_id=minutes.pk)
    approvals.decide(actor=director, request_id=request.pk, approve=True)
    # The officer may know the meeting (an organiser) but was not approved to read.
    refused("MEET-MINUTES", ops.read_minutes, actor=office.officer, minutes_id=minutes.pk)


def test_nobody_approves_their_own_reading__MEET_MINUTES(office, director, minutes):
    # The office director may know the meeting when listed; asking to read, they would be
    # their own approver: refused.
    from baomi.meetings.models import Attendee

    Attendee.objects.create(meeting=minutes.meeting, person=director.person, added_by=office.clerk)
    refused("MEET-MINUTES", ops.request_reading, actor=director, minutes_id=minutes.pk)


def test_a_reader_not_cleared_for_the_level_is_refused__CLS_MAC(office, director, minutes):
    from baomi.meetings.models import Attendee
    from baomi.org.models import Person

    reader = office.world.account(Role.STAFF, clearance=Clearance.IMPORTANT)
    Attendee.objects.create(meeting=minutes.meeting, person=reader.person, added_by=office.clerk)
    request = ops.request_reading(actor=reader, minutes_id=minutes.pk)
    approvals.decide(actor=director, request_id=request.pk, approve=True)
    Person.objects.filter(pk=reader.person_id).update(clearance=Clearance.GENERAL)
    reader.person.refresh_from_db()
    # No longer cleared for the meeting: the meeting (and its minutes) are not theirs to know.
    with pytest.raises((NotFound, RuleViolation)):
        ops.read_minutes(actor=reader, minutes_id=minutes.pk)


def test_someone_who_may_not_know_the_meeting_finds_no_minutes(office, director, minutes):
    stranger = office.world.account(Role.STAFF, clearance=Clearance.CORE)
    with pytest.raises(NotFound):
        ops.request_reading(actor=stranger, minutes_id=minutes.pk)
    with pytest.raises(NotFound):
        ops.read_minutes(actor=stranger, minutes_id=minutes.pk)


def test_the_page_shows_the_text_only_in_answer_to_the_reading(office, director, minutes):
    client = Client()
    client.force_login(office.clerk)
    page = client.get(reverse("meeting", args=[minutes.meeting_id]))
    html = page.content.decode()
    assert page.status_code == 200 and "二、下一步工作安排" not in html
    assert 'data-form="minutes-ask"' in html
    assert client.get(reverse("meeting_minutes_read", args=[minutes.pk])).status_code == 405
    asked = client.post(reverse("meeting_minutes_ask", args=[minutes.pk]), {"reason": "查阅"})
    assert asked.status_code in (302, 303)
    request = approvals_pending(minutes)
    approvals.decide(actor=director, request_id=request.pk, approve=True)
    assert (
        'data-action="read-minutes"'
        in client.get(reverse("meeting", args=[minutes.meeting_id])).content.decode()
    )
    read = client.post(reverse("meeting_minutes_read", args=[minutes.pk]))
    assert read.status_code == 200 and "下一步工作安排" in read.content.decode()
    assert "no-store" in read["Cache-Control"]
    again = client.post(reverse("meeting_minutes_read", args=[minutes.pk]))
    assert "下一步工作安排" not in again.content.decode()


def approvals_pending(minutes):
    from baomi.approvals.models import ApprovalRequest

    return ApprovalRequest.objects.filter(
        operation=ops.OPERATION, subject_id=str(minutes.pk)
    ).latest("pk")


def test_the_api_records_asks_and_reads__MEET_MINUTES(office, director):
    meeting = office.opened()
    api = ApiClient(office.clerk)
    made = api.post(
        f"/meetings/{meeting.pk}/minutes",
        {"custodian_id": office.clerk.person_id, "body": BODY},
    )
    assert made.status_code == 201 and "body" not in made.json()
    minutes_pk = made.json()["id"]
    denied = api.post(f"/minutes/{minutes_pk}/read", {})
    assert denied.status_code == 403 and denied.json()["rule"] == "MEET-MINUTES"
    asked = api.post(f"/minutes/{minutes_pk}/reading-requests", {"reason": "核对"})
    assert asked.status_code == 201
    approvals.decide(actor=director, request_id=asked.json()["id"], approve=True)
    read = api.post(f"/minutes/{minutes_pk}/read", {})
    assert read.status_code == 200 and read.json()["body"] == BODY
    shown = api.get(f"/meetings/{meeting.pk}/minutes")
    assert shown.status_code == 200 and len(shown.json()["readings"]) == 1
    assert "body" not in shown.json()
    too_long = api.post(
        f"/meetings/{meeting.pk}/minutes",
        {"custodian_id": office.clerk.person_id, "body": "x" * 20001},
    )
    assert too_long.status_code in (409, 422)
    assert api.post("/minutes/999999/read", {}).status_code == 404
