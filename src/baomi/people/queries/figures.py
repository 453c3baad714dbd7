"""The people's files' figures for the security office's dashboard and the annual report
(``seams.figures``, ANNUAL-REPORT): four sections — cleared people (涉密人员), training
(教育培训), self-checks (自查), responsibility and assessment (责任与考核).

Each figure is one COUNT or SUM in the database over the part's people (``Person.department``
inside the part; records of a person through their current department), never a loop over the
rows; each names its query (``source``) and the list behind it (``url``: the office's pages
with their existing filters — the department's when the part is one department). What each
number means, exactly, is the docstring of its function: the annual report's test checks the
figures against the records by these words.

"Cleared" means a person in post (``Employment.ACTIVE``) whose clearance class is not "not
cleared" (PPL-CLASS); a figure of "now" counts on today's date (``now=True``), whatever the
period."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.db.models import (
    Avg,
    Count,
    DecimalField,
    Exists,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy, pgettext_lazy

from baomi.core.levels import Clearance
from baomi.org.models import Department, Employment, Organisation, Person
from baomi.people.models import Assessment as AssessmentRecord
from baomi.people.models import (
    AssessmentPeriod,
    Attendance,
    ClearanceChange,
    CoolingOff,
    ExitCase,
    ExitKind,
    LetterKind,
    Merit,
    MeritKind,
    ResponsibilityLetter,
    SelfCheck,
    TrainingSession,
)
from baomi.people.queries.self_checks import add_months
from baomi.people.queries.training import min_hours, with_hours
from baomi.seams.figures import Figure, FigureProvider, Part, Period, source_of

PEOPLE = pgettext_lazy("unit", "people")
_HOURS = DecimalField(max_digits=9, decimal_places=1)
# Clearance classes as the figures split them, highest first.
CLASSES = (Clearance.CORE, Clearance.IMPORTANT, Clearance.GENERAL)


# --- shared pieces ---------------------------------------------------------------------------


def _people(part: Part) -> QuerySet[Person]:
    """Every person of the part: of its organisation, their department inside it."""
    return Person.objects.filter(
        part.departments("department"), organisation_id=part.organisation_id
    )


def cleared_people(part: Part) -> QuerySet[Person]:
    """The cleared people in post of the part (PPL-CLASS)."""
    return _people(part).filter(employment=Employment.ACTIVE).exclude(clearance=Clearance.NONE)


def _department_id(part: Part) -> int | None:
    """The department a part of exactly one department is (the last id of its path)."""
    if part.department_paths is None or len(part.department_paths) != 1:
        return None
    return int(part.department_paths[0].rstrip("/").rsplit("/", 1)[-1])


def _url(name: str, part: Part | None = None, **params: Any) -> str:
    """The page ``name`` with its query parameters, and the department filter of a part of
    one department when ``part`` is given (a page that filters by department)."""
    query = {k: v for k, v in params.items() if v is not None}
    if part is not None and (department_id := _department_id(part)) is not None:
        query["department"] = department_id
    url = reverse(name)
    return f"{url}?{urlencode(query)}" if query else url


def start_of(day: datetime.date) -> datetime.datetime:
    """The first moment of ``day`` in the installation's time zone."""
    return datetime.datetime.combine(day, datetime.time.min, tzinfo=timezone.get_default_timezone())


def _figure(query: Callable[..., Any], key: str, label: Any, value: Any, **kw: Any) -> Figure:
    return Figure(key=key, label=label, value=value, source=source_of(query), **kw)


# --- 涉密人员 (people) -------------------------------------------------------------------------


def cleared(part: Part, period: Period) -> Figure:
    """people.cleared (now): the people in post of the part whose clearance class is not "not
    cleared", today; split by class (核心, 重要, 一般), the split summing to the value."""
    counted = cleared_people(part).aggregate(
        **{str(c.value): Count("pk", filter=Q(clearance=c)) for c in CLASSES}
    )
    split = {str(c.label): counted[str(c.value)] for c in CLASSES}
    return _figure(
        cleared,
        "people.cleared",
        gettext_lazy("Cleared people"),
        sum(split.values()),
        url=_url("people_files", part),
        unit=PEOPLE,
        now=True,
        split=split,
    )


def newly_cleared(part: Part, period: Period) -> Figure:
    """people.newly_cleared: the people of the part (by their department now) given a
    clearance from "not cleared" to a class in the period (their clearance history,
    ``ClearanceChange`` from NONE, ``changed_at`` inside the period), each counted once."""
    value = (
        ClearanceChange.objects.filter(
            part.departments("person__department"),
            period.during("changed_at"),
            organisation_id=part.organisation_id,
            old=Clearance.NONE,
        )
        .exclude(new=Clearance.NONE)
        .aggregate(n=Count("person", distinct=True))["n"]
    )
    return _figure(
        newly_cleared,
        "people.newly_cleared",
        gettext_lazy("Newly cleared"),
        value,
        url=_url("people_files", part),
        unit=PEOPLE,
    )


