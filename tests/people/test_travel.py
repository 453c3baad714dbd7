"""Travel abroad (PPL-ABROAD): a request opens the approval of the traveller's class; the
pre-departure briefing uses the granted approval (of exactly this person, destination and
dates); departure is refused without both; the office keeps the passports; the return report
is due within the rulebook's days, overdue flagged."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

import pytest
from django.utils import timezone

from baomi.access.roles import Role
from baomi.accounts.models import Account
from baomi.approvals import operations as approvals
from baomi.approvals.models import ApprovalRequest
from baomi.approvals.models import State as ApprovalState
from baomi.core.errors import AccessDenied, Conflict, InvalidInput, NotFound, RuleViolation
from baomi.core.levels import Clearance
from baomi.org import operations as org
from baomi.org.models import Employment, Person
from baomi.people.deadlines.travel import travel_due
from baomi.people.models import CoolingOff, Passport, Travel, TravelState
from baomi.people.operations import travel as ops
from baomi.people.queries import travel as queries
from baomi.seams.deadlines import State, end_of_day
from tests.factories import World, audit_events

TODAY = timezone.localdate


@dataclass
class Chart:
    world: World
    officer: Account  # the security office (SET_CLEARANCE), in the general office
    head: Account  # the head of tech
    leader: Account  # the leader in charge of tech
    boss: Account  # the head of the organisation
    staff: Account  # a general cleared person of tech
    core: Account  # a core cleared person of tech


@pytest.fixture
def chart(world: World) -> Chart:
    officer = world.account(Role.SECURITY_OFFICER, dept="office", clearance=Clearance.CORE)
    head = world.account(Role.LEADER, rank="manager", clearance=Clearance.IMPORTANT)
    leader = world.account(Role.LEADER, dept="root", rank="director", clearance=Clearance.CORE)
    boss = world.account(Role.LEADER, dept="root", rank="director", clearance=Clearance.CORE)
    org.set_department_leaders(
        actor=None,
        department_id=world.departments["tech"].pk,
        head_id=head.person_id,
        leader_in_charge_id=leader.person_id,
    )
    org.set_organisation_head(
        actor=None, organisation_id=world.organisation.pk, person_id=boss.person_id
    )
    staff = world.account(Role.STAFF, clearance=Clearance.GENERAL)
    core = world.account(Role.STAFF, clearance=Clearance.CORE)
    return Chart(world, officer, head, leader, boss, staff, core)


def ask(actor: Any, **kw: Any) -> Travel:
    kw.setdefault("destination", "新加坡")
    kw.setdefault("purpose", "学术会议")
    kw.setdefault("departs", TODAY())
    kw.setdefault("returns", TODAY() + datetime.timedelta(days=5))
    return ops.request_travel(actor=actor, **kw)


def grant(request: ApprovalRequest) -> None:
    """Every approver of the request approves, in order."""
    for step in request.steps.order_by("order"):
        approvals.decide(
            actor=Account.objects.get(person=step.approver), request_id=request.pk, approve=True
        )


def brief(chart: Chart, trip: Travel) -> Travel:
    return ops.record_briefing(actor=chart.officer, travel_id=trip.pk, briefing="境外保密须知")


def approved_and_briefed(chart: Chart, actor: Any | None = None) -> Travel:
    trip = ask(actor or chart.staff)
    grant(trip.approval)
    return brief(chart, trip)


def left(person: Person, *, cooling: bool) -> Person:
    """The person has left (in their cooling-off period, or past it)."""
    Person.objects.filter(pk=person.pk).update(employment=Employment.LEFT)
    ends = TODAY() + datetime.timedelta(days=365 if cooling else -1)
    CoolingOff.objects.create(
        organisation_id=person.organisation_id,
        person=person,
        clearance=person.clearance,
        starts=TODAY() - datetime.timedelta(days=400),
        ends=ends,
    )
    return Person.objects.select_related("department").get(pk=person.pk)


def refused_rule(excinfo: Any) -> str:
    return excinfo.value.rule_id


# The request and its approvers ---------------------------------------------------------------


def test_a_general_persons_request_goes_to_the_department_head_then_the_leader__PPL_ABROAD(
    chart,
):
    trip = ask(chart.staff)
    assert trip.state == TravelState.REQUESTED and trip.requested_by_id == chart.staff.person_id
    request = trip.approval
    assert request.rule_id == "PPL-ABROAD" and request.operation == "travel_abroad"
    assert (request.subject_type, request.subject_id) == ("people.travel", str(trip.pk))
    assert [s.approver_id for s in request.steps.all()] == [
        chart.head.person_id,
        chart.leader.person_id,
    ]
    assert request.params == {
        "person_id": chart.staff.person_id,
        "destination": "新加坡",
        "departs": TODAY().isoformat(),
        "returns": (TODAY() + datetime.timedelta(days=5)).isoformat(),
    }
    [event] = audit_events("people.travel_requested")
    assert event["data"]["rule"] == "PPL-ABROAD" and event["data"]["approval_id"] == request.pk


def test_a_core_persons_request_goes_to_the_head_of_the_organisation__PPL_ABROAD(chart):
    trip = ask(chart.core)
    assert [s.approver_id for s in trip.approval.steps.all()] == [chart.boss.person_id]


def test_the_office_records_a_request_with_the_travellers_approvers__PPL_ABROAD(chart):
    trip = ask(chart.officer, person_id=chart.staff.person_id)
    assert trip.person_id == chart.staff.person_id
    assert trip.requested_by_id == chart.officer.person_id
    # The traveller's chart, not the office's (the office has no head in this chart).
    assert [s.approver_id for s in trip.approval.steps.all()] == [
        chart.head.person_id,
        chart.leader.person_id,
    ]


def test_staff_may_not_request_for_another__PPL_ABROAD(chart):
    with pytest.raises(AccessDenied):
        ask(chart.staff, person_id=chart.core.person_id)
    assert not Travel.objects.exists()


def test_an_uncleared_person_is_not_a_traveller_here__PPL_ABROAD(chart):
    with pytest.raises(InvalidInput) as refused:
        ask(chart.world.account(Role.STAFF))
    assert refused.value.field == "person_id"


def test_a_person_in_the_cooling_off_period_needs_the_offices_request_and_approval__PPL_ABROAD(
    chart,
):
    gone = left(chart.world.person(clearance=Clearance.CORE), cooling=True)
    assert queries.class_of(gone) == Clearance.CORE
    trip = ask(chart.officer, person_id=gone.pk)
    # Their class at leaving (core): the head of the organisation approves.
    assert [s.approver_id for s in trip.approval.steps.all()] == [chart.boss.person_id]
    with pytest.raises(RuleViolation) as refused:
        ops.depart(actor=chart.officer, travel_id=trip.pk)
    assert refused_rule(refused) == "PPL-ABROAD"
    grant(trip.approval)
    brief(chart, trip)
    assert ops.depart(actor=chart.officer, travel_id=trip.pk).state == TravelState.ABROAD


def test_a_person_gone_past_the_cooling_off_period_is_not_asked_for__PPL_ABROAD(chart):
    gone = left(chart.world.person(clearance=Clearance.GENERAL), cooling=False)
    with pytest.raises(InvalidInput):
        ask(chart.officer, person_id=gone.pk)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"destination": "  "}, "destination"),
        ({"destination": "国" * 201}, "destination"),
        ({"purpose": ""}, "purpose"),
        ({"departs": datetime.date(2020, 1, 1)}, "departs"),
        ({"departs": datetime.date(9999, 1, 1), "returns": datetime.date(9999, 1, 2)}, "departs"),
        ({"returns": datetime.date(2020, 1, 1)}, "returns"),
        ({"returns": TODAY() + datetime.timedelta(days=400)}, "returns"),
    ],
)
def test_bad_input_is_refused_naming_the_field__PPL_ABROAD(chart, change, field):
    with pytest.raises(InvalidInput) as refused:
        ask(chart.staff, **change)
    assert refused.value.field == field
    assert not Travel.objects.exists() and not ApprovalRequest.objects.exists()


# Approval, briefing, departure ---------------------------------------------------------------


def test_departure_is_refused_without_approval__PPL_ABROAD(chart):
    trip = ask(chart.staff)
    with pytest.raises(RuleViolation) as refused:
        ops.depart(actor=chart.staff, travel_id=trip.pk)
    assert refused_rule(refused) == "PPL-ABROAD"
    # Nor may it be briefed before the approval is granted.
    with pytest.raises(RuleViolation) as unbriefed:
        brief(chart, trip)
    assert refused_rule(unbriefed) == "PPL-ABROAD"
    trip.refresh_from_db()
    assert trip.state == TravelState.REQUESTED and trip.departed_on is None


def test_departure_is_refused_without_the_briefing__PPL_ABROAD(chart):
    trip = ask(chart.staff)
    grant(trip.approval)
    assert queries.travel(chart.staff, trip.pk).status == TravelState.APPROVED
    with pytest.raises(RuleViolation) as refused:
        ops.depart(actor=chart.staff, travel_id=trip.pk)
    assert refused_rule(refused) == "PPL-ABROAD"
    assert "briefing" in str(refused.value.message) or "保密教育" in str(refused.value.message)


def test_departure_with_approval_and_briefing__PPL_ABROAD(chart):
    trip = approved_and_briefed(chart)
    assert trip.state == TravelState.BRIEFED and trip.briefed_by_id == chart.officer.person_id
    trip.approval.refresh_from_db()
    assert trip.approval.state == ApprovalState.CONSUMED
    trip = ops.depart(actor=chart.staff, travel_id=trip.pk)
    assert trip.state == TravelState.ABROAD and trip.departed_on == TODAY()
    assert [t.pk for t in queries.abroad_now(chart.officer)] == [trip.pk]
    assert audit_events("people.travel_departed")[0]["data"]["rule"] == "PPL-ABROAD"


def test_an_approval_of_other_dates_or_destination_does_not_cover__PPL_ABROAD(chart):
    trip = ask(chart.staff)
    other = dict(trip.approval.params, destination="伦敦")
    later = dict(trip.approval.params, returns=(TODAY() + datetime.timedelta(days=30)).isoformat())
    # The trip's own request is rejected; requests for another destination and other dates
    # about the same trip are granted.
    approvals.decide(actor=chart.head, request_id=trip.approval.pk, approve=False, comment="不同意")
    assert queries.travel(chart.officer, trip.pk).status == TravelState.REFUSED
    for params in (other, later):
        request = approvals.open_request(
            actor=chart.staff,
            rule_id="PPL-ABROAD",
            operation_name="travel_abroad",
            subject=("people.travel", trip.pk),
            params=params,
            kinds=["department_head"],
        )
        grant(request)
    with pytest.raises(RuleViolation) as refused:
        brief(chart, trip)
    assert refused_rule(refused) == "PPL-ABROAD"
    with pytest.raises(RuleViolation):
        ops.depart(actor=chart.staff, travel_id=trip.pk)


def test_departure_outside_the_approved_dates_is_refused__PPL_ABROAD(chart):
    trip = ask(
        chart.staff,
        departs=TODAY() + datetime.timedelta(days=3),
        returns=TODAY() + datetime.timedelta(days=9),
    )
    grant(trip.approval)
    brief(chart, trip)
    with pytest.raises(RuleViolation) as refused:
        ops.depart(actor=chart.staff, travel_id=trip.pk)  # today, before the approved day
    assert refused_rule(refused) == "PPL-ABROAD"


def test_nobody_briefs_their_own_trip__ROLE_SEPARATION(chart):
    trip = ask(chart.officer)
    grant(trip.approval)
    with pytest.raises(RuleViolation) as refused:
        brief(chart, trip)
    assert refused_rule(refused) == "ROLE-SEPARATION"


def test_only_the_office_briefs__PPL_ABROAD(chart):
    trip = ask(chart.staff)
    grant(trip.approval)
    with pytest.raises(AccessDenied):
        ops.record_briefing(actor=chart.head, travel_id=trip.pk, briefing="须知")


def test_nobody_approves_their_own_travel__PPL_ABROAD(chart):
    # The head of tech asks: the chart walks up past them to the leader in charge.
    trip = ask(chart.head)
    assert chart.head.person_id not in [s.approver_id for s in trip.approval.steps.all()]


# Passports -----------------------------------------------------------------------------------


def test_passports_are_handed_out_for_a_briefed_trip_and_returned__PPL_ABROAD(chart):
    passport = ops.register_passport(
        actor=chart.officer, person_id=chart.staff.person_id, number="E12345678"
    )
    assert passport.kind == "护照" and not passport.out
    trip = ask(chart.staff)
    with pytest.raises(RuleViolation) as refused:
        ops.hand_out_passport(actor=chart.officer, passport_id=passport.pk, travel_id=trip.pk)
    assert refused_rule(refused) == "PPL-ABROAD"
    grant(trip.approval)
    brief(chart, trip)
    assert queries.next_steps(chart.officer, queries.travel(chart.officer, trip.pk)) == [
        "hand_out_passport",
        "depart",
        "cancel",
    ]
    ops.hand_out_passport(actor=chart.officer, passport_id=passport.pk, travel_id=trip.pk)
    passport.refresh_from_db()
    trip.refresh_from_db()
    assert passport.out and trip.passport_out_at is not None
    with pytest.raises(Conflict):
        ops.hand_out_passport(actor=chart.officer, passport_id=passport.pk, travel_id=trip.pk)
    with pytest.raises(Conflict):  # not cancelled while the passport is out
        ops.cancel_travel(actor=chart.staff, travel_id=trip.pk)
    ops.depart(actor=chart.staff, travel_id=trip.pk)
    ops.record_return(actor=chart.staff, travel_id=trip.pk)
    ops.return_passport(actor=chart.officer, passport_id=passport.pk)
    passport.refresh_from_db()
    trip.refresh_from_db()
    assert not passport.out and trip.passport_back_at is not None
    assert [e["data"]["travel"] for e in audit_events("people.passport_back")] == [trip.pk]


def test_a_passport_is_not_handed_out_for_anothers_trip(chart):
    passport = ops.register_passport(
        actor=chart.officer, person_id=chart.core.person_id, number="E0000001"
    )
    trip = approved_and_briefed(chart)
    with pytest.raises(InvalidInput) as refused:
        ops.hand_out_passport(actor=chart.officer, passport_id=passport.pk, travel_id=trip.pk)
    assert refused.value.field == "passport_id"


def test_a_passport_number_is_kept_once_and_never_by_its_holder__ROLE_SEPARATION(chart):
    ops.register_passport(actor=chart.officer, person_id=chart.staff.person_id, number="E1")
    with pytest.raises(Conflict):
        ops.register_passport(actor=chart.officer, person_id=chart.core.person_id, number="E1")
    with pytest.raises(RuleViolation) as refused:
        ops.register_passport(actor=chart.officer, person_id=chart.officer.person_id, number="E2")
    assert refused_rule(refused) == "ROLE-SEPARATION"
    with pytest.raises(AccessDenied):
        ops.register_passport(actor=chart.staff, person_id=chart.core.person_id, number="E3")
    assert Passport.objects.count() == 1


# The return report ---------------------------------------------------------------------------


def _at(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(12), tzinfo=timezone.get_default_timezone())


def test_the_return_report_is_due_and_flagged_overdue__PPL_ABROAD(
    chart, django_assert_max_num_queries
):
    trip = approved_and_briefed(chart)
    org_id = chart.world.organisation.pk
    assert [d for d in travel_due(org_id, _at(TODAY())) if d.subject_type == "people.travel"] == []
    ops.depart(actor=chart.staff, travel_id=trip.pk)
    trip = ops.record_return(actor=chart.staff, travel_id=trip.pk)
    due = TODAY() + datetime.timedelta(days=7)
    assert queries.report_due(trip) == due
    later = due + datetime.timedelta(days=1)
    assert queries.report_overdue(trip, later) and not queries.report_overdue(trip, due)
    with django_assert_max_num_queries(4):  # the rulebook, the trips, the passports
        found = travel_due(org_id, _at(TODAY()))
    [deadline] = found
    assert (deadline.rule_id, deadline.subject_type, deadline.subject_id) == (
        "PPL-ABROAD",
        "people.travel",
        trip.pk,
    )
    assert deadline.person_id == chart.staff.person_id and deadline.due_at == end_of_day(due)
    assert deadline.state(_at(later)) is State.OVERDUE
    ops.file_report(actor=chart.staff, travel_id=trip.pk, report="行程顺利，无涉密事项。")
    [filed] = travel_due(org_id, _at(later))
    assert filed.state(_at(later)) is State.DONE
    trip.refresh_from_db()
    assert trip.state == TravelState.REPORTED and trip.reported_on == TODAY()


def test_a_passport_out_past_the_return_is_a_deadline__PPL_ABROAD(chart):
    passport = ops.register_passport(
        actor=chart.officer, person_id=chart.staff.person_id, number="E7"
    )
    trip = approved_and_briefed(chart)
    ops.hand_out_passport(actor=chart.officer, passport_id=passport.pk, travel_id=trip.pk)
    ops.depart(actor=chart.staff, travel_id=trip.pk)
    found = travel_due(chart.world.organisation.pk, _at(TODAY()))
    [out] = [d for d in found if d.subject_type == "people.passport"]
    assert out.subject_id == passport.pk and out.due_at == end_of_day(trip.returns)


def test_the_report_follows_the_return_and_is_bounded__PPL_ABROAD(chart):
    trip = approved_and_briefed(chart)
    with pytest.raises(Conflict):
        ops.file_report(actor=chart.staff, travel_id=trip.pk, report="报告")
    ops.depart(actor=chart.staff, travel_id=trip.pk)
    ops.record_return(actor=chart.staff, travel_id=trip.pk)
    with pytest.raises(InvalidInput) as too_long:
        ops.file_report(actor=chart.staff, travel_id=trip.pk, report="字" * 4001)
    assert too_long.value.field == "report"
    with pytest.raises(InvalidInput):
        ops.file_report(actor=chart.staff, travel_id=trip.pk, report="  ")
    # The office records a paper report for the traveller.
    assert ops.file_report(
        actor=chart.officer, travel_id=trip.pk, report="书面报告已收"
    ).reported_on


# Who sees what, cancelling --------------------------------------------------------------------


def test_nobody_elses_travel_is_visible_to_staff__PPL_ABROAD(chart):
    mine = ask(chart.staff)
    theirs = ask(chart.core)
    assert [t.pk for t in queries.travels(chart.staff)] == [mine.pk]
    with pytest.raises(NotFound):
        queries.travel(chart.staff, theirs.pk)
    with pytest.raises(NotFound):
        ops.cancel_travel(actor=chart.staff, travel_id=theirs.pk)
    assert {t.pk for t in queries.travels(chart.officer)} == {mine.pk, theirs.pk}
    stranger = World.build().account(Role.SECURITY_OFFICER, clearance=Clearance.CORE)
    assert list(queries.travels(stranger)) == []
    # The approver asked sees the trip in the request, not in the travel list.
    assert queries.asked_about(chart.head, mine.pk) == mine
    assert list(queries.travels(chart.head)) == []


def test_cancelling_withdraws_the_approval__PPL_ABROAD(chart):
    trip = ask(chart.staff)
    trip = ops.cancel_travel(actor=chart.staff, travel_id=trip.pk)
    assert trip.state == TravelState.CANCELLED
    trip.approval.refresh_from_db()
    assert trip.approval.state == ApprovalState.WITHDRAWN
    with pytest.raises(Conflict):
        ops.cancel_travel(actor=chart.staff, travel_id=trip.pk)
    with pytest.raises(Conflict):
        ops.depart(actor=chart.staff, travel_id=trip.pk)
