"""Reads of the training records (PPL-TRAINING, TRAIN-RECORD), through what the actor may
know: the sessions (the organisation's, TRAINING_SESSIONS), the attendances (the office's
organisation, anyone else their own, ATTENDANCES), each person's class hours of a year against
the rulebook's minimum (``PPL-TRAINING.min_hours``), the shortfall per person and department
(the office), and the 培训记录 register as a ``core.exports.Table``.

``with_hours(people, year)`` is the one sum of hours: the people list, the shortfall, the
deadline provider and a person's own hours all annotate through it (one correlated subquery on
the attendance index, never a query per person)."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import (
    Avg,
    Count,
    DecimalField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from baomi.access.actor import Actor
from baomi.access.roles import actor_organisation_id, require
from baomi.audit.actions import register_action
from baomi.audit.recorder import record_event
from baomi.core import exports
from baomi.core.errors import NotFound
from baomi.core.levels import Clearance
from baomi.org.models import Employment, Person
from baomi.people import imports
from baomi.people.models import Attendance, TrainingSession
from baomi.people.policies import ATTENDANCES, OFFICE, TRAINING_SESSIONS, keeps_files
from baomi.rulebook import book

EXPORTED = register_action(
    "people.training_exported", gettext_lazy("Training record (培训记录) exported")
)
_HOURS = DecimalField(max_digits=7, decimal_places=1)


def with_hours(people: QuerySet[Person], year: int) -> QuerySet[Person]:
    """``people`` annotated with ``training_hours``: the class hours of the sessions each
    attended in ``year`` (0 without any), one correlated sum on the attendance index."""
    hours = (
        Attendance.objects.filter(
            person_id=OuterRef("pk"),
            held_on__gte=datetime.date(year, 1, 1),
            held_on__lte=datetime.date(year, 12, 31),
        )
        .order_by()
        .values("person_id")
        .annotate(total=Sum("hours"))
        .values("total")
    )
    field = DecimalField(max_digits=7, decimal_places=1)
    return people.annotate(
        training_hours=Coalesce(
            Subquery(hours, output_field=field), Value(Decimal(0)), output_field=field
        )
    )


def this_year() -> int:
    return timezone.localdate().year


def min_hours(organisation_id: int | None) -> int:
    """The least class hours a year (PPL-TRAINING ``min_hours``) of the organisation."""
    return int(book.param(organisation_id, "PPL-TRAINING", "min_hours"))


def cleared_in_post(organisation_id: int | None) -> QuerySet[Person]:
    """Who owes the year's hours (PPL-TRAINING): every cleared person still in post."""
    return Person.objects.filter(
        organisation_id=organisation_id, employment=Employment.ACTIVE
    ).exclude(clearance=Clearance.NONE)


# --- sessions -------------------------------------------------------------------------------


def _effect(sessions: QuerySet[TrainingSession]) -> QuerySet[TrainingSession]:
    """Sessions with their effect (TRAIN-RECORD): attendees, quiz answers and average score,
    ratings and average rating."""
    return sessions.annotate(
        attendees=Count("attendances", distinct=True),
        answered=Count("attendances", filter=Q(attendances__score__isnull=False)),
        average_score=Avg("attendances__score"),
        rated=Count("attendances", filter=Q(attendances__rating__isnull=False)),
        average_rating=Avg("attendances__rating"),
    )


def sessions(actor: Actor, *, year: int | None = None) -> QuerySet[TrainingSession]:
    """The sessions the actor may know (their organisation's), of ``year`` when given, latest
    first, each with its effect."""
    found = TRAINING_SESSIONS.known(actor)
    if year is not None:
        found = found.filter(held_on__year=year)
    return _effect(found).select_related("organiser")


def session(actor: Actor, session_id: int) -> TrainingSession:
    """One session with its effect, or "not found" (another organisation's alike)."""
    found = sessions(actor).filter(pk=session_id).first()
    if found is None:
        raise NotFound(_("No such training session."))
    return found


