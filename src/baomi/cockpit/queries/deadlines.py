"""The deadline engine's reads: every domain's open deadlines (``baomi.seams.deadlines``) as a
person sees them.

Who sees which deadlines (``seen``): the security office and the leaders (SEE_DASHBOARD) every
one of their organisation, a department head those of the departments they head (with their
sub-departments), everyone those they answer for. Each provider answers its rule's deadlines in
one database query; nothing here loops over the items themselves, only over the deadlines the
providers answered (for the filters, the page and the tallies).

A row names the deadline's subject only to a viewer who may know it (``approvals.describe``,
the subject kinds the domains register): anyone else reads the kind of item (a copy, an asset)
and nothing that identifies it."""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.utils import translation
from django.utils.translation import gettext as _

from baomi.access.actor import Actor
from baomi.access.mac import knower
from baomi.cockpit.policies import part_of
from baomi.core import rules
from baomi.core.errors import InvalidInput
from baomi.org.models import Department, Person
from baomi.seams.approvals import Subject, describe
from baomi.seams.deadlines import Deadline, State, deadlines

PAGE_SIZE = 50
MAX_LIMIT = 200
STATES = tuple(State)


def seen(actor: Actor | None, moment: datetime.datetime) -> list[Deadline]:
    """Every open deadline of ``actor``'s organisation that ``actor`` sees, soonest first: all
    of them with SEE_DASHBOARD, those of the departments they head, and those they answer
    for."""
    person = knower(actor)
    if person is None:
        return []
    found = deadlines(person.organisation_id, moment)
    part = part_of(actor)
    if part is not None and part.whole:
        return found
    headed = _headed(actor, part)
    return [d for d in found if d.person_id == person.pk or d.department_id in headed]


def _headed(actor: Actor | None, part: Any) -> set[int]:
    """The departments (with their sub-departments) of ``part`` that are not the whole
    organisation; empty for None."""
    if part is None:
        return set()
    return set(Department.objects.filter(part.departments("")).values_list("pk", flat=True))


@dataclass(frozen=True)
class Filters:
    """What the deadlines page and its route narrow to: a state, a rule, a department (with
    its sub-departments) of the viewer's part, only those the viewer answers for."""

    state: str = ""
    rule_id: str = ""
    department_id: int | None = None
    mine: bool = False


def check_filters(actor: Actor | None, filters: Filters) -> Filters:
    """``filters`` when each names something that exists and lies in the viewer's part;
    InvalidInput naming the field otherwise."""
    if filters.state and filters.state not in STATES:
        raise InvalidInput(_("No such state."), field="state")
    if filters.rule_id and filters.rule_id not in rules.RULES:
        raise InvalidInput(_("No such rule in the rulebook."), field="rule_id")
    if filters.department_id is not None and filters.department_id not in departments(actor):
        raise InvalidInput(_("No such department."), field="department_id")
    return filters


def departments(actor: Actor | None) -> dict[int, str]:
    """The departments the viewer may filter by (id → name, in the tree's order): every one
    of the organisation for SEE_DASHBOARD, those they head with their sub-departments, else
    none."""
    part = part_of(actor)
    if part is None:
        return {}
    rows = Department.objects.filter(organisation_id=part.organisation_id).filter(
        part.departments("")
    )
    return dict(rows.order_by("path").values_list("pk", "name"))


def _narrowed(
    actor: Actor | None, found: list[Deadline], filters: Filters, moment: datetime.datetime
) -> list[Deadline]:
    if filters.department_id is not None:
        top = Department.objects.get(pk=filters.department_id)
        inside = set(
            Department.objects.filter(
                organisation_id=top.organisation_id, path__startswith=top.path
            ).values_list("pk", flat=True)
        )
        found = [d for d in found if d.department_id in inside]
    if filters.mine:
        person_id = getattr(actor, "person_id", None)
        found = [d for d in found if d.person_id == person_id]
    if filters.rule_id:
        found = [d for d in found if d.rule_id == filters.rule_id]
    if filters.state:
        found = [d for d in found if d.state(moment) == filters.state]
    return found


def listed(
    actor: Actor | None, moment: datetime.datetime, filters: Filters = Filters()
) -> list[Deadline]:
    """The deadlines ``actor`` sees narrowed by ``filters`` (checked), soonest due first: the
    longest overdue lead."""
    check_filters(actor, filters)
    return _narrowed(actor, seen(actor, moment), filters, moment)


def overdue(actor: Actor | None, moment: datetime.datetime) -> list[Deadline]:
    """Everything overdue that ``actor`` sees, the longest overdue first."""
    return listed(actor, moment, Filters(state=State.OVERDUE))


