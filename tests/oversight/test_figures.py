"""The oversight's figures (section 保密检查, ANNUAL-REPORT), its deadline subject (a
rectification, INSP-RECTIFY) and its evidence for the self-score (INSP-MONTHLY, INSP-RECTIFY,
COMMITTEE), against rows planted directly in a small world."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from baomi.access.roles import Role
from baomi.core.levels import Clearance
from baomi.org import operations as org
from baomi.oversight.models import (
    Answer,
    Checklist,
    ChecklistItem,
    CommitteeDecision,
    CommitteeMeeting,
    Inspection,
    InspectionKind,
    InspectionState,
    Rectification,
    RectificationState,
    Verdict,
)
from baomi.oversight.queries import evidence, figures
from baomi.rulebook.operations import set_rule
from baomi.seams.approvals import describe
from baomi.seams.evidence import EVIDENCE_PROVIDERS, Finding, Scope
from baomi.seams.figures import FIGURE_PROVIDERS, Part, Period, Range
from tests.factories import World

ZONE = timezone.get_default_timezone()
MARCH = Period.of(Range.MONTH, datetime.date(2025, 3, 15))
YEAR = Period.year(2025)


def at(*args: int) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=ZONE)


@pytest.fixture
def officer(world):
    return world.account(Role.SECURITY_OFFICER, dept="office", clearance=Clearance.CORE)


@pytest.fixture
def checklist(db):
    checklist = Checklist.objects.create(name="月度自查", kind=InspectionKind.DEPARTMENT_MONTHLY)
    ChecklistItem.objects.create(checklist=checklist, text="载体登记", rule_id="MEDIA-REGISTER")
    return checklist


def inspection(world, officer, checklist, *, dept="tech", kind=None, person=None, **kw):
    """An inspection of ``dept`` (or of ``person``), submitted at ``submitted_at`` (or open)."""
    submitted_at = kw.pop("submitted_at", None)
    start = kw.pop("period_start", datetime.date(2025, 3, 1))
    return Inspection.objects.create(
        organisation=world.organisation,
        kind=kind or InspectionKind.DEPARTMENT_MONTHLY,
        checklist=checklist,
        department=None if person else world.departments[dept],
        person=person,
        period_start=start,
        period_end=start + datetime.timedelta(days=27),
        inspector=officer.person,
        state=InspectionState.SUBMITTED if submitted_at else InspectionState.OPEN,
        opened_at=submitted_at or timezone.now(),
        submitted_at=submitted_at,
        opened_by=officer,
    )


def problem(found, checklist, verdict=Verdict.PROBLEM):
    item = ChecklistItem.objects.create(checklist=checklist, text=f"第{found.pk}项")
    return Answer.objects.create(inspection=found, item=item, verdict=verdict)


def task(world, owner, *, dept="tech", created_at, due=None, state=RectificationState.OPEN, **kw):
    return Rectification.objects.create(
        organisation=world.organisation,
        rule_id=kw.pop("rule_id", "MEDIA-REGISTER"),
        description=kw.pop("description", "补登涉密载体"),
        owner=owner,
        department=world.departments[dept],
        due=due or timezone.localdate(created_at) + datetime.timedelta(days=30),
        state=state,
        created_at=created_at,
        **kw,
    )


def meeting(world, officer, held_on, decisions=0):
    found = CommitteeMeeting.objects.create(
        organisation=world.organisation,
        held_on=held_on,
        agenda="部署",
        recorded_by=officer,
        recorded_at=timezone.now(),
    )
    for n in range(decisions):
        CommitteeDecision.objects.create(meeting=found, text=f"决定{n}")
    return found


def by_key(found):
    return {figure.key: figure for figure in found}


def whole(world):
    return Part(world.organisation.pk)


def head_part(world, dept="tech"):
    return Part(world.organisation.pk, (world.departments[dept].path,))


# Figures -------------------------------------------------------------------------------------


def test_the_section_is_registered_with_its_keys__ANNUAL_REPORT(world):
    provider = FIGURE_PROVIDERS["inspections"]
    keys = [f.key for f in provider.figures(whole(world), MARCH)]
    assert keys == [
        "inspections.held",
        "inspections.problems",
        "inspections.rectifications_opened",
        "inspections.rectifications_verified",
        "inspections.rectifications_open",
        "inspections.rectifications_overdue",
        "inspections.committee_meetings",
        "inspections.committee_decisions",
    ]
    assert all(
        f.source.startswith("baomi.oversight.queries.figures.")
        for f in provider.figures(whole(world), MARCH)
    )


def test_inspections_held_counts_the_submitted_of_the_period_by_kind__INSP_MONTHLY(
    world, officer, checklist
):
    lab_person = world.person(dept="lab", clearance=Clearance.IMPORTANT)
    office_person = world.person(dept="office", clearance=Clearance.IMPORTANT)
    inspection(world, officer, checklist, submitted_at=at(2025, 3, 1, 0, 0))  # first moment
    inspection(world, officer, checklist, dept="lab", submitted_at=at(2025, 3, 31, 23, 59))
    inspection(
        world,
        officer,
        checklist,
        kind=InspectionKind.HEAD_QUARTERLY,
        submitted_at=at(2025, 3, 10, 9),
    )
    inspection(
        world,
        officer,
        checklist,
        kind=InspectionKind.PERSON_MONTHLY,
        person=lab_person,
        submitted_at=at(2025, 3, 11, 9),
    )
    inspection(
        world,
        officer,
        checklist,
        kind=InspectionKind.PERSON_MONTHLY,
        person=office_person,
        submitted_at=at(2025, 3, 12, 9),
    )
    inspection(world, officer, checklist, dept="office", submitted_at=at(2025, 3, 13, 9))
    inspection(world, officer, checklist, submitted_at=at(2025, 2, 28, 23, 59))  # before
    inspection(world, officer, checklist, submitted_at=at(2025, 4, 1, 0, 0))  # after
    inspection(world, officer, checklist, dept="lab")  # still open
    inspection(World.build(), officer, checklist, submitted_at=at(2025, 3, 5))  # elsewhere

    held = figures.held(whole(world), MARCH)
    direct = Inspection.objects.filter(
        organisation=world.organisation,
        state=InspectionState.SUBMITTED,
        submitted_at__gte=at(2025, 3, 1),
        submitted_at__lt=at(2025, 4, 1),
    ).count()
    assert held.value == direct == 6
    assert sum(held.split.values()) == held.value
    assert held.split[str(InspectionKind.DEPARTMENT_MONTHLY.label)] == 3
    assert held.split[str(InspectionKind.PERSON_MONTHLY.label)] == 2
    assert held.split[str(InspectionKind.HEAD_QUARTERLY.label)] == 1
    assert held.url == reverse("oversight") and not held.now
    # A head of tech sees tech and lab: the two departments' and the lab person's own.
    mine = figures.held(head_part(world), MARCH)
    assert mine.value == 4 and sum(mine.split.values()) == 4
    assert figures.held(whole(world), YEAR).value == 8


def test_problems_found_are_the_problem_answers_of_those_held__INSP_MONTHLY(
    world, officer, checklist
):
    tech = inspection(world, officer, checklist, submitted_at=at(2025, 3, 3))
    office = inspection(world, officer, checklist, dept="office", submitted_at=at(2025, 3, 3))
    earlier = inspection(world, officer, checklist, submitted_at=at(2025, 2, 3))
    still_open = inspection(world, officer, checklist, dept="lab")
    problem(tech, checklist)
    problem(tech, checklist)
    problem(tech, checklist, Verdict.OK)
    problem(office, checklist)
    problem(earlier, checklist)
    problem(still_open, checklist)
    assert figures.problems(whole(world), MARCH).value == 3
    assert figures.problems(head_part(world), MARCH).value == 2
    assert figures.problems(whole(world), YEAR).value == 4


def test_rectifications_opened_verified_open_and_overdue__INSP_RECTIFY(world, officer):
    owner = world.person(dept="tech")
    today = timezone.localdate()
    task(world, owner, created_at=at(2025, 3, 2))
    task(world, owner, dept="office", created_at=at(2025, 3, 31, 23, 59))
    task(world, owner, created_at=at(2025, 4, 1))
    task(
        world,
        owner,
        dept="lab",
        created_at=at(2025, 2, 1),
        state=RectificationState.VERIFIED,
        verified_at=at(2025, 3, 20),
    )
    task(
        world,
        owner,
        created_at=at(2025, 1, 1),
        state=RectificationState.VERIFIED,
        verified_at=at(2025, 2, 20),
    )
    # Now: one overdue in tech, one done awaiting verification in lab (not overdue), one
    # overdue in the office.
    task(world, owner, created_at=timezone.now(), due=today - datetime.timedelta(days=1))
    task(
        world,
        owner,
        dept="lab",
        created_at=timezone.now(),
        due=today + datetime.timedelta(days=3),
        state=RectificationState.DONE,
    )
    task(
        world,
        owner,
        dept="office",
        created_at=timezone.now(),
        due=today - datetime.timedelta(days=9),
    )

    found = by_key(figures.figures(whole(world), MARCH))
    assert found["inspections.rectifications_opened"].value == 2
    assert found["inspections.rectifications_verified"].value == 1
    assert found["inspections.rectifications_verified"].url.endswith("?state=closed")
    open_now = found["inspections.rectifications_open"]
    overdue = found["inspections.rectifications_overdue"]
    direct_open = Rectification.objects.filter(
        organisation=world.organisation, state__in=["open", "done"]
    ).count()
    assert open_now.value == direct_open == 6  # three of March/April planted open, three now
    assert open_now.now and overdue.now and overdue.target == 0
    direct_overdue = Rectification.objects.filter(
        organisation=world.organisation, state__in=["open", "done"], due__lt=today
    ).count()
    assert overdue.value == direct_overdue
    assert overdue.url == reverse("rectifications") + "?state=overdue"
    mine = by_key(figures.figures(head_part(world), MARCH))
    assert mine["inspections.rectifications_opened"].value == 1
    assert mine["inspections.rectifications_verified"].value == 1
    assert (
        mine["inspections.rectifications_open"].value
        == Rectification.objects.filter(
            organisation=world.organisation,
            state__in=["open", "done"],
            department__in=[world.departments["tech"], world.departments["lab"]],
        ).count()
    )


def test_committee_meetings_and_decisions_of_the_period_the_organisations__COMMITTEE(
    world, officer
):
    meeting(world, officer, datetime.date(2025, 3, 1), decisions=2)
    meeting(world, officer, datetime.date(2025, 3, 31), decisions=0)
    meeting(world, officer, datetime.date(2025, 2, 28), decisions=1)
    meeting(world, officer, datetime.date(2025, 4, 1), decisions=3)
    meeting(World.build(), officer, datetime.date(2025, 3, 5), decisions=1)
    found = by_key(figures.figures(whole(world), MARCH))
    assert found["inspections.committee_meetings"].value == 2
    assert found["inspections.committee_decisions"].value == 2
    assert found["inspections.committee_meetings"].url == reverse("committee") + "?year=2025"
    year = by_key(figures.figures(whole(world), YEAR))
    assert year["inspections.committee_meetings"].value == 4
    assert year["inspections.committee_decisions"].value == 6
    # The committee is the organisation's: a head's part shows none of it.
    assert "inspections.committee_meetings" not in by_key(figures.figures(head_part(world), YEAR))


def test_each_figure_is_one_query(world, officer, django_assert_num_queries):
    with django_assert_num_queries(1):
        figures.held(whole(world), YEAR)
    with django_assert_num_queries(1):
        figures.rectifications_open(whole(world), timezone.localdate())
    with django_assert_num_queries(1):
        figures.committee(whole(world), YEAR)


# The deadline subject ------------------------------------------------------------------------


def test_a_rectification_is_named_to_whoever_may_know_it__INSP_RECTIFY(world, officer):
    owner_account = world.account(Role.STAFF, dept="lab")
    stranger = world.account(Role.STAFF, dept="office")
    item = task(
        world,
        owner_account.person,
        dept="lab",
        created_at=timezone.now(),
        rule_id="MEDIA-REGISTER",
        description="补登涉密载体",
    )
    seen = describe(officer, "oversight.rectification", str(item.pk))
    assert seen is not None
    assert "MEDIA-REGISTER" in seen.label and world.departments["lab"].name in seen.label
    assert seen.url == reverse("rectification", args=[item.pk])
    assert describe(owner_account, "oversight.rectification", str(item.pk)) is not None
    assert describe(stranger, "oversight.rectification", str(item.pk)) is None
    other = World.build()
    other_officer = other.account(Role.SECURITY_OFFICER, dept="office")
    assert describe(other_officer, "oversight.rectification", str(item.pk)) is None
    assert describe(officer, "oversight.rectification", "999999") is None


def test_a_head_knows_the_rectifications_of_their_departments__INSP_RECTIFY(world):
    head = world.account(Role.STAFF, dept="tech")
    org.set_department_leaders(
        actor=None,
        department_id=world.departments["tech"].pk,
        head_id=head.person_id,
        leader_in_charge_id=None,
    )
    owner = world.person(dept="lab")
    item = task(world, owner, dept="lab", created_at=timezone.now())
    elsewhere = task(world, owner, dept="office", created_at=timezone.now())
    assert describe(head, "oversight.rectification", str(item.pk)) is not None
    assert describe(head, "oversight.rectification", str(elsewhere.pk)) is None


# Evidence ------------------------------------------------------------------------------------


def monthly(world, officer, checklist, dept, month):
    inspection(
        world,
        officer,
        checklist,
        dept=dept,
        period_start=month,
        submitted_at=datetime.datetime.combine(month, datetime.time(12), tzinfo=ZONE),
    )


def test_every_department_held_its_last_three_months__INSP_MONTHLY(world, officer, checklist):
    for dept in ("tech", "lab"):
        world.person(dept=dept, clearance=Clearance.IMPORTANT)
    moment = at(2025, 5, 10, 12)
    for dept in ("tech", "lab"):
        for month in evidence.months_before(moment.date(), 3):
            monthly(world, officer, checklist, dept, month)
    # The office has only uncleared people (its security officer is cleared: give it all).
    for month in evidence.months_before(moment.date(), 3):
        monthly(world, officer, checklist, "office", month)
    answer = EVIDENCE_PROVIDERS["oversight.inspections"].provide(
        world.organisation.pk, Scope(), moment
    )
    assert answer.verdict == Finding.OK and answer.facts == []


def test_a_department_missing_a_month_is_a_problem__INSP_MONTHLY(world, officer, checklist):
    world.person(dept="lab", clearance=Clearance.IMPORTANT)
    world.person(dept="tech")  # tech has no cleared person: it owes nothing
    moment = at(2025, 5, 10, 12)
    assert evidence.months_before(moment.date(), 3) == [
        datetime.date(2025, 2, 1),
        datetime.date(2025, 3, 1),
        datetime.date(2025, 4, 1),
    ]
    for month in evidence.months_before(moment.date(), 3):
        monthly(world, officer, checklist, "office", month)
    monthly(world, officer, checklist, "lab", datetime.date(2025, 2, 1))
    monthly(world, officer, checklist, "lab", datetime.date(2025, 4, 1))
    inspection(world, officer, checklist, dept="lab", period_start=datetime.date(2025, 3, 1))
    answer = evidence.inspections(world.organisation.pk, Scope(), moment)
    assert answer.verdict == Finding.PROBLEM
    [fact] = answer.facts
    assert world.departments["lab"].name in fact.text and fact.url == reverse("oversight")
    # Narrowed to the office (which held all three): fine; to the lab: the problem.
    office = world.departments["office"]
    assert (
        evidence.inspections(world.organisation.pk, Scope(office.pk, office.path), moment).verdict
        == Finding.OK
    )
    lab = world.departments["lab"]
    assert (
        evidence.inspections(world.organisation.pk, Scope(lab.pk, lab.path), moment).verdict
        == Finding.PROBLEM
    )


def test_an_overdue_rectification_is_a_problem__INSP_RECTIFY(world, officer):
    owner = world.person(dept="lab")
    moment = timezone.now()
    today = timezone.localdate(moment)
    task(world, owner, dept="lab", created_at=moment, due=today)  # due today: not overdue
    task(
        world,
        owner,
        dept="lab",
        created_at=moment,
        due=today - datetime.timedelta(days=2),
        state=RectificationState.VERIFIED,
        verified_at=moment,
    )
    assert evidence.rectifications(world.organisation.pk, Scope(), moment).verdict == Finding.OK
    late = task(
        world,
        owner,
        dept="lab",
        created_at=moment,
        due=today - datetime.timedelta(days=1),
        state=RectificationState.DONE,
    )
    answer = EVIDENCE_PROVIDERS["oversight.rectifications"].provide(
        world.organisation.pk, Scope(), moment
    )
    assert answer.verdict == Finding.PROBLEM
    [fact] = answer.facts
    assert fact.url == reverse("rectification", args=[late.pk]) and owner.name in fact.text
    office = world.departments["office"]
    assert (
        evidence.rectifications(
            world.organisation.pk, Scope(office.pk, office.path), moment
        ).verdict
        == Finding.OK
    )
    assert (
        evidence.rectifications(world.organisation.pk, Scope(person_id=owner.pk), moment).verdict
        == Finding.PROBLEM
    )


def test_the_committee_met_twice_in_twelve_months__COMMITTEE(world, officer):
    moment = at(2025, 6, 30, 12)
    meeting(world, officer, datetime.date(2024, 6, 30))  # a year before to the day: outside
    meeting(world, officer, datetime.date(2025, 6, 30))
    answer = EVIDENCE_PROVIDERS["oversight.committee"].provide(
        world.organisation.pk, Scope(), moment
    )
    assert answer.verdict == Finding.PROBLEM
    assert answer.facts[0].url == reverse("committee")
    meeting(world, officer, datetime.date(2024, 7, 1))
    assert evidence.committee(world.organisation.pk, Scope(), moment).verdict == Finding.OK


def test_the_committees_minimum_is_the_rules_parameter__COMMITTEE(world, officer):
    set_rule(actor=officer, rule_id="COMMITTEE", params={"meetings_per_year": 3})
    moment = at(2025, 6, 30, 12)
    meeting(world, officer, datetime.date(2025, 1, 10))
    meeting(world, officer, datetime.date(2025, 5, 10))
    answer = evidence.committee(world.organisation.pk, Scope(), moment)
    assert answer.verdict == Finding.PROBLEM
    with translation.override("en"):
        answer = evidence.committee(world.organisation.pk, Scope(), moment)
    assert "2" in answer.facts[0].text and "3" in answer.facts[0].text
