"""Reads of the organisation chart. The chart (departments, people, ranks, security staff) is
known to everyone of the organisation; clearance classes only to the security officer."""

from __future__ import annotations

import copy
import datetime

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from baomi.access.actor import Actor
from baomi.access.roles import Permission, actor_organisation_id, has_permission
from baomi.core import refdata
from baomi.core.errors import NotFound
from baomi.core.workdays import WorkingCalendar, parse_weekdays
from baomi.org.models import (
    CalendarDay,
    Department,
    Employment,
    Organisation,
    Person,
    Rank,
    SecurityAppointment,
    StaffRole,
    WorkingHours,
)


def departments(actor: Actor) -> QuerySet[Department]:
    """The departments of the actor's organisation, in tree order (by path)."""
    return Department.objects.filter(organisation_id=actor_organisation_id(actor))


def people(actor: Actor, *, department_id: int | None = None) -> QuerySet[Person]:
    """The people of the actor's organisation, optionally of one department only."""
    qs = Person.objects.filter(organisation_id=actor_organisation_id(actor))
    if department_id is not None:
        qs = qs.filter(department_id=department_id)
    return qs.select_related("department", "rank")


def sees_clearances(actor: Actor) -> bool:
    """Whether ``actor`` may see people's clearance classes (PPL-CLASS): only the role that
    sets them, the security officer."""
    return has_permission(actor, Permission.SET_CLEARANCE)


def appointments(actor: Actor, *, current: bool = False) -> QuerySet[SecurityAppointment]:
    """The security staff of the actor's organisation (PPL-SECURITY-STAFF); ``current``
    leaves out ended appointments."""
    qs = SecurityAppointment.objects.filter(organisation_id=actor_organisation_id(actor))
    if current:
        qs = qs.filter(until=None)
    return qs.select_related("person", "department")


def person(actor: Actor, person_id: int) -> Person:
    """One person of the actor's organisation; NotFound for anyone else."""
    found = people(actor).filter(pk=person_id).first()
    if found is None:
        raise NotFound(_("No such person."))
    return found


def name_of(actor: Actor, person_id: object) -> str | None:
    """The name of a person of the actor's organisation (an id kept in an approval's
    parameters), or None for anything else."""
    if not isinstance(person_id, int):
        return None
    return people(actor).filter(pk=person_id).values_list("name", flat=True).first()


def chart(actor: Actor) -> QuerySet[Department]:
    """The departments in tree order with their head, leader in charge and head count."""
    return (
        departments(actor)
        .select_related("head", "leader_in_charge")
        .annotate(headcount=Count("people", filter=Q(people__employment=Employment.ACTIVE)))
    )


def department_officers(actor: Actor) -> list[tuple[Department, SecurityAppointment | None]]:
    """Every department with its current part-time security officer, or None where the
    department has none (PPL-SECURITY-STAFF)."""
    officers = {
        a.department_id: a
        for a in appointments(actor, current=True).filter(role=StaffRole.DEPARTMENT_OFFICER)
    }
    return [(d, officers.get(d.pk)) for d in departments(actor)]


def organisation(actor: Actor) -> Organisation | None:
    """The actor's organisation with its head, or None for an account with no person."""
    return (
        Organisation.objects.select_related("head").filter(pk=actor_organisation_id(actor)).first()
    )


def working_hours(organisation_id: int | None) -> WorkingHours:
    """The organisation's working hours; an unsaved row with the defaults when none is set."""
    found = WorkingHours.objects.filter(organisation_id=organisation_id).first()
    return found or WorkingHours(organisation_id=organisation_id)


def calendar_days(actor: Actor, *, year: int | None = None) -> QuerySet[CalendarDay]:
    """The holidays and extra working days of the actor's organisation, by date; ``year``
    keeps one calendar year."""
    qs = CalendarDay.objects.filter(organisation_id=actor_organisation_id(actor))
    return qs if year is None else qs.filter(date__year=year)


def calendar(organisation_id: int | None) -> WorkingCalendar:
    """The organisation's working calendar (working hours, weekdays, holidays, extra working
    days): ``is_working_day``, ``end_of_working_day`` (CIRC-SAMEDAY), ``add_working_days``.
    Not a read of controlled data: the calendar is known to every part of the system. Read
    once per process and again after a change (``core.refdata``, kind CALENDAR); its own
    days one year at a time, when a date of that year is first asked about."""
    if organisation_id is None:
        return _calendar(None)
    return refdata.cached(
        organisation_id, refdata.CALENDAR, "calendar", lambda: _calendar(organisation_id)
    )


def _calendar(organisation_id: int | None) -> WorkingCalendar:
    hours = working_hours(organisation_id)
    return WorkingCalendar.by_year(
        day_start=hours.day_start,
        day_end=hours.day_end,
        weekdays=parse_weekdays(hours.weekdays),
        own_days=lambda year: _own_days(organisation_id, year),
    )


def _own_days(organisation_id: int | None, year: int) -> list[tuple[datetime.date, str]]:
    """The organisation's holidays and extra working days of one year (an index range)."""
    return list(
        CalendarDay.objects.filter(
            organisation_id=organisation_id,
            date__gte=datetime.date(year, 1, 1),
            date__lte=datetime.date(year, 12, 31),
        ).values_list("date", "kind")
    )


def general_office_head(organisation_id: int) -> Person | None:
    """The head of the general office (办公室主任) as the organisation chart names them, with
    their rank, or None (no general office, or no head). Read once per process and again
    after a change of the chart (``core.refdata``, kind CHART); a copy of its own for each
    caller."""

    def read() -> Person | None:
        office = (
            Department.objects.filter(organisation_id=organisation_id, is_general_office=True)
            .select_related("head__rank")
            .first()
        )
        return office.head if office else None

    head = refdata.cached(organisation_id, refdata.CHART, "general_office_head", read)
    return copy.copy(head) if head is not None else None


def rank_with_key(organisation_id: int, key: str) -> Rank | None:
    """The organisation's rank of ``key`` (the rulebook names ranks by key), or None. Read
    once per process and again after a change of the chart (``core.refdata``, kind CHART)."""

    def read() -> Rank | None:
        return Rank.objects.filter(organisation_id=organisation_id, key=key).first()

    rank = refdata.cached(organisation_id, refdata.CHART, ("rank", key), read)
    return copy.copy(rank) if rank is not None else None


def ranks(actor: Actor) -> QuerySet[Rank]:
    """The ranks of the actor's organisation, most senior first."""
    return Rank.objects.filter(organisation_id=actor_organisation_id(actor))


def staffed(organisation_id: int) -> bool:
    """Whether anyone of the organisation is in post: an organisation still empty owes no
    yearly record yet (the committee's meetings, the budget)."""
    return Person.objects.filter(
        organisation_id=organisation_id, employment=Employment.ACTIVE
    ).exists()
