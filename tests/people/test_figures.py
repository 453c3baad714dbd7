"""The people's files' figures for the cockpit and the annual report (seams.figures,
ANNUAL-REPORT): every figure against a count made here directly over a small world, a head's
part counting only their departments, the period's bounds, the splits summing to the value,
one query per figure."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from baomi.core.levels import Clearance
from baomi.org.models import Department, Employment, Organisation, Person
from baomi.people.models import (
    Assessment,
    Attendance,
    ClearanceChange,
    CoolingOff,
    ExitCase,
    LetterTemplate,
    Merit,
    ResponsibilityLetter,
    SelfCheck,
    TrainingSession,
)
from baomi.people.queries import figures as people_figures
from baomi.people.queries.training import min_hours
from baomi.seams.figures import FIGURE_PROVIDERS, Figure, Part, Period, Range

TODAY = timezone.localdate()
THIS_YEAR = Period.year(TODAY.year)
LAST_YEAR = Period.year(TODAY.year - 1)
SECTIONS = ("people", "training", "self_checks", "responsibility")


def figures(part: Part, period: Period) -> dict[str, Figure]:
    found: dict[str, Figure] = {}
    for key in SECTIONS:
        for figure in FIGURE_PROVIDERS[key].figures(part, period):
            found[figure.key] = figure
    return found


def whole(world) -> Part:
    return Part(world.organisation.pk)


def tech(world) -> Part:
    """The head of tech's part: tech with lab below it."""
    return Part(world.organisation.pk, (world.departments["tech"].path,))


def cleared_since(person: Person, day: datetime.date) -> None:
    """Backdate the person's clearance (their history) to ``day``."""
    ClearanceChange.objects.filter(person=person).update(
        changed_at=people_figures.start_of(day) + datetime.timedelta(hours=9)
    )


def test_every_section_registers_its_figures_with_their_source_and_page__ANNUAL_REPORT(world):
    found = figures(whole(world), THIS_YEAR)
    assert set(found) == {
        "people.cleared",
        "people.newly_cleared",
        "people.left_posts",
        "people.cooling_off",
        "people.exit_open",
        "training.sessions",
        "training.hours_given",
        "training.attendances",
        "training.effect_checks",
        "training.average_hours",
        "training.short",
        "self_checks.missing",
        "responsibility.letters_due",
        "responsibility.letters_signed",
        "responsibility.assessments",
        "responsibility.commendations",
        "responsibility.penalties",
    }
    for figure in found.values():
        assert figure.source.startswith("baomi.people.queries.figures.")
        query = getattr(people_figures, figure.source.rsplit(".", 1)[1])
        assert figure.key in query.__doc__  # the meaning is written where the query is
        assert figure.url.startswith("/")
        if figure.split:
            assert sum(figure.split.values()) == figure.value
        figure.as_json()


def test_cleared_people_now_split_by_class__PPL_CLASS(world):
    world.person(dept="lab", clearance=Clearance.CORE)
    world.person(dept="tech", clearance=Clearance.CORE)
    world.person(dept="office", clearance=Clearance.GENERAL)
    world.person(dept="lab")  # not cleared
    gone = world.person(dept="lab", clearance=Clearance.IMPORTANT)
    Person.objects.filter(pk=gone.pk).update(employment=Employment.LEFT)
    other = type(world).build()
    other.person(dept="lab", clearance=Clearance.CORE)

    everyone = figures(whole(world), THIS_YEAR)["people.cleared"]
    direct = (
        Person.objects.filter(organisation=world.organisation, employment=Employment.ACTIVE)
        .exclude(clearance=Clearance.NONE)
        .count()
    )
    assert everyone.value == direct == 3
    assert everyone.now
    assert everyone.split == {
        str(Clearance.CORE.label): 2,
        str(Clearance.IMPORTANT.label): 0,
        str(Clearance.GENERAL.label): 1,
    }
    assert everyone.url == "/security-files/"
    head = figures(tech(world), THIS_YEAR)["people.cleared"]
    assert head.value == 2 and head.split[str(Clearance.GENERAL.label)] == 0
    # A part of one department links to the list filtered to it.
    assert head.url == f"/security-files/?department={world.departments['tech'].pk}"