def left_posts(part: Part, period: Period) -> Figure:
    """people.left_posts: the people of the part (by their department at leaving, which stays)
    who left a classified post in the period — left the organisation cleared or moved off a
    classified post: a cooling-off period (脱密期, PPL-EXIT) starting inside the period —,
    each counted once."""
    value = CoolingOff.objects.filter(
        part.departments("person__department"),
        period.days("starts"),
        organisation_id=part.organisation_id,
    ).aggregate(n=Count("person", distinct=True))["n"]
    return _figure(
        left_posts,
        "people.left_posts",
        gettext_lazy("Left classified posts"),
        value,
        url=_url("cooling_off_register"),
        unit=PEOPLE,
    )


def in_cooling_off(part: Part, period: Period) -> Figure:
    """people.cooling_off (now): the people of the part in their cooling-off period (脱密期,
    PPL-EXIT) today — a period started on or before today that ends today or later —, each
    counted once (the people list's cooling-off filter)."""
    today = timezone.localdate()
    value = CoolingOff.objects.filter(
        part.departments("person__department"),
        organisation_id=part.organisation_id,
        starts__lte=today,
        ends__gte=today,
    ).aggregate(n=Count("person", distinct=True))["n"]
    return _figure(
        in_cooling_off,
        "people.cooling_off",
        gettext_lazy("In their cooling-off period"),
        value,
        url=_url("people_files", part, cooling_off="on"),
        unit=PEOPLE,
        now=True,
    )


def exit_cases_open(part: Part, period: Period) -> Figure:
    """people.exit_open (now): the exit cases (PPL-EXIT) of people of the part not closed
    today; split by kind (leaving the organisation, moving off a classified post)."""
    counted = ExitCase.objects.filter(
        part.departments("person__department"),
        organisation_id=part.organisation_id,
        closed_at__isnull=True,
    ).aggregate(**{k.value: Count("pk", filter=Q(kind=k)) for k in ExitKind})
    split = {str(k.label): counted[k.value] for k in ExitKind}
    return _figure(
        exit_cases_open,
        "people.exit_open",
        gettext_lazy("Exit cases open"),
        sum(split.values()),
        url=_url("cooling_off_register"),
        unit=pgettext_lazy("unit", "cases"),
        now=True,
        split=split,
    )


# --- 教育培训 (training) -----------------------------------------------------------------------


def _sessions(part: Part, period: Period) -> QuerySet[TrainingSession]:
    """The sessions held in the period: every one of the organisation for the whole of it, for
    departments those attended by at least one person of the part."""
    found = TrainingSession.objects.filter(
        period.days("held_on"), organisation_id=part.organisation_id
    )
    if not part.whole:
        found = found.filter(
            Exists(
                Attendance.objects.filter(
                    part.departments("person__department"), session_id=OuterRef("pk")
                )
            )
        )
    return found


def _attendances(part: Part, period: Period) -> QuerySet[Attendance]:
    return Attendance.objects.filter(
        part.departments("person__department"),
        period.days("held_on"),
        organisation_id=part.organisation_id,
    )


def sessions_held(part: Part, period: Period) -> Figure:
    """training.sessions: the training sessions held (``held_on``) in the period — for the
    whole organisation every session it recorded, for departments the sessions attended by at
    least one of their people."""
    return _figure(
        sessions_held,
        "training.sessions",
        gettext_lazy("Training sessions held"),
        _sessions(part, period).count(),
        url=_url("training", year=period.start.year),
        unit=pgettext_lazy("unit", "sessions"),
    )


def hours_given(part: Part, period: Period) -> Figure:
    """training.hours_given: the class hours of the sessions counted by training.sessions,
    summed (each session's hours once, however many attended)."""
    value = _sessions(part, period).aggregate(
        n=Coalesce(Sum("hours"), Value(Decimal(0)), output_field=_HOURS)
    )["n"]
    return _figure(
        hours_given,
        "training.hours_given",
        gettext_lazy("Class hours given"),
        Decimal(value),
        url=_url("training", year=period.start.year),
        unit=pgettext_lazy("unit", "class hours"),
    )


def attendances(part: Part, period: Period) -> Figure:
    """training.attendances: the attendances (one person at one session, TRAIN-RECORD) of
    people of the part at sessions held in the period."""
    return _figure(
        attendances,
        "training.attendances",
        gettext_lazy("Attendances"),
        _attendances(part, period).count(),
        url=_url("training", year=period.start.year),
        unit=pgettext_lazy("unit", "attendances"),
    )


