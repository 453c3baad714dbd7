"""Deadline providers: what the deadline engine (``baomi.cockpit``) reads.

Every rule of kind DEADLINE has a provider, registered by the domain that keeps what the rule
times. A provider answers the open deadlines of an organisation (the rule, the subject, when it
falls due, who answers for it) in one of two ways:

- ``queries(organisation_id, moment)`` → ``[DeadlineQuery]``: each a queryset of the items with
  a deadline and the names of its due time (or due day), person and department columns. The
  engine counts them per state, rule and department with one COUNT … GROUP BY each and reads a
  page as the first rows of each ordered by due time, so a rule with hundreds of thousands of
  open deadlines (every classified document's yearly review) costs a count, not a list. The
  providers of many items answer this way.
- ``provide(organisation_id, moment)`` → ``[Deadline]``: rows computed in the database and
  answered as a list, for rules with few open deadlines or a due time no column holds.

A provider may answer both ways (PPL-TRAINING: each person's hours as a query, the
organisation's sessions of each quarter as a list).

``deadlines`` answers every provider's deadlines as rows; the state of a deadline follows from
its due time and ``moment``."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, NamedTuple

from django.apps import apps
from django.db.models import DateTimeField, F, Q, QuerySet, Value
from django.utils import timezone

from baomi.core.dbfunctions import EndOfDay
from baomi.seams.registry import Registry

# How long before its due time a deadline counts as due (reminders start then).
DUE_SOON = datetime.timedelta(days=3)


class State(StrEnum):
    UPCOMING = "upcoming"
    DUE = "due"
    OVERDUE = "overdue"
    DONE = "done"


class Deadline(NamedTuple):
    """One deadline. A named tuple of plain values, which the cyclic garbage collector stops
    tracking: a listed provider answers one for each of thousands of people, on every page."""

    rule_id: str
    subject_type: str  # "<app>.<model>", as approval subjects are named
    subject_id: int
    due_at: datetime.datetime
    person_id: int | None = None  # who answers for it
    department_id: int | None = None
    done: bool = False

    def state(self, moment: datetime.datetime) -> State:
        if self.done:
            return State.DONE
        if self.due_at <= moment:
            return State.OVERDUE
        if self.due_at - moment <= DUE_SOON:
            return State.DUE
        return State.UPCOMING


@dataclass(frozen=True)
class DeadlineQuery:
    """One rule's open deadlines as a query: ``rows`` (the items, of one organisation) with
    ``due`` the name of their due time — a timestamp, or with ``by_day`` a date, the deadline
    falling at the end of the day ``days_after`` days after it — or the day every row is due
    by (read from no column); and the names of the subject's id, the person and the
    department answering (None: nobody named). Every row is an open deadline."""

    rule_id: str
    subject_type: str
    rows: QuerySet[Any]
    due: str | datetime.date
    subject: str = "pk"  # the name of the subject's id among the rows' columns
    person: str | None = None
    department: str | None = None
    by_day: bool = False
    days_after: int = 0

    @property
    def shared_due(self) -> datetime.datetime | None:
        """The due time every row shares (``due`` a day), else None."""
        if isinstance(self.due, str):
            return None
        return end_of_day(self.due + datetime.timedelta(days=self.days_after))

    def ordering(self) -> tuple[str, ...]:
        """The rows' order, soonest due first."""
        return (self.subject,) if self.shared_due else (str(self.due), self.subject)

    def before(self, moment: datetime.datetime) -> Q:
        """The rows whose deadline falls at or before ``moment`` (of a query whose rows share
        their due time: all of them or none)."""
        if self.shared_due:
            return Q() if self.shared_due <= moment else Q(pk__in=[])
        if not self.by_day:
            return Q(**{f"{self.due}__lte": moment})
        last = timezone.localdate(moment) - datetime.timedelta(days=self.days_after)
        return Q(**{f"{self.due}__lt": last})

    def due_expression(self) -> Any:
        """The rows' due time as an expression the database computes (a day's end through
        ``core.dbfunctions.EndOfDay``), the same as ``due_at`` of each row."""
        if self.shared_due:
            return Value(self.shared_due, output_field=DateTimeField())
        if self.by_day:
            return EndOfDay(F(str(self.due)), self.days_after)
        return F(str(self.due))

    def due_at(self, value: Any) -> datetime.datetime:
        """The due time of a row whose ``due`` column holds ``value``."""
        if self.shared_due:
            return self.shared_due
        if not self.by_day:
            return value
        return end_of_day(value + datetime.timedelta(days=self.days_after))

    def deadlines(self, rows: QuerySet[Any] | None = None) -> list[Deadline]:
        """``rows`` (default: all of them, in no order) as deadline rows, in their order."""
        due = self.subject if self.shared_due else str(self.due)
        columns = [self.subject, due, self.person or "pk", self.department or "pk"]
        return [
            Deadline(
                self.rule_id,
                self.subject_type,
                subject,
                self.due_at(due),
                person if self.person else None,
                department if self.department else None,
            )
            for subject, due, person, department in (
                self.rows.order_by() if rows is None else rows
            ).values_list(*columns)
        ]


@dataclass(frozen=True)
class DeadlineProvider:
    key: str  # the DEADLINE rule's ID
    provide: Callable[[int, datetime.datetime], Iterable[Deadline]] | None = None
    queries: Callable[[int, datetime.datetime], list[DeadlineQuery]] | None = None

    def __post_init__(self) -> None:
        assert self.provide or self.queries, f"deadline provider {self.key} answers nothing"

    def answer(self, organisation_id: int, moment: datetime.datetime) -> list[Deadline]:
        """The organisation's open deadlines of this provider, as rows."""
        found = list(self.provide(organisation_id, moment)) if self.provide else []
        if self.queries is not None:
            found += [d for q in self.queries(organisation_id, moment) for d in q.deadlines()]
        return found

    def of_subject(
        self, organisation_id: int, moment: datetime.datetime, subject_type: str, subject_id: int
    ) -> list[Deadline]:
        """The open deadlines of this provider about one subject."""
        listed = list(self.provide(organisation_id, moment)) if self.provide else []
        queries = self.queries(organisation_id, moment) if self.queries else []
        return [
            d for d in listed if (d.subject_type, d.subject_id) == (subject_type, subject_id)
        ] + [
            d
            for q in queries
            if q.subject_type == subject_type
            for d in q.deadlines(q.rows.filter(**{q.subject: subject_id}))
        ]


DEADLINE_PROVIDERS: Registry[DeadlineProvider] = Registry("deadline provider")


def subject_kind(subject_type: str) -> Any:
    """The name of a kind of deadline subject ("carriers.copy" → 份: its model's verbose name,
    lazy), or the type itself for a type no installed model has."""
    try:
        return apps.get_model(subject_type)._meta.verbose_name
    except (LookupError, ValueError):
        return subject_type


def end_of_day(day: datetime.date) -> datetime.datetime:
    """The due time of a deadline that falls on a date ("by that date"): the end of that
    calendar day, in the installation's time zone."""
    return datetime.datetime.combine(
        day + datetime.timedelta(days=1), datetime.time.min, tzinfo=timezone.get_default_timezone()
    )


def deadlines(organisation_id: int, moment: datetime.datetime) -> list[Deadline]:
    """Every open deadline of the organisation, soonest first."""
    found = [
        deadline
        for provider in DEADLINE_PROVIDERS
        for deadline in provider.answer(organisation_id, moment)
    ]
    return sorted(found, key=lambda d: (d.due_at, d.rule_id, d.subject_id))
