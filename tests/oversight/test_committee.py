"""The security committee's meetings (COMMITTEE): recorded with their agenda, record,
attendees and decisions, each decision opening its rectification task; a meeting without its
chair or a member present refused; the year's missing meetings flagged through the deadline
seam."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from baomi.access.roles import Role
from baomi.core.errors import AccessDenied, InvalidInput, NotFound, RuleViolation
from baomi.core.levels import Clearance
from baomi.org import operations as org
from baomi.org.models import StaffRole
from baomi.oversight.deadlines import committee as deadline
from baomi.oversight.models import CommitteeMeeting, Rectification, RectificationState
from baomi.oversight.operations import committee as ops
from baomi.oversight.queries import committee as queries
from baomi.seams.deadlines import State
from tests.factories import World, audit_events


def today() -> datetime.date:
    return timezone.localdate()


@pytest.fixture
def officer(world):
    return world.account(Role.SECURITY_OFFICER, dept="office", clearance=Clearance.CORE)


@pytest.fixture
def chair(world):
    person = world.person(dept="root", rank="board")
    org.appoint(actor=None, person_id=person.pk, role=StaffRole.COMMITTEE_CHAIR)
    return person


@pytest.fixture
def member(world):
    person = world.person(dept="tech")
    org.appoint(actor=None, person_id=person.pk, role=StaffRole.COMMITTEE_MEMBER)
    return person


def record(officer, attendees, *, held_on=None, decisions=None, agenda="年度保密工作部署"):
    return ops.record_meeting(
        actor=officer,
        held_on=held_on or today(),
        agenda=agenda,
        minutes="会议听取了保密办公室的工作汇报。",
        attendee_ids=[p.pk for p in attendees],
        decisions=decisions,
    )


def decision(owner, *, text="开展涉密载体清查", days=30):
    return {"text": text, "owner_id": owner.pk, "due": today() + datetime.timedelta(days=days)}


def test_a_meeting_is_recorded_and_its_decisions_tracked__COMMITTEE(world, officer, chair):
    guest = world.person(dept="lab")
    m = record(officer, [chair, guest], decisions=[decision(guest), decision(chair, days=60)])
    assert set(m.attendees.values_list("pk", flat=True)) == {chair.pk, guest.pk}
    tasks = list(Rectification.objects.filter(decision__meeting=m).order_by("due"))
    assert [t.owner_id for t in tasks] == [guest.pk, chair.pk]
    assert all(t.rule_id == "COMMITTEE" and t.state == RectificationState.OPEN for t in tasks)
    [event] = audit_events("oversight.committee_meeting_recorded")
    assert event["data"]["rules"] == ["COMMITTEE"]
    assert event["data"]["members"] == [chair.pk]
    assert len(event["data"]["decisions"]) == 2
    assert "年度保密工作部署" not in str(event)
    line = queries.attendees(m)
    assert [(a.person.pk, a.member) for a in line] == [(chair.pk, True), (guest.pk, False)]


def test_a_meeting_without_a_member_present_is_refused__COMMITTEE(world, officer, chair):
    guest = world.person(dept="lab")
    with pytest.raises(RuleViolation) as refused:
        record(officer, [guest])
    assert refused.value.rule_id == "COMMITTEE"
    assert not CommitteeMeeting.objects.exists()


def test_a_member_whose_seat_ended_before_the_day_does_not_count__COMMITTEE(world, officer, member):
    from baomi.org.models import SecurityAppointment

    SecurityAppointment.objects.filter(person=member).update(
        until=today() - datetime.timedelta(days=10)
    )
    with pytest.raises(RuleViolation):
        record(officer, [member])
    m = record(officer, [member], held_on=today() - datetime.timedelta(days=20))
    assert m.pk


def test_only_the_security_office_records_a_meeting__COMMITTEE(world, chair):
    leader = world.account(Role.LEADER, chair)
    with pytest.raises(AccessDenied):
        record(leader, [chair])


@pytest.mark.parametrize(
    ("held_on", "agenda", "field"),
    [
        (1, "议题", "held_on"),
        ("2026-01-01", "议题", "held_on"),
        (datetime.timedelta(days=1), "议题", "held_on"),
        (-datetime.timedelta(days=400), "议题", "held_on"),
        (datetime.timedelta(0), "", "agenda"),
        (datetime.timedelta(0), "长" * 4001, "agenda"),
        (datetime.timedelta(0), "a\x00b", "agenda"),
    ],
)
def test_bad_input_names_its_field__COMMITTEE(world, officer, chair, held_on, agenda, field):
    if isinstance(held_on, datetime.timedelta):
        held_on = today() + held_on
    with pytest.raises(InvalidInput) as refused:
        ops.record_meeting(actor=officer, held_on=held_on, agenda=agenda, attendee_ids=[chair.pk])
    assert refused.value.field == field


def test_attendees_are_people_in_post_of_the_organisation__COMMITTEE(world, officer, chair):
    other = World.build().person()
    gone = world.person()
    org.mark_left(actor=None, person_id=gone.pk)
    for ids in ([], [chair.pk, chair.pk], [chair.pk, other.pk], [chair.pk, gone.pk], "x"):
        with pytest.raises(InvalidInput) as refused:
            ops.record_meeting(actor=officer, held_on=today(), agenda="议题", attendee_ids=ids)
        assert refused.value.field == "attendee_ids"


@pytest.mark.parametrize(
    "bad",
    [
        {"text": "", "owner_id": None, "due": None},
        {"text": "整改", "owner_id": 10**12, "due": "tomorrow"},
        {"text": "整改", "owner_id": "me", "due": None},
        "not a decision",
    ],
)
def test_bad_decisions_name_the_decisions__COMMITTEE(world, officer, chair, bad):
    with pytest.raises(InvalidInput) as refused:
        record(officer, [chair], decisions=[bad])
    assert refused.value.field == "decisions"
    assert not CommitteeMeeting.objects.exists()


def test_a_decision_due_in_the_past_is_refused__COMMITTEE(world, officer, chair):
    with pytest.raises(InvalidInput) as refused:
        record(officer, [chair], decisions=[decision(chair, days=-1)])
    assert refused.value.field == "decisions"


def test_the_record_is_corrected_and_decisions_added__COMMITTEE(world, officer, chair, member):
    m = record(officer, [chair], decisions=[decision(chair)])
    ops.edit_meeting(
        actor=officer,
        committee_meeting_id=m.pk,
        agenda="改后的议题",
        attendee_ids=[chair.pk, member.pk],
    )
    m.refresh_from_db()
    assert m.agenda == "改后的议题"
    assert m.attendees.count() == 2
    with pytest.raises(RuleViolation):
        ops.edit_meeting(actor=officer, committee_meeting_id=m.pk, attendee_ids=[world.person().pk])
    added = ops.add_decisions(
        actor=officer, committee_meeting_id=m.pk, decisions=[decision(member)]
    )
    assert added[0].rectification.owner_id == member.pk
    assert m.decisions.count() == 2
    with pytest.raises(InvalidInput):
        ops.edit_meeting(actor=officer, committee_meeting_id=m.pk)


def test_another_organisations_meeting_is_not_found__COMMITTEE(world, officer, chair):
    m = record(officer, [chair])
    elsewhere = World.build()
    stranger = elsewhere.account(Role.SECURITY_OFFICER, dept="office")
    with pytest.raises(NotFound):
        ops.edit_meeting(actor=stranger, committee_meeting_id=m.pk, agenda="x")
    with pytest.raises(NotFound):
        queries.meeting(stranger, m.pk)


# The deadline ------------------------------------------------------------------------------


def moment(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))


def make(world, officer, chair, day):
    return CommitteeMeeting.objects.create(
        organisation=world.organisation,
        held_on=day,
        agenda="议题",
        recorded_by=officer,
        recorded_at=timezone.now(),
    )


def test_the_slots_end_with_each_half_year__COMMITTEE():
    assert deadline.slot_end(2026, 1, 2) == datetime.date(2026, 6, 30)
    assert deadline.slot_end(2026, 2, 2) == datetime.date(2026, 12, 31)
    assert [deadline.slot_end(2026, k, 4).month for k in range(1, 5)] == [3, 6, 9, 12]
    assert deadline.slot_end(2026, 1, 1) == datetime.date(2026, 12, 31)


def test_a_year_with_one_meeting_flags_the_missing_one__COMMITTEE(world, officer, chair):
    year = today().year - 1
    make(world, officer, chair, datetime.date(year, 3, 10))
    found = deadline.committee_due(world.organisation.pk, moment(datetime.date(year, 12, 1)))
    assert [(d.due_at.date(), d.done) for d in found] == [
        (datetime.date(year, 7, 1), True),
        (datetime.date(year + 1, 1, 1), False),
    ]
    late = moment(datetime.date(year, 12, 31)) + datetime.timedelta(hours=13)
    assert found[1].state(late) == State.OVERDUE
    # In spring only the first half-year's meeting is due, done already.
    spring = deadline.committee_due(world.organisation.pk, moment(datetime.date(year, 4, 1)))
    assert [d.done for d in spring] == [True]


def test_two_meetings_clear_the_year__COMMITTEE(world, officer, chair):
    year = today().year - 1
    make(world, officer, chair, datetime.date(year, 3, 10))
    make(world, officer, chair, datetime.date(year, 9, 10))
    found = deadline.committee_due(world.organisation.pk, moment(datetime.date(year, 12, 1)))
    assert [d.done for d in found] == [True, True]
    assert {d.rule_id for d in found} == {"COMMITTEE"}


def test_no_meeting_leaves_the_first_half_overdue__COMMITTEE(world, officer):
    year = today().year - 1
    found = deadline.committee_due(world.organisation.pk, moment(datetime.date(year, 8, 1)))
    assert [d.done for d in found] == [False, False]
    assert found[0].state(moment(datetime.date(year, 8, 1))) == State.OVERDUE


def test_the_rulebook_sets_how_many__COMMITTEE(world, officer):
    from baomi.rulebook.operations import set_rule

    editor = world.account(Role.SECURITY_OFFICER, dept="office")
    set_rule(
        actor=editor,
        rule_id="COMMITTEE",
        enabled=True,
        params={"meetings_per_year": 4},
    )
    year = today().year - 1
    found = deadline.committee_due(world.organisation.pk, moment(datetime.date(year, 12, 1)))
    assert len(found) == 4


def test_the_years_count_shows_the_missing_meeting__COMMITTEE(world, officer, chair):
    record(officer, [chair], held_on=today())
    count = queries.year_count(officer, today().year)
    assert (count.held, count.wanted) == (1, 2)
    assert count.slots
    past = queries.year_count(officer, today().year - 1)
    assert past.held == 0 and len(past.missing) == 2 and all(s.overdue for s in past.slots)