def test_newly_cleared_counts_the_clearances_given_in_the_period__PPL_CLASS(world):
    world.person(dept="lab", clearance=Clearance.GENERAL)
    before = world.person(dept="office", clearance=Clearance.CORE)
    cleared_since(before, datetime.date(TODAY.year - 1, 12, 31))
    raised = world.person(dept="lab", clearance=Clearance.GENERAL)
    from baomi.org import operations as org

    org.set_clearance(actor=None, person_id=raised.pk, clearance=Clearance.CORE)  # not "new"
    this_year = figures(whole(world), THIS_YEAR)["people.newly_cleared"]
    assert this_year.value == 2  # now and raised, each once
    assert figures(whole(world), LAST_YEAR)["people.newly_cleared"].value == 1
    assert figures(tech(world), LAST_YEAR)["people.newly_cleared"].value == 0
    assert figures(tech(world), THIS_YEAR)["people.newly_cleared"].value == 2


def _cooling_off(world, person: Person, starts: datetime.date, ends: datetime.date) -> None:
    CoolingOff.objects.create(
        organisation=world.organisation,
        person=person,
        clearance=Clearance.GENERAL,
        starts=starts,
        ends=ends,
    )


def test_leavers_cooling_off_and_open_exit_cases__PPL_EXIT(world):
    lab = world.person(dept="lab", clearance=Clearance.GENERAL)
    office = world.person(dept="office", clearance=Clearance.CORE)
    old = world.person(dept="lab", clearance=Clearance.GENERAL)
    _cooling_off(world, lab, TODAY, TODAY.replace(year=TODAY.year + 2))
    _cooling_off(world, office, THIS_YEAR.start, TODAY.replace(year=TODAY.year + 3))
    _cooling_off(world, old, datetime.date(TODAY.year - 3, 5, 1), LAST_YEAR.end)  # over
    ExitCase.objects.create(
        organisation=world.organisation, person=lab, kind="leave", clearance=Clearance.GENERAL
    )
    ExitCase.objects.create(
        organisation=world.organisation, person=office, kind="move", clearance=Clearance.CORE
    )
    ExitCase.objects.create(
        organisation=world.organisation,
        person=old,
        kind="leave",
        clearance=Clearance.GENERAL,
        closed_at=timezone.now(),
    )
    found = figures(whole(world), THIS_YEAR)
    assert found["people.left_posts"].value == 2
    assert figures(whole(world), LAST_YEAR)["people.left_posts"].value == 0
    assert found["people.cooling_off"].value == 2 and found["people.cooling_off"].now
    assert found["people.exit_open"].value == 2
    assert sorted(found["people.exit_open"].split.values()) == [1, 1]
    head = figures(tech(world), THIS_YEAR)
    assert (
        head["people.left_posts"].value,
        head["people.cooling_off"].value,
        head["people.exit_open"].value,
    ) == (1, 1, 1)
    assert "cooling_off=on" in head["people.cooling_off"].url


def _session(world, day: datetime.date, hours: str) -> TrainingSession:
    return TrainingSession.objects.create(
        organisation=world.organisation,
        topic="保密教育",
        held_on=day,
        hours=Decimal(hours),
        trainer="张",
    )


def _attend(session: TrainingSession, person: Person, score: int | None = None) -> None:
    Attendance.objects.create(
        organisation_id=session.organisation_id,
        session=session,
        person=person,
        held_on=session.held_on,
        hours=session.hours,
        score=score,
    )