def attendances(actor: Actor, session_id: int) -> QuerySet[Attendance]:
    """Who attended the session, as far as the actor may know (the office: everyone; anyone
    else: themselves)."""
    return (
        ATTENDANCES.known(actor)
        .filter(session_id=session_id)
        .select_related("person__department")
        .order_by("person__department__path", "person__name", "pk")
    )


def office_attendance(actor: Actor, attendance_id: int) -> Attendance:
    require(actor, OFFICE)
    found = ATTENDANCES.known(actor).filter(pk=attendance_id).select_related("session").first()
    if found is None:
        raise NotFound(_("No such attendance."))
    return found


def ratings(actor: Actor, session_id: int) -> dict[int, int]:
    """How many attendees (as far as the actor may know them) gave each rating, 1 to 5."""
    counted = dict(
        ATTENDANCES.known(actor)
        .filter(session_id=session_id, rating__isnull=False)
        .values_list("rating")
        .annotate(n=Count("pk"))
        .values_list("rating", "n")
    )
    return {r: counted.get(r, 0) for r in range(1, 6)}


def sessions_held(organisation_id: int | None, year: int) -> int:
    return TrainingSession.objects.filter(
        organisation_id=organisation_id, held_on__year=year
    ).count()


def check_sheet(actor: Actor, session_id: int, rows: list[Any]) -> imports.Checked:
    """The dry run of an attendance sheet (the office): what would be signed in, every
    rejected row and why, the rows marked absent. Writes nothing."""
    require(actor, OFFICE)
    found = session(actor, session_id)
    person = getattr(actor, "person", None)
    return imports.check(
        found.organisation_id, found.pk, person.pk if person is not None else None, rows
    )


# --- hours and shortfalls --------------------------------------------------------------------


class AgainstMinimum:
    """Class hours (``hours``) against the year's minimum (``minimum``)."""

    hours: Decimal
    minimum: int

    @property
    def short(self) -> bool:
        return self.hours < self.minimum

    @property
    def missing(self) -> Decimal:
        return max(Decimal(self.minimum) - self.hours, Decimal(0))


@dataclass(frozen=True)
class Hours(AgainstMinimum):
    """A person's class hours of a year against the minimum."""

    hours: Decimal
    minimum: int
    year: int


def hours(actor: Actor, person_id: int, year: int | None = None) -> Hours:
    """A person's hours of ``year`` (this year): the office's of anyone of its organisation,
    anyone else's their own ("not found" otherwise)."""
    year = year or this_year()
    organisation_id = actor_organisation_id(actor)
    own = getattr(actor, "person_id", None) == person_id
    if not (own or keeps_files(actor)):
        raise NotFound(_("No such person."))
    found = (
        with_hours(Person.objects.filter(organisation_id=organisation_id, pk=person_id), year)
        .values_list("training_hours", flat=True)
        .first()
    )
    if found is None:
        raise NotFound(_("No such person."))
    return Hours(found, min_hours(organisation_id), year)


def my_attendances(actor: Actor, year: int | None = None) -> QuerySet[Attendance]:
    """The actor's own attendances (of ``year`` when given), latest first, with their
    session."""
    person_id = getattr(actor, "person_id", None)
    found = ATTENDANCES.known(actor).filter(person_id=person_id).select_related("session")
    if year is not None:
        found = found.filter(held_on__year=year)
    return found.order_by("-held_on", "-pk")


def person_attendances(actor: Actor, person_id: int, year: int) -> QuerySet[Attendance]:
    """A person's attendances of ``year``, as far as the actor may know them."""
    return (
        ATTENDANCES.known(actor)
        .filter(person_id=person_id, held_on__year=year)
        .select_related("session")
        .order_by("-held_on", "-pk")
    )


@dataclass(frozen=True)
class PersonHours(AgainstMinimum):
    person_id: int
    name: str
    staff_number: str
    department_id: int
    department: str
    hours: Decimal
    minimum: int


@dataclass
class DepartmentShortfall:
    department_id: int
    department: str
    people: int = 0
    short: int = 0
    hours: Decimal = Decimal(0)
    missing: Decimal = Decimal(0)


