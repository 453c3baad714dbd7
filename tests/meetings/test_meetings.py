"""Classified meetings (MEET-ATTEND, MEET-PHONES, MEET-SWEEP, and MEET-DOCS at the end and the
close): the meeting and its venue, the attendee list and its approval by someone who did not
draw it up, the checks before opening, sign-in at the door, the end, the sweep and the close."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from baomi.access.roles import Role
from baomi.areas.models import SecureArea
from baomi.core.errors import AccessDenied, Conflict, InvalidInput, NotFound, RuleViolation
from baomi.core.levels import Clearance, Level
from baomi.meetings.models import Attendee, CheckKind, Meeting, MeetingPaper, MeetingState
from baomi.meetings.operations import meetings as ops
from baomi.meetings.queries import meetings as queries
from baomi.org import operations as org
from baomi.org.models import Employment, Person
from tests.factories import World, audit_events


def rule_of(excinfo) -> str:
    return excinfo.value.rule_id


# The meeting --------------------------------------------------------------------------------


def test_a_meeting_is_planned_with_its_level_venue_and_time__MEET_ATTEND(office):
    meeting = office.meeting()
    assert meeting.state == MeetingState.PLANNED and meeting.level == Level.SECRET
    assert meeting.venue_id == office.room.pk and meeting.created_by_id == office.clerk.pk
    (event,) = audit_events("meetings.created")
    assert event["data"]["rules"] == ["MEET-ATTEND"]


def test_a_venue_below_the_meetings_level_is_refused__MEET_ATTEND(office):
    with pytest.raises(RuleViolation) as excinfo:
        office.meeting(venue_id=office.small.pk)
    assert rule_of(excinfo) == "MEET-ATTEND" and "小会议室" in excinfo.value.message


def test_a_venue_not_in_use_is_refused__MEET_ATTEND(office):
    SecureArea.objects.filter(pk=office.room.pk).update(active=False)
    with pytest.raises(RuleViolation) as excinfo:
        office.meeting()
    assert rule_of(excinfo) == "MEET-ATTEND"


def test_another_organisations_venue_is_not_found(office):
    other = World.build()
    area = SecureArea.objects.create(
        organisation=other.organisation,
        name="外单位会议室",
        kind="meeting_room",
        level=Level.TOP_SECRET,
        department=other.departments["office"],
        keeper=other.person(),
    )
    with pytest.raises(NotFound):
        office.meeting(venue_id=area.pk)


def test_an_organiser_not_cleared_for_the_level_is_refused__MEET_ATTEND(office):
    with pytest.raises(RuleViolation) as excinfo:
        office.meeting(organiser_id=office.general.pk)
    assert rule_of(excinfo) == "MEET-ATTEND" and office.general.name in excinfo.value.message


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"level": Level.INTERNAL}, "level"),
        ({"level": 9}, "level"),
        ({"title": ""}, "title"),
        ({"ends_at": timezone.now()}, "ends_at"),
        ({"starts_at": timezone.now() - datetime.timedelta(days=90)}, "starts_at"),
        ({"starts_at": datetime.datetime(2030, 1, 1)}, "starts_at"),
    ],
)
def test_bad_input_names_the_field(office, change, field):
    with pytest.raises(InvalidInput) as excinfo:
        office.meeting(**change)
    assert excinfo.value.field == field


def test_only_the_organisers_plan_meetings(office):
    with pytest.raises(AccessDenied):
        office.meeting(actor=office.staff)
    with pytest.raises(AccessDenied):
        office.meeting(actor=office.leader)


def test_a_planned_meeting_is_edited_and_cancelled_and_nothing_after(office):
    meeting = office.meeting()
    ops.edit_meeting(actor=office.clerk, meeting_id=meeting.pk, title="新标题")
    assert Meeting.objects.get(pk=meeting.pk).title == "新标题"
    ops.cancel_meeting(actor=office.clerk, meeting_id=meeting.pk)
    with pytest.raises(Conflict):
        ops.edit_meeting(actor=office.clerk, meeting_id=meeting.pk, title="再改")
    with pytest.raises(Conflict):
        ops.add_attendee(actor=office.clerk, meeting_id=meeting.pk, person_id=office.important.pk)


def test_raising_the_level_above_a_listed_persons_clearance_is_refused__MEET_ATTEND(office):
    meeting = office.meeting(level=Level.CONFIDENTIAL)
    ops.add_attendee(actor=office.clerk, meeting_id=meeting.pk, person_id=office.general.pk)
    with pytest.raises(RuleViolation) as excinfo:
        ops.edit_meeting(actor=office.clerk, meeting_id=meeting.pk, level=Level.SECRET)
    assert rule_of(excinfo) == "MEET-ATTEND" and office.general.name in excinfo.value.message


# The list -----------------------------------------------------------------------------------


def test_a_person_not_cleared_for_the_level_is_refused_by_name__MEET_ATTEND(office):
    meeting = office.meeting()
    for person in (office.general, office.uncleared):
        with pytest.raises(RuleViolation) as excinfo:
            ops.add_attendee(actor=office.clerk, meeting_id=meeting.pk, person_id=person.pk)
        assert rule_of(excinfo) == "MEET-ATTEND" and person.name in excinfo.value.message
    assert not meeting.attendees.exists()


def test_a_person_who_has_left_is_refused__MEET_ATTEND(office):
    meeting = office.meeting()
    Person.objects.filter(pk=office.important.pk).update(employment=Employment.LEFT)
    with pytest.raises(RuleViolation) as excinfo:
        ops.add_attendee(actor=office.clerk, meeting_id=meeting.pk, person_id=office.important.pk)
    assert rule_of(excinfo) == "MEET-ATTEND"


def test_someone_of_another_organisation_is_not_found(office):
    meeting = office.meeting()
    stranger = World.build().person(clearance=Clearance.CORE)
    with pytest.raises(NotFound):
        ops.add_attendee(actor=office.clerk, meeting_id=meeting.pk, person_id=stranger.pk)


def test_a_name_is_listed_once(office):
    meeting = office.meeting()
    ops.add_attendee(actor=office.clerk, meeting_id=meeting.pk, person_id=office.important.pk)
    with pytest.raises(Conflict):
        ops.add_attendee(actor=office.clerk, meeting_id=meeting.pk, person_id=office.important.pk)


def test_a_visitor_of_today_sits_in_and_one_of_another_day_is_refused__MEET_ATTEND(office):
    meeting = office.meeting()
    today = office.visitor()
    attendee = ops.add_attendee(actor=office.clerk, meeting_id=meeting.pk, visitor_id=today.pk)
    assert attendee.visitor_id == today.pk and attendee.person_id is None
    yesterday = office.visitor(
        name="昨日来访", arrived_at=timezone.now() - datetime.timedelta(days=1)
    )
    with pytest.raises(RuleViolation) as excinfo:
        ops.add_attendee(actor=office.clerk, meeting_id=meeting.pk, visitor_id=yesterday.pk)
    assert rule_of(excinfo) == "MEET-ATTEND" and "昨日来访" in excinfo.value.message
    gone = office.visitor(name="已离开", left_at=timezone.now())
    with pytest.raises(RuleViolation):
        ops.add_attendee(actor=office.clerk, meeting_id=meeting.pk, visitor_id=gone.pk)


def test_one_entrant_exactly(office):
    meeting = office.meeting()
    with pytest.raises(InvalidInput) as excinfo:
        ops.add_attendee(actor=office.clerk, meeting_id=meeting.pk)
    assert excinfo.value.field == "person_id"


def test_the_list_is_approved_by_someone_who_did_not_draw_it_up__MEET_ATTEND(office):
    meeting = office.meeting()
    ops.add_attendee(actor=office.clerk, meeting_id=meeting.pk, person_id=office.important.pk)
    approved = ops.approve_list(actor=office.officer, meeting_id=meeting.pk)
    assert approved.list_approved_by_id == office.officer.person_id
    assert approved.list_approved_at is not None


def test_nobody_approves_a_list_they_drew_up__MEET_ATTEND(office):
    meeting = office.meeting(actor=office.officer)
    ops.add_attendee(actor=office.officer, meeting_id=meeting.pk, person_id=office.important.pk)
    with pytest.raises(RuleViolation) as excinfo:
        ops.approve_list(actor=office.officer, meeting_id=meeting.pk)
    assert rule_of(excinfo) == "MEET-ATTEND"
    assert Meeting.objects.get(pk=meeting.pk).list_approved_at is None


def test_an_empty_list_is_not_approved__MEET_ATTEND(office):
    meeting = office.meeting()
    with pytest.raises(RuleViolation) as excinfo:
        ops.approve_list(actor=office.officer, meeting_id=meeting.pk)
    assert rule_of(excinfo) == "MEET-ATTEND"


def test_the_clerk_does_not_approve(office):
    meeting = office.meeting(actor=office.officer)
    ops.add_attendee(actor=office.officer, meeting_id=meeting.pk, person_id=office.important.pk)
    with pytest.raises(AccessDenied):
        ops.approve_list(actor=office.clerk, meeting_id=meeting.pk)


def test_a_leader_approves_a_list_of_a_meeting_they_organise__MEET_ATTEND(office):
    meeting = office.meeting()
    ops.add_attendee(actor=office.clerk, meeting_id=meeting.pk, person_id=office.important.pk)
    approved = ops.approve_list(actor=office.leader, meeting_id=meeting.pk)
    assert approved.list_approved_by_id == office.leader.person_id


def test_changing_the_list_after_approval_withdraws_it__MEET_ATTEND(office):
    meeting = office.ready(office.meeting())
    assert meeting.list_approved_at is not None
    attendee = ops.add_attendee(
        actor=office.clerk, meeting_id=meeting.pk, person_id=office.staff.person_id
    )
    assert Meeting.objects.get(pk=meeting.pk).list_approved_at is None
    ops.approve_list(actor=office.officer, meeting_id=meeting.pk)
    ops.remove_attendee(actor=office.clerk, meeting_id=meeting.pk, attendee_id=attendee.pk)
    again = Meeting.objects.get(pk=meeting.pk)
    assert again.list_approved_at is None and again.list_approved_by_id is None
    assert audit_events("meetings.attendee_removed")[-1]["data"]["approval_withdrawn"] is True


# Checks and opening --------------------------------------------------------------------------


def test_opening_without_an_approved_list_is_refused__MEET_ATTEND(office):
    meeting = office.meeting()
    ops.add_attendee(actor=office.clerk, meeting_id=meeting.pk, person_id=office.important.pk)
    office.check(meeting, CheckKind.VENUE, "正常")
    office.check(meeting, CheckKind.PHONES, "手机柜")
    with pytest.raises(RuleViolation) as excinfo:
        ops.open_meeting(actor=office.clerk, meeting_id=meeting.pk)
    assert rule_of(excinfo) == "MEET-ATTEND" and "名单尚未审批" in excinfo.value.message


def test_opening_without_the_venue_check_is_refused__MEET_ATTEND(office):
    meeting = office.meeting()
    ops.add_attendee(actor=office.clerk, meeting_id=meeting.pk, person_id=office.important.pk)
    ops.approve_list(actor=office.officer, meeting_id=meeting.pk)
    office.check(meeting, CheckKind.PHONES, "手机柜")
    with pytest.raises(RuleViolation) as excinfo:
        ops.open_meeting(actor=office.clerk, meeting_id=meeting.pk)
    assert rule_of(excinfo) == "MEET-ATTEND" and "会场保密检查" in excinfo.value.message


def test_opening_without_the_phones_collected_is_refused__MEET_PHONES(office):
    meeting = office.meeting()
    ops.add_attendee(actor=office.clerk, meeting_id=meeting.pk, person_id=office.important.pk)
    ops.approve_list(actor=office.officer, meeting_id=meeting.pk)
    office.check(meeting, CheckKind.VENUE, "正常")
    with pytest.raises(RuleViolation) as excinfo:
        ops.open_meeting(actor=office.clerk, meeting_id=meeting.pk)
    assert rule_of(excinfo) == "MEET-PHONES"


def test_a_meeting_opens_on_its_day_not_before(office):
    start = timezone.now() + datetime.timedelta(days=3)
    meeting = office.ready(
        office.meeting(starts_at=start, ends_at=start + datetime.timedelta(hours=1))
    )
    with pytest.raises(Conflict):
        ops.open_meeting(actor=office.clerk, meeting_id=meeting.pk)


def test_a_check_is_recorded_once_with_its_findings(office):
    meeting = office.meeting()
    check = office.check(meeting, CheckKind.PHONES, "手机8部，存放于门外手机柜")
    assert check.checked_by_id == office.officer.person_id
    with pytest.raises(Conflict):
        office.check(meeting, CheckKind.PHONES)
    with pytest.raises(InvalidInput) as excinfo:
        office.check(meeting, CheckKind.VENUE, "  ")
    assert excinfo.value.field == "findings"
    with pytest.raises(InvalidInput) as excinfo:
        office.check(meeting, "bogus")
    assert excinfo.value.field == "kind"


def test_a_sweep_before_the_end_is_out_of_order__MEET_SWEEP(office):
    meeting = office.opened()
    with pytest.raises(Conflict):
        office.check(meeting, CheckKind.SWEEP)


# Sign-in -------------------------------------------------------------------------------------


def test_an_attendee_signs_in_once(office):
    meeting = office.opened()
    attendee = ops.sign_in(actor=office.clerk, meeting_id=meeting.pk, person_id=office.important.pk)
    assert attendee.signed_in_at is not None
    with pytest.raises(Conflict):
        ops.sign_in(actor=office.clerk, meeting_id=meeting.pk, person_id=office.important.pk)


def test_someone_off_the_list_is_refused_even_if_cleared__MEET_ATTEND(office):
    meeting = office.opened()
    with pytest.raises(RuleViolation) as excinfo:
        ops.sign_in(actor=office.clerk, meeting_id=meeting.pk, person_id=office.staff.person_id)
    assert rule_of(excinfo) == "MEET-ATTEND"
    assert office.staff.person.name in excinfo.value.message
    assert "不在已审批的名单中" in excinfo.value.message


def test_an_attendee_whose_clearance_was_lowered_is_refused__MEET_ATTEND(office):
    meeting = office.opened()
    org.set_clearance(actor=None, person_id=office.important.pk, clearance=Clearance.GENERAL)
    with pytest.raises(RuleViolation) as excinfo:
        ops.sign_in(actor=office.clerk, meeting_id=meeting.pk, person_id=office.important.pk)
    assert rule_of(excinfo) == "MEET-ATTEND"


def test_sign_in_only_while_open(office):
    meeting = office.ready(office.meeting())
    with pytest.raises(Conflict):
        ops.sign_in(actor=office.clerk, meeting_id=meeting.pk, person_id=office.important.pk)


def test_a_visitor_on_the_list_signs_in(office):
    meeting = office.meeting()
    visitor = office.visitor()
    ops.add_attendee(actor=office.clerk, meeting_id=meeting.pk, visitor_id=visitor.pk)
    office.ready(meeting)
    ops.open_meeting(actor=office.clerk, meeting_id=meeting.pk)
    attendee = ops.sign_in(actor=office.clerk, meeting_id=meeting.pk, visitor_id=visitor.pk)
    assert attendee.signed_in_at is not None


# End, sweep, close ---------------------------------------------------------------------------


def _paper(meeting: Meeting, office, *, at_once: bool) -> MeetingPaper:
    """A paper handed out, written straight to the database (a fixture of the test)."""
    from tests.carriers.conftest import build_office

    papers_office = getattr(office, "_papers", None) or build_office(office.world)
    office._papers = papers_office
    entry = papers_office.incoming(level=Level.SECRET)
    copy = papers_office.copies(entry)[0]
    attendee = Attendee.objects.get(meeting=meeting, person=office.important)
    return MeetingPaper.objects.create(
        meeting=meeting,
        copy=copy,
        attendee=attendee,
        collect_at_once=at_once,
        handed_at=timezone.now(),
        handed_by=office.clerk,
    )


def test_the_meeting_does_not_end_while_a_top_secret_paper_is_out__MEET_DOCS(office):
    meeting = office.opened()
    paper = _paper(meeting, office, at_once=True)
    with pytest.raises(RuleViolation) as excinfo:
        ops.end_meeting(actor=office.clerk, meeting_id=meeting.pk)
    assert rule_of(excinfo) == "MEET-DOCS"
    assert paper.copy.document.number in excinfo.value.message
    assert "第001份" in excinfo.value.message or "份" in excinfo.value.message
    assert office.important.name in excinfo.value.message
    MeetingPaper.objects.filter(pk=paper.pk).update(handled_at=timezone.now(), handling="collected")
    assert ops.end_meeting(actor=office.clerk, meeting_id=meeting.pk).state == MeetingState.ENDED


def test_the_meeting_does_not_close_unswept__MEET_SWEEP(office):
    meeting = office.opened()
    ops.end_meeting(actor=office.clerk, meeting_id=meeting.pk)
    with pytest.raises(RuleViolation) as excinfo:
        ops.close_meeting(actor=office.clerk, meeting_id=meeting.pk)
    assert rule_of(excinfo) == "MEET-SWEEP"
    office.check(meeting, CheckKind.SWEEP, "无遗留")
    closed = ops.close_meeting(actor=office.clerk, meeting_id=meeting.pk)
    assert closed.state == MeetingState.CLOSED and closed.closed_at is not None


def test_the_meeting_does_not_close_with_a_paper_unaccounted__MEET_DOCS(office):
    meeting = office.opened()
    paper = _paper(meeting, office, at_once=False)
    ops.end_meeting(actor=office.clerk, meeting_id=meeting.pk)
    office.check(meeting, CheckKind.SWEEP, "无遗留")
    with pytest.raises(RuleViolation) as excinfo:
        ops.close_meeting(actor=office.clerk, meeting_id=meeting.pk)
    assert rule_of(excinfo) == "MEET-DOCS"
    assert paper.copy.document.number in excinfo.value.message


def test_the_next_steps_follow_the_meeting(office):
    meeting = office.meeting()
    assert queries.progress(meeting).next_step == "attendees"
    meeting = office.ready(meeting)
    assert queries.next_steps(meeting) == ["open"]
    ops.open_meeting(actor=office.clerk, meeting_id=meeting.pk)
    meeting.refresh_from_db()
    assert queries.next_steps(meeting) == ["sign_in", "end"]
    ops.end_meeting(actor=office.clerk, meeting_id=meeting.pk)
    meeting.refresh_from_db()
    assert queries.next_steps(meeting) == ["sweep", "close"]


def test_a_meeting_above_ones_clearance_is_not_found(office, world):
    meeting = office.meeting(
        level=Level.TOP_SECRET,
        organiser_id=office.leader.person_id,
        venue_id=SecureArea.objects.create(
            organisation=world.organisation,
            name="绝密会议室",
            kind="meeting_room",
            level=Level.TOP_SECRET,
            department=world.departments["office"],
            keeper=office.officer.person,
        ).pk,
    )
    low = world.account(Role.CLERK, dept="office", clearance=Clearance.IMPORTANT)
    with pytest.raises(NotFound):
        ops.cancel_meeting(actor=low, meeting_id=meeting.pk)