def test_sessions_hours_attendances_and_effect_in_the_period__PPL_TRAINING(world):
    lab = world.person(dept="lab", clearance=Clearance.GENERAL)
    office = world.person(dept="office", clearance=Clearance.GENERAL)
    first = _session(world, THIS_YEAR.start, "3")
    second = _session(world, THIS_YEAR.start + datetime.timedelta(days=1), "2.5")
    _session(world, THIS_YEAR.start, "1")  # nobody came
    earlier = _session(world, LAST_YEAR.end, "4")
    _attend(first, lab, score=90)
    _attend(first, office)
    _attend(second, office, score=60)
    _attend(earlier, lab)

    found = figures(whole(world), THIS_YEAR)
    assert found["training.sessions"].value == 3
    assert found["training.hours_given"].value == Decimal("6.5")
    assert found["training.attendances"].value == 3
    assert found["training.effect_checks"].value == 2
    assert found["training.sessions"].url == f"/training/?year={TODAY.year}"
    head = figures(tech(world), THIS_YEAR)
    # Departments count the sessions their people attended.
    assert head["training.sessions"].value == 1
    assert head["training.hours_given"].value == Decimal("3")
    assert head["training.attendances"].value == head["training.effect_checks"].value == 1
    before = figures(whole(world), LAST_YEAR)
    assert (before["training.sessions"].value, before["training.attendances"].value) == (1, 1)


def test_average_hours_and_people_short_of_the_minimum__PPL_TRAINING(world):
    minimum = min_hours(world.organisation.pk)
    done = world.person(dept="lab", clearance=Clearance.GENERAL)
    short = world.person(dept="lab", clearance=Clearance.GENERAL)
    none = world.person(dept="office", clearance=Clearance.CORE)
    world.person(dept="lab")  # not cleared: owes nothing
    full = _session(world, THIS_YEAR.start, str(minimum))
    half = _session(world, THIS_YEAR.start, "3")
    _attend(full, done)
    _attend(half, short)
    _attend(_session(world, LAST_YEAR.start, "9"), short)  # another year

    found = figures(whole(world), THIS_YEAR)
    assert found["training.average_hours"].value == ((Decimal(minimum) + Decimal(3)) / 3).quantize(
        Decimal("0.1")
    )
    assert found["training.average_hours"].target == minimum
    assert found["training.short"].value == 2 and found["training.short"].target == 0
    head = figures(tech(world), THIS_YEAR)
    assert head["training.short"].value == 1
    assert head["training.average_hours"].value == ((Decimal(minimum) + Decimal(3)) / 2).quantize(
        Decimal("0.1")
    )
    # The year of a quarter is its calendar year.
    quarter = Period.of(Range.QUARTER, TODAY)
    assert figures(whole(world), quarter)["training.short"].value == 2
    # One with no hours at all counts with 0.
    assert none.pk not in {done.pk, short.pk}


def test_self_checks_missing_per_month_of_the_period__PPL_SELFCHECK(world):
    year = TODAY.year - 1
    steady = world.person(dept="lab", clearance=Clearance.GENERAL)
    cleared_since(steady, datetime.date(year - 2, 1, 1))
    late = world.person(dept="office", clearance=Clearance.GENERAL)
    cleared_since(late, datetime.date(year, 7, 15))  # owes July to December
    for month in range(1, 11):  # steady misses November and December
        SelfCheck.objects.create(
            organisation=world.organisation,
            person=steady,
            month=datetime.date(year, month, 1),
            answers={},
            all_clear=True,
        )
    world.person(dept="lab")  # not cleared

    found = figures(whole(world), LAST_YEAR)["self_checks.missing"]
    assert found.value == 2 + 6
    assert found.split[f"{year}-11"] == 2 and found.split[f"{year}-06"] == 0
    assert sum(found.split.values()) == found.value and len(found.split) == 12
    assert figures(tech(world), LAST_YEAR)["self_checks.missing"].value == 2
    # A period to come has no month begun yet.
    future = Period.year(TODAY.year + 1)
    assert figures(whole(world), future)["self_checks.missing"].value == 0


def _head(world, key: str, dept: str) -> Person:
    person = world.person(dept=dept)
    Department.objects.filter(pk=world.departments[key].pk).update(head=person)
    return person