def effect_checks(part: Part, period: Period) -> Figure:
    """training.effect_checks: the attendances counted by training.attendances whose effect
    was checked by the session's quiz (a quiz score recorded, TRAIN-RECORD)."""
    return _figure(
        effect_checks,
        "training.effect_checks",
        gettext_lazy("Effect checked by a quiz"),
        _attendances(part, period).filter(score__isnull=False).count(),
        url=_url("training", year=period.start.year),
        unit=pgettext_lazy("unit", "attendances"),
    )


def average_hours(part: Part, period: Period) -> Figure:
    """training.average_hours: the class hours attended in the calendar year of the period
    (every session of the year, not only those of the period) per cleared person in post of
    the part today — the sum of their hours over their number, to one decimal (0 without
    any) —, against PPL-TRAINING's ``min_hours`` (``target``)."""
    year = period.start.year
    found = with_hours(cleared_people(part), year).aggregate(average=Avg("training_hours"))
    average = Decimal(str(found["average"] or 0)).quantize(Decimal("0.1"))
    return _figure(
        average_hours,
        "training.average_hours",
        gettext_lazy("Class hours per cleared person this year"),
        average,
        url=_url("training_shortfall", year=year),
        unit=pgettext_lazy("unit", "class hours"),
        target=min_hours(part.organisation_id),
    )


def short_of_minimum(part: Part, period: Period) -> Figure:
    """training.short: the cleared people in post of the part today whose class hours attended
    in the calendar year of the period are under PPL-TRAINING's ``min_hours`` (target 0)."""
    year = period.start.year
    value = (
        with_hours(cleared_people(part), year)
        .filter(training_hours__lt=min_hours(part.organisation_id))
        .count()
    )
    return _figure(
        short_of_minimum,
        "training.short",
        gettext_lazy("Cleared people short of the minimum hours"),
        value,
        url=_url("training_shortfall", year=year),
        unit=PEOPLE,
        target=0,
    )


# --- 自查 (self-checks) ------------------------------------------------------------------------


def months_begun(period: Period, today: datetime.date) -> list[datetime.date]:
    """The months (their first days) of the period that have begun by ``today``."""
    month, found = period.start.replace(day=1), []
    while month <= period.end and month <= today:
        found.append(month)
        month = add_months(month, 1)
    return found


def missing_in(month: datetime.date) -> Q:
    """A person (the outer row) owes ``month``'s self-check and has not filed it
    (PPL-SELFCHECK): no self-check of that month, and not cleared (from "not cleared") only
    after that month ended."""
    return ~Q(Exists(SelfCheck.objects.filter(person_id=OuterRef("pk"), month=month))) & ~Q(
        Exists(
            ClearanceChange.objects.filter(
                person_id=OuterRef("pk"),
                old=Clearance.NONE,
                changed_at__gte=start_of(add_months(month, 1)),
            ).exclude(new=Clearance.NONE)
        )
    )


def self_checks_missing(part: Part, period: Period) -> Figure:
    """self_checks.missing: for each month of the period begun by today, the cleared people in
    post of the part today without a self-check filed for that month, not counting a month
    that ended before they were (last) cleared; summed over the months, split by month
    ("2026-01"), the split summing to the value. This month counts as soon as it begins (not
    yet filed)."""
    months = months_begun(period, timezone.localdate())
    counted = (
        cleared_people(part).aggregate(
            **{f"{m:%Y-%m}": Count("pk", filter=missing_in(m)) for m in months}
        )
        if months
        else {}
    )
    return _figure(
        self_checks_missing,
        "self_checks.missing",
        gettext_lazy("Monthly self-checks missing"),
        sum(counted.values()),
        url=_url("people_files", part, self_check_missing="on"),
        unit=pgettext_lazy("unit", "self-checks"),
        target=0,
        split=counted,
    )


# --- 责任与考核 (responsibility and assessment) --------------------------------------------------


def letters_owed(part: Part) -> QuerySet[Department]:
    """The departments of the part that owe the year's responsibility letter (RESP-ANNUAL)
    with the head of the organisation: the organisation's head set, a department head set,
    and the two different people; annotated with ``organisation_head``."""
    head = Organisation.objects.filter(pk=part.organisation_id).values("head_id")
    return (
        Department.objects.filter(part.departments(""), organisation_id=part.organisation_id)
        .annotate(organisation_head=Subquery(head))
        .filter(head__isnull=False, organisation_head__isnull=False)
        .exclude(head_id=F("organisation_head"))
    )


