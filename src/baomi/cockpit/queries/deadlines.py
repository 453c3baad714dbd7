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

from django.db.models import Count, F, IntegerField, Q, QuerySet, Value
from django.utils import translation
from django.utils.translation import gettext as _

from baomi.access.actor import Actor
from baomi.access.mac import knower
from baomi.cockpit.policies import part_of
from baomi.core import rules
from baomi.core.errors import InvalidInput
from baomi.org.models import Department, Person
from baomi.seams.approvals import Subject, describe_all
from baomi.seams.deadlines import (
    DEADLINE_PROVIDERS,
    DUE_SOON,
    Deadline,
    DeadlineQuery,
    State,
    deadlines,
    subject_kind,
)

PAGE_SIZE = 50
MAX_LIMIT = 200
MAX_OFFSET = 10_000
STATES = tuple(State)


def seen(actor: Actor | None, moment: datetime.datetime) -> list[Deadline]:
    """Every open deadline of ``actor``'s organisation that ``actor`` sees, soonest first: all
    of them with SEE_DASHBOARD, those of the departments they head, and those they answer
    for. Every row is built: for the notifications and small reads; the page and the
    tallies count and page in the database (``page``, ``tally``)."""
    view = _view(actor)
    if view is None:
        return []
    found = deadlines(view.organisation_id, moment)
    if view.headed is None:
        return found
    return [d for d in found if view.sees(d.person_id, d.department_id)]


@dataclass(frozen=True)
class _View:
    """Whose deadlines a person sees: the organisation's, and either all of them (``headed``
    None) or those of the departments they head and those they answer for."""

    organisation_id: int
    person_id: int
    headed: frozenset[int] | None

    def sees(self, person_id: int | None, department_id: int | None) -> bool:
        return self.headed is None or person_id == self.person_id or department_id in self.headed

    def rows(self, query: DeadlineQuery) -> QuerySet[Any]:
        """``query``'s rows that the person sees."""
        if self.headed is None:
            return query.rows
        seen_rows = Q(pk__in=[])
        if query.person:
            seen_rows |= Q(**{query.person: self.person_id})
        if query.department and self.headed:
            seen_rows |= Q(**{f"{query.department}__in": self.headed})
        return query.rows.filter(seen_rows)


def _view(actor: Actor | None) -> _View | None:
    person = knower(actor)
    if person is None:
        return None
    part = part_of(actor)
    if part is not None and part.whole:
        return _View(person.organisation_id, person.pk, None)
    return _View(person.organisation_id, person.pk, frozenset(_headed(part)))


def _headed(part: Any) -> set[int]:
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


def _inside(filters: Filters) -> set[int] | None:
    """The departments ``filters`` narrows to (the one named with its sub-departments)."""
    if filters.department_id is None:
        return None
    top = Department.objects.get(pk=filters.department_id)
    return set(
        Department.objects.filter(
            organisation_id=top.organisation_id, path__startswith=top.path
        ).values_list("pk", flat=True)
    )


def _state_condition(query: DeadlineQuery, state: str, moment: datetime.datetime) -> Q | None:
    """The rows of ``query`` (all open) in ``state`` at ``moment``; None: none can be."""
    if query.shared_due:
        shared = Deadline(query.rule_id, query.subject_type, 0, query.shared_due)
        return Q() if shared.state(moment) == state else None
    if state == State.OVERDUE:
        return query.before(moment)
    if state == State.DUE:
        return query.before(moment + DUE_SOON) & ~query.before(moment)
    if state == State.UPCOMING:
        return ~query.before(moment + DUE_SOON)
    return None  # DONE: a query answers open deadlines only


@dataclass(frozen=True)
class _Sources:
    """What the providers answer for a viewer and filters: the queries' rows (narrowed in
    the database) and the listed providers' deadlines (narrowed here)."""

    queries: list[tuple[DeadlineQuery, QuerySet[Any]]]
    listed: list[Deadline]


def _sources(
    actor: Actor | None, moment: datetime.datetime, filters: Filters, view: _View
) -> _Sources:
    check_filters(actor, filters)
    inside = _inside(filters)
    person_id = getattr(actor, "person_id", None)
    queries: list[tuple[DeadlineQuery, QuerySet[Any]]] = []
    listed: list[Deadline] = []
    for provider in DEADLINE_PROVIDERS:
        if filters.rule_id and provider.key != filters.rule_id:
            continue
        if provider.provide is not None:
            found = provider.provide(view.organisation_id, moment)
            if view.headed is not None:
                found = [d for d in found if view.sees(d.person_id, d.department_id)]
            if inside is not None:
                found = [d for d in found if d.department_id in inside]
            if filters.mine:
                found = [d for d in found if d.person_id == person_id]
            if filters.state:
                found = [d for d in found if d.state(moment) == filters.state]
            listed.extend(found)
        for query in provider.queries(view.organisation_id, moment) if provider.queries else ():
            rows = view.rows(query)
            if inside is not None:
                if not query.department:
                    continue
                rows = rows.filter(**{f"{query.department}__in": inside})
            if filters.mine:
                if not query.person:
                    continue
                rows = rows.filter(**{query.person: person_id})
            if filters.state:
                condition = _state_condition(query, filters.state, moment)
                if condition is None:
                    continue
                rows = rows.filter(condition)
            queries.append((query, rows))
    return _Sources(queries, listed)


