"""The security office's people list (涉密人员名单) and the register of cleared people
(涉密人员名册), read through the files' policies (``baomi.people.policies``).

``people_files`` is one filtered query of the organisation's people, each annotated with what
the list shows: the training hours of the year (``queries.training.with_hours``, PPL-TRAINING),
whether this month's self-check is filed (PPL-SELFCHECK), the end of a lasting cooling-off
period (脱密期, PPL-EXIT) and whether they are abroad now (PPL-ABROAD). Every column is a
correlated subquery on an index, so a filter is a WHERE on the same expression and a page is
``limit + 1`` rows, never a count of the whole list. The open posts of a page's people are a
second query (``posts_of``).

The scope is the cleared people in post (``scope="cleared"``, the default) or every person
of the organisation (``"all"``); the cooling-off filter lists the people in their 脱密期
whatever the scope, since most of them have left.

Only the office that keeps the files reads the list (``keeps_files``: SET_CLEARANCE); a
department's security officer (兼职保密员) reads only whether the cleared people of their
department (with its sub-departments) filed this month's self-check (``department_self_checks``:
the status, never the answers), so that a missing self-check reaches them."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.db.models import (
    Exists,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from baomi.access.actor import Actor
from baomi.access.roles import actor_organisation_id
from baomi.core import exports
from baomi.core.errors import AccessDenied, InvalidInput
from baomi.core.levels import Clearance
from baomi.org.models import Department, Employment, Person, SecurityAppointment, StaffRole
from baomi.people.models import (
    DocumentKind,
    PostHolding,
    SelfCheck,
    TravelState,
    VettingResult,
)
from baomi.people.policies import (
    COOLING_OFFS,
    LETTERS,
    POST_HOLDINGS,
    SELF_CHECKS,
    SIGNED_DOCUMENTS,
    TRAVELS,
    VETTINGS,
    keeps_files,
)
from baomi.people.queries.self_checks import last_missed, month_of
from baomi.people.queries.training import min_hours, with_hours

SCOPES = ("cleared", "all")
# The most rows one page of the list holds (the API's bound; the page shows 50).
MOST_ROWS = 100


@dataclass(frozen=True)
class Filters:
    """The list's filters: ``clearance`` a class, ``department_id`` a department with its
    sub-departments, and the flags — training hours of the year under the rulebook's minimum,
    this month's self-check not filed, in the 脱密期 today, abroad now."""

    scope: str = "cleared"
    clearance: int | None = None
    department_id: int | None = None
    training_shortfall: bool = False
    self_check_missing: bool = False
    cooling_off: bool = False
    abroad: bool = False

    def as_data(self) -> dict[str, Any]:
        """The filters set, for the audit log of an export."""
        return {k: v for k, v in self.__dict__.items() if v not in (None, False)}


def require_office(actor: Actor) -> int:
    """The actor's organisation, when the actor keeps its security files; else AccessDenied
    (before anything is looked up)."""
    if not keeps_files(actor):
        raise AccessDenied(_("Only the security office reads the people's security files."))
    organisation_id = actor_organisation_id(actor)
    assert organisation_id is not None
    return organisation_id


def _department(organisation_id: int, department_id: int) -> Department:
    found = Department.objects.filter(organisation_id=organisation_id, pk=department_id).first()
    if found is None:
        raise InvalidInput(_("No such department."), field="department")
    return found


def _selected(actor: Actor, filters: Filters, today: datetime.date) -> QuerySet[Person]:
    """The people the filters select, without the list's columns: each flag is a semi-join
    on its own index (``pk IN (…)``), the training shortfall the hours of ``with_hours``."""
    organisation_id = require_office(actor)
    if filters.scope not in SCOPES:
        raise InvalidInput(_("The scope is cleared or all."), field="scope")
    people = Person.objects.filter(organisation_id=organisation_id)
    if filters.cooling_off:
        # In the 脱密期 whatever the scope: most have left.
        people = people.filter(
            pk__in=COOLING_OFFS.known(actor).filter(ends__gte=today).values("person_id")
        )
    elif filters.scope == "cleared":
        people = people.filter(employment=Employment.ACTIVE).exclude(clearance=Clearance.NONE)
    if filters.clearance is not None:
        people = people.filter(clearance=filters.clearance)
    if filters.department_id is not None:
        department = _department(organisation_id, filters.department_id)
        people = people.filter(department__path__startswith=department.path)
    if filters.self_check_missing:
        people = people.exclude(
            pk__in=SELF_CHECKS.known(actor).filter(month=month_of(today)).values("person_id")
        )
    if filters.abroad:
        people = people.filter(
            pk__in=TRAVELS.known(actor).filter(state=TravelState.ABROAD).values("person_id")
        )
    if filters.training_shortfall:
        people = with_hours(people, today.year).filter(
            training_hours__lt=min_hours(organisation_id)
        )
    return people.order_by("department__path", "name", "pk")


