"""Deadline providers: the seed of one deadline engine.

Every rule of kind DEADLINE has a provider, registered by the domain that keeps what the rule
times: ``provide(organisation_id, moment)`` answers the open deadlines of that organisation as
``Deadline`` rows (the rule, the subject, when it falls due, who answers for it), computed in
the database, not by a loop over every item. ``deadlines`` asks every provider; the state of a
deadline follows from its due time and ``moment``."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import StrEnum

from django.utils import timezone

from baomi.seams.registry import Registry

# How long before its due time a deadline counts as due (reminders start then).
DUE_SOON = datetime.timedelta(days=3)


class State(StrEnum):
    UPCOMING = "upcoming"
    DUE = "due"
    OVERDUE = "overdue"
    DONE = "done"


@dataclass(frozen=True)
class Deadline:
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
class DeadlineProvider:
    key: str  # the DEADLINE rule's ID
    provide: Callable[[int, datetime.datetime], Iterable[Deadline]]


DEADLINE_PROVIDERS: Registry[DeadlineProvider] = Registry("deadline provider")


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
        for deadline in provider.provide(organisation_id, moment)
    ]
    return sorted(found, key=lambda d: (d.due_at, d.rule_id, d.subject_id))