def _order(d: Deadline) -> tuple[datetime.datetime, str, int]:
    return (d.due_at, d.rule_id, d.subject_id)


def _first(
    actor: Actor | None, moment: datetime.datetime, filters: Filters, count: int | None
) -> list[Deadline]:
    """The first ``count`` (None: all) deadlines ``actor`` sees narrowed by ``filters``,
    soonest due first: each query's first ``count`` rows by due time, merged."""
    view = _view(actor)
    if view is None:
        check_filters(actor, filters)
        return []
    sources = _sources(actor, moment, filters, view)
    found = list(sources.listed)
    for query, rows in sources.queries:
        ordered = rows.order_by(*query.ordering())
        found.extend(query.deadlines(ordered if count is None else ordered[:count]))
    found.sort(key=_order)
    return found if count is None else found[:count]


def listed(
    actor: Actor | None, moment: datetime.datetime, filters: Filters = Filters()
) -> list[Deadline]:
    """The deadlines ``actor`` sees narrowed by ``filters`` (checked), soonest due first: the
    longest overdue lead. Every one is built: ``page`` reads only a page."""
    return _first(actor, moment, filters, None)


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
    """The name of a kind of item ("carriers.copy" → 份) in the reader's language."""
    return str(subject_kind(subject_type))


def names(
    people: set[int | None], departments: set[int | None]
) -> tuple[dict[int, str], dict[int, str]]:
    """The names of ``people`` and of ``departments`` (None: nobody), by id: two queries."""
    return (
        dict(Person.objects.filter(pk__in=people - {None}).values_list("pk", "name")),
        dict(Department.objects.filter(pk__in=departments - {None}).values_list("pk", "name")),
    )


def rows(actor: Actor | None, found: list[Deadline], moment: datetime.datetime) -> list[Row]:
    """``found`` (a page of deadlines) as ``actor`` reads them: two queries for the names of
    the people and departments, the subjects described a kind at a time (``describe_all``)."""
    people, departments = names({d.person_id for d in found}, {d.department_id for d in found})
    described = describe_all(actor, ((d.subject_type, d.subject_id) for d in found))
    answered = []
    for d in found:
        state = d.state(moment)
        answered.append(
            Row(
                deadline=d,
                state=state,
                rule_title=rule_title(d.rule_id),
                kind=kind_name(d.subject_type),
                subject=described.get((d.subject_type, d.subject_id)),
                person=people.get(d.person_id, ""),
                department=departments.get(d.department_id, ""),
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
    """One page of the deadlines ``actor`` sees: of each provider's query the first ``offset``
    + ``limit`` + 1 rows by due time (the one more tells whether there is a next page),
    nothing counted."""
    if not 1 <= limit <= MAX_LIMIT:
        raise InvalidInput(
            _("Give a limit from 1 to %(most)s.") % {"most": MAX_LIMIT}, field="limit"
        )
    if offset < 0:
        raise InvalidInput(_("Give an offset of 0 or more."), field="offset")
    if offset > MAX_OFFSET:
        raise InvalidInput(
            _("Give an offset of at most %(most)s.") % {"most": MAX_OFFSET}, field="offset"
        )
    window = _first(actor, moment, filters, offset + limit + 1)[offset:]
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
    (each by state). A provider's query is counted in the database (one COUNT … GROUP BY
    department), a listed provider's deadlines here."""
    counted: Counter[tuple[str, str, int | None]] = Counter()
    view = _view(actor)
    if view is not None:
        sources = _sources(actor, moment, Filters(), view)
        counted.update((str(d.state(moment)), d.rule_id, d.department_id) for d in sources.listed)
        for query, rows in sources.queries:
            _count(counted, query, rows, moment)
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


def _count(
    counted: Counter[tuple[str, str, int | None]],
    query: DeadlineQuery,
    rows: QuerySet[Any],
    moment: datetime.datetime,
) -> None:
    """Add ``rows``' deadlines per state and department to ``counted``: one query."""
    conditions = {
        state: _state_condition(query, state, moment)
        for state in (State.OVERDUE, State.DUE, State.UPCOMING)
    }
    states = {
        state: Count("pk", filter=condition)
        for state, condition in conditions.items()
        if condition is not None
    }
    department = F(query.department) if query.department else Value(None, IntegerField())
    grouped = rows.order_by().annotate(_department=department).values("_department")
    for line in grouped.annotate(**{f"_{k}": v for k, v in states.items()}):
        for state in states:
            if line[f"_{state}"]:
                counted[(str(state), query.rule_id, line["_department"])] += line[f"_{state}"]