def _columns(actor: Actor, people: QuerySet[Person], today: datetime.date) -> QuerySet[Person]:
    """``people`` with the list's columns: ``training_hours`` (this year), ``self_check_filed``
    (this month), ``cooling_off_ends`` (the end of a lasting 脱密期, or None) and ``abroad``
    (now), each a correlated subquery on the person's records."""
    lasting = (
        COOLING_OFFS.known(actor)
        .filter(person_id=OuterRef("pk"), ends__gte=today)
        .order_by()
        .values("person_id")
        .annotate(last=Max("ends"))
        .values("last")
    )
    if "training_hours" not in people.query.annotations:
        people = with_hours(people, today.year)
    return people.annotate(
        self_check_filed=Exists(
            SELF_CHECKS.known(actor).filter(person_id=OuterRef("pk"), month=month_of(today))
        ),
        cooling_off_ends=Subquery(lasting),
        abroad=Exists(
            TRAVELS.known(actor).filter(person_id=OuterRef("pk"), state=TravelState.ABROAD)
        ),
    ).select_related("department")


def people_files(
    actor: Actor, filters: Filters | None = None, *, today: datetime.date | None = None
) -> QuerySet[Person]:
    """The organisation's people as the office's list shows them, filtered, in department
    order, with the list's columns (``_columns``)."""
    today = today or timezone.localdate()
    return _columns(actor, _selected(actor, filters or Filters(), today), today)


def page(
    actor: Actor,
    filters: Filters | None = None,
    *,
    offset: int = 0,
    limit: int = 50,
    today: datetime.date | None = None,
) -> tuple[list[Person], int | None]:
    """One page of the list and the offset of the next (None on the last), without counting:
    the ids of ``limit + 1`` rows first (the filters only), then those rows alone with their
    columns and open post holdings (``posts``) — six small queries."""
    if not 1 <= limit <= MOST_ROWS:
        raise InvalidInput(_("A page holds 1 to 100 rows."), field="limit")
    if offset < 0:
        raise InvalidInput(_("The offset is not negative."), field="offset")
    today = today or timezone.localdate()
    ids = list(
        _selected(actor, filters or Filters(), today).values_list("pk", flat=True)[
            offset : offset + limit + 1
        ]
    )
    more = len(ids) > limit
    ids = ids[:limit]
    return _page_columns(actor, ids, today), (offset + limit if more else None)


def _page_columns(actor: Actor, ids: list[int], today: datetime.date) -> list[Person]:
    """The people ``ids`` in that order with the list's columns, each column one query on the
    person index of its records (for a page: ``IN`` the page's ids)."""
    found = {
        p.pk: p
        for p in with_hours(Person.objects.filter(pk__in=ids), today.year)
        .select_related("department")
        .order_by()
    }
    filed = set(
        SELF_CHECKS.known(actor)
        .filter(person_id__in=ids, month=month_of(today))
        .values_list("person_id", flat=True)
    )
    lasting = dict(
        COOLING_OFFS.known(actor)
        .filter(person_id__in=ids, ends__gte=today)
        .order_by()
        .values("person_id")
        .annotate(last=Max("ends"))
        .values_list("person_id", "last")
    )
    abroad = set(
        TRAVELS.known(actor)
        .filter(person_id__in=ids, state=TravelState.ABROAD)
        .values_list("person_id", flat=True)
    )
    held = posts_of(actor, ids)
    rows = []
    for pk in ids:
        person = found[pk]
        person.self_check_filed = pk in filed
        person.cooling_off_ends = lasting.get(pk)
        person.abroad = pk in abroad
        person.posts = held.get(pk, [])
        rows.append(person)
    return rows