def hours_by_person(
    organisation_id: int | None, year: int, person_ids: list[int] | None = None
) -> dict[int, Decimal]:
    """Each person's class hours of ``year`` (of ``person_ids``, else of everyone), for those
    who attended anything: one grouped sum over the organisation's attendances of the year."""
    found = Attendance.objects.filter(
        organisation_id=organisation_id,
        held_on__gte=datetime.date(year, 1, 1),
        held_on__lte=datetime.date(year, 12, 31),
    )
    if person_ids is not None:
        found = found.filter(person_id__in=person_ids)
    return dict(
        found.order_by()
        .values("person_id")
        .annotate(total=Sum("hours"))
        .values_list("person_id", "total")
    )


def year_hours(
    actor: Actor, year: int | None = None, *, offset: int = 0, limit: int | None = None
) -> list[PersonHours]:
    """Every cleared person in post (``limit`` of them from ``offset``) with their hours of
    ``year`` against the minimum, by department and name (the office; the people, then the
    hours of those people summed: two queries)."""
    require(actor, OFFICE)
    year = year or this_year()
    organisation_id = actor_organisation_id(actor)
    minimum = min_hours(organisation_id)
    people = cleared_in_post(organisation_id).order_by("department__path", "name", "pk")
    if limit is not None:
        people = people[offset : offset + limit]
    found = list(
        people.values_list("pk", "name", "staff_number", "department_id", "department__name")
    )
    ids = [row[0] for row in found] if limit is not None else None
    hours = hours_by_person(organisation_id, year, ids)
    return [PersonHours(*row, hours.get(row[0], Decimal(0)), minimum=minimum) for row in found]


def hours_rows(actor: Actor, year: int, *, offset: int = 0, limit: int = 500) -> list[PersonHours]:
    """The year's hours as the actor may read them: the cleared people in post for the
    office (``year_hours``, ``limit`` from ``offset``), one's own for anyone else (none
    without a person)."""
    if keeps_files(actor):
        return year_hours(actor, year, offset=offset, limit=limit)
    person_id = getattr(actor, "person_id", None)
    if person_id is None or getattr(actor, "person", None) is None or not actor.person.is_active:
        return []
    organisation_id = actor_organisation_id(actor)
    found = (
        with_hours(Person.objects.filter(organisation_id=organisation_id, pk=person_id), year)
        .values_list(
            "pk", "name", "staff_number", "department_id", "department__name", "training_hours"
        )
        .first()
    )
    return [PersonHours(*found, minimum=min_hours(organisation_id))] if found else []


def shortfall(actor: Actor, year: int | None = None) -> list[DepartmentShortfall]:
    """The year's hours per department (the office), in the chart's order: cleared people in
    post, how many are short of the minimum, their hours and the hours missing. Two queries
    (the people, their summed hours) and one pass; who is short is ``short_list``."""
    require(actor, OFFICE)
    year = year or this_year()
    organisation_id = actor_organisation_id(actor)
    minimum = Decimal(min_hours(organisation_id))
    hours = hours_by_person(organisation_id, year)
    departments: dict[int, DepartmentShortfall] = {}
    people = (
        cleared_in_post(organisation_id)
        .order_by("department__path")
        .values_list("pk", "department_id", "department__name")
    )
    for pk, department_id, name in people:
        dept = departments.get(department_id)
        if dept is None:
            dept = departments[department_id] = DepartmentShortfall(department_id, name)
        done = hours.get(pk, Decimal(0))
        dept.people += 1
        dept.hours += done
        if done < minimum:
            dept.short += 1
            dept.missing += minimum - done
    return list(departments.values())


def short_list(actor: Actor, year: int | None = None, *, limit: int = 100) -> list[PersonHours]:
    """The first ``limit`` cleared people in post short of the minimum in ``year``, by
    department and name (the office's shortfall page; all of them are the people list's
    training filter)."""
    require(actor, OFFICE)
    year = year or this_year()
    organisation_id = actor_organisation_id(actor)
    minimum = min_hours(organisation_id)
    found = (
        with_hours(cleared_in_post(organisation_id), year)
        .filter(training_hours__lt=minimum)
        .order_by("department__path", "name", "pk")
        .values_list(
            "pk", "name", "staff_number", "department_id", "department__name", "training_hours"
        )[:limit]
    )
    return [PersonHours(*row, minimum=minimum) for row in found]