# The rows of a page --------------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    """One deadline as the viewer reads it."""

    deadline: Deadline
    state: State
    rule_title: str
    kind: str  # the kind of item (its model's name), always shown
    subject: Subject | None  # its label and page, only for a viewer who may know it
    person: str  # who answers for it ("" when nobody is named)
    department: str
    late: datetime.timedelta | None  # how long overdue

    @property
    def days_late(self) -> int:
        return self.late.days if self.late else 0

    def as_json(self) -> dict[str, Any]:
        d = self.deadline
        return {
            "rule_id": d.rule_id,
            "rule_title": self.rule_title,
            "state": str(self.state),
            "subject_type": d.subject_type,
            "subject_id": d.subject_id if self.subject else None,
            "subject_kind": self.kind,
            "subject_label": self.subject.label if self.subject else None,
            "subject_url": self.subject.url if self.subject else None,
            "due_at": d.due_at,
            "person_id": d.person_id,
            "person": self.person,
            "department_id": d.department_id,
            "department": self.department,
            "days_overdue": self.days_late,
            "seconds_overdue": int(self.late.total_seconds()) if self.late else 0,
        }


def rule_title(rule_id: str) -> str:
    """The rule's title in the reader's language (Chinese by default)."""
    rule = rules.RULES.get(rule_id)
    if rule is None:
        return rule_id
    language = translation.get_language() or "zh-hans"
    return rule.title_zh if language.startswith("zh") else rule.title_en or rule.title_zh


def kind_name(subject_type: str) -> str:
    """The name of a kind of item ("carriers.copy" → 份, its model's verbose name)."""
    try:
        return str(apps.get_model(subject_type)._meta.verbose_name)
    except (LookupError, ValueError):
        return subject_type


def rows(actor: Actor | None, found: list[Deadline], moment: datetime.datetime) -> list[Row]:
    """``found`` (a page of deadlines) as ``actor`` reads them: two queries for the names of
    the people and departments, one description per subject (the page's rows only)."""
    people = dict(
        Person.objects.filter(pk__in={d.person_id for d in found} - {None}).values_list(
            "pk", "name"
        )
    )
    names = dict(
        Department.objects.filter(pk__in={d.department_id for d in found} - {None}).values_list(
            "pk", "name"
        )
    )
    answered = []
    for d in found:
        state = d.state(moment)
        answered.append(
            Row(
                deadline=d,
                state=state,
                rule_title=rule_title(d.rule_id),
                kind=kind_name(d.subject_type),
                subject=describe(actor, d.subject_type, str(d.subject_id)),
                person=people.get(d.person_id, ""),
                department=names.get(d.department_id, ""),
                late=moment - d.due_at if state is State.OVERDUE else None,
            )
        )
    return answered


@dataclass(frozen=True)
class Page:
    rows: list[Row]
    offset: int
    limit: int
    more: bool

    @property
    def next_offset(self) -> int | None:
        return self.offset + self.limit if self.more else None

    @property
    def previous_offset(self) -> int | None:
        return max(self.offset - self.limit, 0) if self.offset else None


def page(
    actor: Actor | None,
    moment: datetime.datetime,
    filters: Filters = Filters(),
    *,
    offset: int = 0,
    limit: int = PAGE_SIZE,
) -> Page:
    """One page of the deadlines ``actor`` sees (``limit`` + 1 read to know whether there is
    a next one, nothing counted)."""
    if not 1 <= limit <= MAX_LIMIT:
        raise InvalidInput(
            _("Give a limit from 1 to %(most)s.") % {"most": MAX_LIMIT}, field="limit"
        )
    if offset < 0:
        raise InvalidInput(_("Give an offset of 0 or more."), field="offset")
    window = listed(actor, moment, filters)[offset : offset + limit + 1]
    return Page(rows(actor, window[:limit], moment), offset, limit, len(window) > limit)


# The tallies of the dashboard ----------------------------------------------------------------


@dataclass(frozen=True)
class Tally:
    """How many deadlines the viewer sees in each state, and per rule and per department (each
    by state)."""

    states: dict[str, int] = field(default_factory=dict)
    rules: dict[str, dict[str, int]] = field(default_factory=dict)
    departments: dict[int | None, dict[str, int]] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        return {
            "states": self.states,
            "rules": self.rules,
            "departments": {str(k) if k else "": v for k, v in self.departments.items()},
        }


def tally(actor: Actor | None, moment: datetime.datetime) -> Tally:
    """The counts of the deadlines ``actor`` sees: per state, per rule and per department
    (each by state). One call of every provider; counting is over the deadlines they
    answered."""
    counted: Counter[tuple[str, str, int | None]] = Counter(
        (str(d.state(moment)), d.rule_id, d.department_id) for d in seen(actor, moment)
    )
    states = {str(s): 0 for s in STATES}
    by_rule: dict[str, dict[str, int]] = {}
    by_department: dict[int | None, dict[str, int]] = {}
    for (state, rule_id, department_id), n in counted.items():
        states[state] += n
        each = by_rule.setdefault(rule_id, {})
        each[state] = each.get(state, 0) + n
        each = by_department.setdefault(department_id, {})
        each[state] = each.get(state, 0) + n
    return Tally(states, dict(sorted(by_rule.items())), by_department)