def test_responsibility_letters_due_and_signed_this_year__RESP_ANNUAL(world):
    chief = world.person(dept="root")
    Organisation.objects.filter(pk=world.organisation.pk).update(head=chief)
    Department.objects.filter(pk=world.departments["root"].pk).update(head=chief)  # owes none
    tech_head = _head(world, "tech", "tech")
    lab_head = _head(world, "lab", "lab")
    _head(world, "office", "office")
    template = LetterTemplate.objects.create(
        organisation=world.organisation, kind="department", version=1, title="责任书", text="…"
    )

    def letter(dept: str, second: Person, year: int, signed: bool = True) -> None:
        ResponsibilityLetter.objects.create(
            organisation=world.organisation,
            kind="department",
            year=year,
            department=world.departments[dept],
            first=chief,
            second=second,
            template=template,
            first_signed_on=TODAY if signed else None,
            second_signed_on=TODAY if signed else None,
        )

    letter("tech", tech_head, TODAY.year)
    letter("lab", lab_head, TODAY.year, signed=False)
    letter("office", chief, TODAY.year)  # not the office's head: not theirs
    letter("lab", lab_head, TODAY.year - 1)
    found = figures(whole(world), THIS_YEAR)
    assert found["responsibility.letters_due"].value == 3
    assert found["responsibility.letters_signed"].value == 1
    assert found["responsibility.letters_due"].url == f"/letters/?year={TODAY.year}"
    assert figures(whole(world), LAST_YEAR)["responsibility.letters_signed"].value == 1
    head = figures(tech(world), THIS_YEAR)
    assert head["responsibility.letters_due"].value == 2
    assert head["responsibility.letters_signed"].value == 1
    Organisation.objects.filter(pk=world.organisation.pk).update(head=None)
    assert figures(whole(world), THIS_YEAR)["responsibility.letters_due"].value == 0


def test_assessments_commendations_and_penalties_in_the_period__RESP_ASSESS(world):
    assessor = world.person(dept="office")
    lab_person = world.person(dept="lab")
    for dept, period, starts in (
        ("lab", "month", THIS_YEAR.start),
        ("tech", "year", THIS_YEAR.start),
        ("office", "month", THIS_YEAR.start),
        ("lab", "month", datetime.date(TODAY.year - 1, 12, 1)),
    ):
        Assessment.objects.create(
            organisation=world.organisation,
            department=world.departments[dept],
            period=period,
            starts=starts,
            scores={},
            total=90,
            out_of=100,
            assessor=assessor,
        )
    for kind, person, dept, day in (
        ("commendation", lab_person, None, THIS_YEAR.start),
        ("commendation", None, "office", THIS_YEAR.start),
        ("commendation", None, "lab", LAST_YEAR.end),
        ("penalty", lab_person, None, THIS_YEAR.end),
        ("penalty", assessor, None, THIS_YEAR.start),
    ):
        Merit.objects.create(
            organisation=world.organisation,
            kind=kind,
            person=person,
            department=world.departments[dept] if dept else None,
            given_on=day,
            reason="…",
            recorded_by=assessor,
        )
    found = figures(whole(world), THIS_YEAR)
    assert found["responsibility.assessments"].value == 3
    assert sorted(found["responsibility.assessments"].split.values()) == [1, 2]
    assert found["responsibility.commendations"].value == 2
    assert found["responsibility.penalties"].value == 2
    head = figures(tech(world), THIS_YEAR)
    assert head["responsibility.assessments"].value == 2
    assert head["responsibility.commendations"].value == 1
    assert head["responsibility.penalties"].value == 1
    before = figures(whole(world), LAST_YEAR)
    assert before["responsibility.assessments"].value == 1
    assert before["responsibility.commendations"].value == 1
    assert before["responsibility.penalties"].value == 0


@pytest.mark.parametrize(
    "query",
    [
        people_figures.cleared,
        people_figures.newly_cleared,
        people_figures.left_posts,
        people_figures.in_cooling_off,
        people_figures.exit_cases_open,
        people_figures.sessions_held,
        people_figures.hours_given,
        people_figures.attendances,
        people_figures.effect_checks,
        people_figures.self_checks_missing,
        people_figures.letters_due,
        people_figures.letters_signed,
        people_figures.assessments,
        people_figures.commendations,
        people_figures.penalties,
    ],
)
def test_each_figure_is_one_query__ANNUAL_REPORT(world, django_assert_num_queries, query):
    world.person(dept="lab", clearance=Clearance.GENERAL)
    with django_assert_num_queries(1):
        query(tech(world), LAST_YEAR)