def short_people(organisation_id: int, year: int) -> QuerySet[Person]:
    """The cleared people in post whose hours of ``year`` are short of the minimum (the
    deadline provider's rows)."""
    minimum = min_hours(organisation_id)
    return with_hours(cleared_in_post(organisation_id), year).filter(training_hours__lt=minimum)


def sessions_per_quarter(organisation_id: int, year: int) -> dict[int, int]:
    """How many sessions the organisation held in each quarter (1–4) of ``year`` (one
    query), for PPL-TRAINING's ``sessions_per_year`` (quarterly sessions)."""
    counted = dict.fromkeys(range(1, 5), 0)
    for held_on in TrainingSession.objects.filter(
        organisation_id=organisation_id, held_on__year=year
    ).values_list("held_on", flat=True):
        counted[(held_on.month - 1) // 3 + 1] += 1
    return counted


def sessions_per_year(organisation_id: int | None) -> int:
    return int(book.param(organisation_id, "PPL-TRAINING", "sessions_per_year"))


# --- the 培训记录 register (TRAIN-RECORD) ----------------------------------------------------

COLUMNS = (
    ("held_on", gettext_lazy("Date")),
    ("topic", gettext_lazy("Topic")),
    ("hours", gettext_lazy("Class hours")),
    ("trainer", gettext_lazy("Trainer")),
    ("place", gettext_lazy("Place")),
    ("attendees", gettext_lazy("Attendees")),
    ("names", gettext_lazy("Attendees' names")),
    ("effect", gettext_lazy("Effect")),
)


def effect_text(found: Any) -> str:
    """A session's effect as the register prints it: the quiz's average score and the average
    rating, each with how many gave it."""
    parts = []
    if found.answered:
        parts.append(
            _("quiz %(score).0f (%(n)d answered)")
            % {"score": found.average_score, "n": found.answered}
        )
    if found.rated:
        parts.append(
            _("rating %(rating).1f of 5 (%(n)d rated)")
            % {"rating": found.average_rating, "n": found.rated}
        )
    return "; ".join(parts) or "—"


def record_table(actor: Actor, year: int) -> exports.Table:
    """The 培训记录 of ``year`` (TRAIN-RECORD; the office): one line per session with its
    attendees' names and its effect (two queries)."""
    require(actor, OFFICE)
    found = list(sessions(actor, year=year).order_by("held_on", "pk"))
    names: dict[int, list[str]] = defaultdict(list)
    for session_id, name in (
        ATTENDANCES.known(actor)
        .filter(session_id__in=[s.pk for s in found])
        .order_by("person__department__path", "person__name")
        .values_list("session_id", "person__name")
    ):
        names[session_id].append(name)
    person = getattr(actor, "person", None)
    return exports.Table(
        title=_("Training record"),
        organisation=person.organisation.name if person is not None else "",
        period=str(year),
        columns=[(key, str(header)) for key, header in COLUMNS],
        rows=[
            [
                f"{s.held_on:%Y-%m-%d}",
                s.topic,
                str(s.hours),
                s.trainer,
                s.place,
                str(s.attendees),
                "、".join(names[s.pk]),
                effect_text(s),
            ]
            for s in found
        ],
        signature_columns=(_("Recorded by"),),
    )


def export(actor: Actor, year: int, file_format: str) -> exports.Export:
    """The 培训记录 of ``year`` as an .xlsx or PDF file; the export is recorded in the audit
    log with the year, the format and the number of lines."""
    exports.require_format(file_format)
    printed = record_table(actor, year)
    exported = exports.export_file(printed, file_format, f"{printed.title}_{year}.{file_format}")
    with transaction.atomic():
        record_event(
            actor=actor,
            action=EXPORTED,
            organisation_id=actor_organisation_id(actor),
            data={"format": file_format, "year": year, "lines": len(printed.rows)},
        )
    return exported