def in_effect(year: int) -> Exists:
    """The department (the outer row, annotated by ``letters_owed``) has a department letter
    of ``year`` in effect between the organisation's current head and its own current head:
    both signed (RESP-ANNUAL's "done")."""
    return Exists(
        ResponsibilityLetter.objects.filter(
            kind=LetterKind.DEPARTMENT,
            year=year,
            department_id=OuterRef("pk"),
            first_id=OuterRef("organisation_head"),
            second_id=OuterRef("head_id"),
            first_signed_on__isnull=False,
            second_signed_on__isnull=False,
        )
    )


def letters_due(part: Part, period: Period) -> Figure:
    """responsibility.letters_due: the departments of the part that owe a responsibility
    letter of the calendar year of the period with the head of the organisation (RESP-ANNUAL),
    as the chart stands today: the organisation's head and the department's head both set and
    different people (department letters only, not the cleared people's)."""
    year = period.start.year
    return _figure(
        letters_due,
        "responsibility.letters_due",
        gettext_lazy("Responsibility letters due"),
        letters_owed(part).count(),
        url=_url("letters", year=year),
        unit=pgettext_lazy("unit", "letters"),
    )


def letters_signed(part: Part, period: Period) -> Figure:
    """responsibility.letters_signed: of the departments counted by
    responsibility.letters_due, those whose letter of that year between the organisation's
    current head and the department's current head both have signed (in effect)."""
    year = period.start.year
    return _figure(
        letters_signed,
        "responsibility.letters_signed",
        gettext_lazy("Responsibility letters signed"),
        letters_owed(part).filter(in_effect(year)).count(),
        url=_url("letters", year=year),
        unit=pgettext_lazy("unit", "letters"),
    )


def assessments(part: Part, period: Period) -> Figure:
    """responsibility.assessments: the assessments (RESP-ASSESS) of departments of the part
    whose assessed month or year starts (``starts``) inside the period; split by monthly and
    yearly, the split summing to the value."""
    counted = AssessmentRecord.objects.filter(
        part.departments("department"),
        period.days("starts"),
        organisation_id=part.organisation_id,
    ).aggregate(**{p.value: Count("pk", filter=Q(period=p)) for p in AssessmentPeriod})
    split = {str(p.label): counted[p.value] for p in AssessmentPeriod}
    return _figure(
        assessments,
        "responsibility.assessments",
        gettext_lazy("Department assessments"),
        sum(split.values()),
        url=_url("assessments"),
        unit=pgettext_lazy("unit", "assessments"),
        split=split,
    )


def _merits(part: Part, period: Period, kind: str) -> int:
    """The commendations or penalties (``kind``) given (``given_on``) in the period to a
    person of the part or to a department of the part."""
    within = (
        Q()
        if part.whole
        else (part.departments("person__department") | part.departments("department"))
    )
    return Merit.objects.filter(
        within, period.days("given_on"), organisation_id=part.organisation_id, kind=kind
    ).count()


def commendations(part: Part, period: Period) -> Figure:
    """responsibility.commendations: the commendations (RESP-ASSESS) given in the period
    (``given_on``) to a person of the part (by their department now) or to a department of
    the part."""
    return _figure(
        commendations,
        "responsibility.commendations",
        gettext_lazy("Commendations"),
        _merits(part, period, MeritKind.COMMENDATION),
        url=_url("merits"),
    )


def penalties(part: Part, period: Period) -> Figure:
    """responsibility.penalties: the penalties (RESP-ASSESS) given in the period (``given_on``)
    to a person of the part (by their department now) or to a department of the part."""
    return _figure(
        penalties,
        "responsibility.penalties",
        gettext_lazy("Penalties"),
        _merits(part, period, MeritKind.PENALTY),
        url=_url("merits"),
    )


# --- the sections ----------------------------------------------------------------------------


def _section(*queries: Callable[[Part, Period], Figure]) -> Callable[[Part, Period], list[Figure]]:
    def figures(part: Part, period: Period) -> list[Figure]:
        return [query(part, period) for query in queries]

    return figures


PROVIDERS = (
    FigureProvider(
        "people",
        gettext_lazy("Cleared people"),
        _section(cleared, newly_cleared, left_posts, in_cooling_off, exit_cases_open),
        order=40,
    ),
    FigureProvider(
        "training",
        gettext_lazy("Education and training"),
        _section(
            sessions_held,
            hours_given,
            attendances,
            effect_checks,
            average_hours,
            short_of_minimum,
        ),
        order=41,
    ),
    FigureProvider(
        "self_checks",
        gettext_lazy("Self-checks"),
        _section(self_checks_missing),
        order=42,
    ),
    FigureProvider(
        "responsibility",
        gettext_lazy("Responsibility and assessment"),
        _section(letters_due, letters_signed, assessments, commendations, penalties),
        order=43,
    ),
)