def posts_of(actor: Actor, person_ids: list[int]) -> dict[int, list[PostHolding]]:
    """The open post holdings of ``person_ids`` (one query), by person."""
    held: dict[int, list[PostHolding]] = defaultdict(list)
    for holding in (
        POST_HOLDINGS.known(actor)
        .filter(person_id__in=person_ids, until=None)
        .select_related("post")
        .order_by("since", "pk")
    ):
        held[holding.person_id].append(holding)
    return held


# --- a department's security officer ------------------------------------------------------


def officer_departments(actor: Actor) -> list[Department]:
    """The departments whose security officer (兼职保密员, a current appointment) the actor's
    person is."""
    person_id = getattr(actor, "person_id", None)
    if person_id is None or not getattr(actor, "is_active", False):
        return []
    appointed = SecurityAppointment.objects.filter(
        organisation_id=actor_organisation_id(actor),
        person_id=person_id,
        role=StaffRole.DEPARTMENT_OFFICER,
        until=None,
    ).values("department_id")
    return list(Department.objects.filter(pk__in=appointed))


def department_self_checks(
    actor: Actor, *, missing_only: bool = True, today: datetime.date | None = None
) -> list[Person]:
    """The cleared people in post of the departments (with their sub-departments) whose
    security officer the actor is, each with ``self_check_filed`` (this month) — by default
    only those who have not filed (PPL-SELFCHECK). Only that status, never the answers or the
    class: an officer of no department reads nothing."""
    departments = officer_departments(actor)
    if not departments:
        return []
    within = Q()
    for department in departments:
        within |= Q(department__path__startswith=department.path)
    month = month_of(today)
    people = (
        Person.objects.filter(within, organisation_id=actor_organisation_id(actor))
        .filter(employment=Employment.ACTIVE)
        .exclude(clearance=Clearance.NONE)
        .annotate(
            self_check_filed=Exists(SelfCheck.objects.filter(person_id=OuterRef("pk"), month=month))
        )
        .select_related("department")
        .order_by("department__path", "name", "pk")
    )
    if missing_only:
        people = people.filter(self_check_filed=False)
    return list(people)


def missing_self_checks(actor: Actor, *, today: datetime.date | None = None) -> int | None:
    """How many cleared people in post of the office's organisation have not filed this
    month's self-check (PPL-SELFCHECK), for the office's home page; None for anyone else."""
    if not keeps_files(actor):
        return None
    return (
        Person.objects.filter(
            organisation_id=actor_organisation_id(actor), employment=Employment.ACTIVE
        )
        .exclude(clearance=Clearance.NONE)
        .exclude(
            Exists(SELF_CHECKS.known(actor).filter(person_id=OuterRef("pk"), month=month_of(today)))
        )
        .count()
    )


# --- the register of cleared people (涉密人员名册) -----------------------------------------

REGISTER_COLUMNS = (
    ("name", gettext_lazy("Name")),
    ("staff_number", gettext_lazy("Staff number")),
    ("department", gettext_lazy("Department")),
    ("clearance", gettext_lazy("Class")),
    ("posts", gettext_lazy("Posts")),
    ("since", gettext_lazy("In a classified post since")),
    ("vetted_on", gettext_lazy("Vetted on")),
    ("agreement_on", gettext_lazy("Agreement signed on")),
    ("hours", gettext_lazy("Training hours this year")),
)
# The most lines one export holds.
REGISTER_MAX_ROWS = 50_000


def register_table(actor: Actor, filters: Filters | None = None) -> exports.Table:
    """The register of cleared people (涉密人员名册, PPL-CLASS, PPL-VET) as a printable table:
    the people the list's filters select, each with their posts and since when, their latest
    passed vetting, their latest signed confidentiality agreement and their training hours of
    the year; five queries whatever the number of lines."""
    found = list(people_files(actor, filters)[: REGISTER_MAX_ROWS + 1])
    if len(found) > REGISTER_MAX_ROWS:
        raise InvalidInput(
            _("Narrow the filters: a register holds at most %(max)s lines.")
            % {"max": REGISTER_MAX_ROWS},
            field="format",
        )
    ids = [p.pk for p in found]
    held = posts_of(actor, ids)
    vetted = dict(
        VETTINGS.known(actor)
        .filter(person_id__in=ids, result=VettingResult.PASSED)
        .order_by()
        .values("person_id")
        .annotate(last=Max("reviewed_on"))
        .values_list("person_id", "last")
    )
    agreed = dict(
        SIGNED_DOCUMENTS.known(actor)
        .filter(person_id__in=ids, kind=DocumentKind.AGREEMENT)
        .order_by()
        .values("person_id")
        .annotate(last=Max("signed_on"))
        .values_list("person_id", "last")
    )

    def day(value: datetime.date | None) -> str:
        return f"{value:%Y-%m-%d}" if value else ""

    rows = []
    for person in found:
        posts = held.get(person.pk, [])
        rows.append(
            [
                person.name,
                person.staff_number,
                person.department.name,
                str(Clearance(person.clearance).label),
                "、".join(h.post.name for h in posts),
                day(min((h.since for h in posts), default=None)),
                day(vetted.get(person.pk)),
                day(agreed.get(person.pk)),
                f"{person.training_hours}",
            ]
        )
    organisation = actor.person.organisation.name if actor.person is not None else ""
    return exports.Table(
        title=_("Register of cleared people"),
        organisation=organisation,
        period=f"{timezone.localdate():%Y-%m-%d}",
        columns=[(key, str(header)) for key, header in REGISTER_COLUMNS],
        rows=rows,
        signature_columns=(_("Checked by"),),
    )


# --- one's own file ------------------------------------------------------------------------


@dataclass
class MyFile:
    """What a person reads of their own security file."""

    person: Person
    clearance: int
    posts: list[PostHolding]
    year: int
    training_hours: Any
    min_hours: int
    month: datetime.date
    self_check_filed: bool
    self_checks: list[SelfCheck]
    missed: datetime.date | None
    letters_signed: int
    letters_awaiting: int
    travels: list[Any]

    @property
    def cleared(self) -> bool:
        return self.clearance != Clearance.NONE


def my_file(actor: Actor, *, today: datetime.date | None = None) -> MyFile:
    """The actor's own file, through the policies' "own records": their class, open posts,
    training hours of the year against the minimum, this month's self-check and the last twelve,
    the last missed month, their responsibility letters signed and awaiting their signature,
    and their latest travels. AccessDenied for an account without a person of its own (an
    inactive account, a person who left)."""
    today = today or timezone.localdate()
    person = getattr(actor, "person", None)
    if person is None or not person.is_active or not getattr(actor, "is_active", False):
        raise AccessDenied(_("Only a person in post has a file to read here."))
    organisation_id = person.organisation_id
    month = month_of(today)
    hours = (
        with_hours(Person.objects.filter(pk=person.pk), today.year)
        .values_list("training_hours", flat=True)
        .first()
    )
    checks = list(SELF_CHECKS.known(actor).filter(person_id=person.pk).order_by("-month")[:12])
    letters = LETTERS.known(actor).filter(
        Q(first_id=person.pk) | Q(second_id=person.pk), year=today.year
    )
    mine_signed = Q(first_id=person.pk, first_signed_on__isnull=False) | Q(
        second_id=person.pk, second_signed_on__isnull=False
    )
    signed = letters.filter(mine_signed).count()
    awaiting = letters.exclude(mine_signed).count()
    return MyFile(
        person=person,
        clearance=person.clearance,
        posts=posts_of(actor, [person.pk]).get(person.pk, []),
        year=today.year,
        training_hours=hours or 0,
        min_hours=min_hours(organisation_id),
        month=month,
        self_check_filed=any(c.month == month for c in checks),
        self_checks=checks,
        missed=last_missed(actor, today),
        letters_signed=signed,
        letters_awaiting=awaiting,
        travels=list(
            TRAVELS.known(actor).filter(person_id=person.pk).order_by("-departs", "-pk")[:10]
        ),
    )
