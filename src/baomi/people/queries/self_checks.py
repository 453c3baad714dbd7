"""Reads of the monthly self-checks (PPL-SELFCHECK), through what the actor may know, and
what each cleared person owes (``owed``), the one computation behind the deadlines, the home
panels and the "my file" page.

**The rule as timed here.** A cleared person in post owes one self-check for every calendar
month (the seed: 按月自查), filed for that month (a missed month may be filed late, choosing
it). This month's is due by the month's last day — or sooner, when the rulebook's
``interval_days`` (the longest interval between two self-checks, 31 by default) runs out
earlier: the day of their latest filing plus ``interval_days``, never before the month's
first day. A past month not filed stays overdue: the latest such month (the last missed
month) is owed until it is filed, looking back twelve months, and counting from the person's
first self-check in the system (for one who never filed: from last month) and not before
they were last cleared (the clearance history). Four queries for a whole organisation, none
per person."""

from __future__ import annotations

import calendar
import datetime
import functools
from collections import defaultdict
from collections.abc import Iterable
from typing import NamedTuple

from django.db.models import Max, QuerySet
from django.utils import timezone

from baomi.access.actor import Actor
from baomi.core.levels import Clearance
from baomi.org.models import Employment, Person
from baomi.people.models import ClearanceChange, SelfCheck, SelfCheckItem
from baomi.people.policies import keeps_files, known_self_checks
from baomi.rulebook import book

# How many months back a missed month is still looked for.
LOOK_BACK = 12


def checklist(organisation_id: int) -> list[SelfCheckItem]:
    """The organisation's self-check items (PPL-SELFCHECK) in order: its own list, or the
    default list when it keeps none."""
    own = list(SelfCheckItem.objects.filter(organisation_id=organisation_id))
    return own or list(SelfCheckItem.objects.filter(organisation=None))


def own_checklist(organisation_id: int) -> bool:
    """Whether the organisation keeps a checklist of its own (else the default list)."""
    return SelfCheckItem.objects.filter(organisation_id=organisation_id).exists()


def month_of(day: datetime.date | None = None) -> datetime.date:
    """The first day of the month of ``day`` (today): a self-check's month."""
    return (day or timezone.localdate()).replace(day=1)


def self_check_due(actor: Actor) -> bool:
    """Whether the actor's person is cleared, still with the organisation, and owes a
    self-check not filed (PPL-SELFCHECK): this month's or the last missed month
    (``my_owed``) — the home page asks them for it."""
    return any(not o.filed for o in my_owed(actor))


def self_checks(actor: Actor) -> QuerySet[SelfCheck]:
    """The self-checks the actor may read, latest month first: the security office's of its
    organisation, anyone else's own (PPL-SELFCHECK)."""
    return known_self_checks(actor).select_related("person")


def add_months(month: datetime.date, months: int) -> datetime.date:
    """The first day of the month ``months`` after (or before) ``month``."""
    index = month.year * 12 + month.month - 1 + months
    return datetime.date(index // 12, index % 12 + 1, 1)


@functools.lru_cache(maxsize=256)
def last_day(month: datetime.date) -> datetime.date:
    return month.replace(day=calendar.monthrange(month.year, month.month)[1])


class Owed(NamedTuple):
    """A self-check a person owes: of ``month``, due by the end of ``due``; ``filed`` once it
    is. A named tuple of plain values, which the cyclic garbage collector stops tracking: the
    deadlines build one for every cleared person."""

    person_id: int
    department_id: int
    month: datetime.date
    due: datetime.date
    filed: bool


def owed(
    organisation_id: int,
    today: datetime.date | None = None,
    *,
    person_ids: Iterable[int] | None = None,
) -> list[Owed]:
    """Every self-check the cleared people in post of the organisation (or of ``person_ids``)
    owe on ``today``: this month's (filed or not) and, where one was missed, the last missed
    month (the module's rule). Four queries, whatever the number of people."""
    today = today or timezone.localdate()
    first = month_of(today)
    window = add_months(first, -LOOK_BACK)
    interval = int(book.param(organisation_id, "PPL-SELFCHECK", "interval_days"))
    people = Person.objects.filter(
        organisation_id=organisation_id, employment=Employment.ACTIVE
    ).exclude(clearance=Clearance.NONE)
    checks = SelfCheck.objects.filter(organisation_id=organisation_id)
    changes = ClearanceChange.objects.filter(
        organisation_id=organisation_id, old=Clearance.NONE
    ).exclude(new=Clearance.NONE)
    if person_ids is not None:
        ids = list(person_ids)
        people, checks, changes = (
            people.filter(pk__in=ids),
            checks.filter(person_id__in=ids),
            changes.filter(person_id__in=ids),
        )
    filed: dict[int, set[datetime.date]] = defaultdict(set)
    latest: dict[int, datetime.date] = {}
    for person_id, month, filed_at in checks.filter(month__gte=window).values_list(
        "person_id", "month", "filed_at"
    ):
        filed[person_id] |= {month}
        day = timezone.localdate(filed_at)
        latest[person_id] = max(latest.get(person_id, day), day)
    earlier = set(
        checks.filter(month__lt=window).order_by().values_list("person_id", flat=True).distinct()
    )
    cleared = {
        person_id: month_of(timezone.localdate(moment))
        for person_id, moment in changes.order_by()
        .values("person_id")
        .annotate(last=Max("changed_at"))
        .values_list("person_id", "last")
    }
    found = []
    month_end = last_day(first)
    # The months before this one, latest first, down to the one before the window.
    back = [add_months(first, -k) for k in range(1, LOOK_BACK + 2)]
    for person_id, department_id in people.order_by().values_list("pk", "department_id"):
        months = filed.get(person_id, set())
        if person_id in earlier:
            start = window
        elif months:
            start = min(months)
        else:
            start = back[0]
        if person_id in cleared:
            start = max(start, cleared[person_id])
        missed = next(m for m in back if m < start or m not in months)
        if missed >= start:
            found.append(Owed(person_id, department_id, missed, last_day(missed), False))
        due = month_end
        if person_id in latest:
            due = max(first, min(due, latest[person_id] + datetime.timedelta(days=interval)))
        found.append(Owed(person_id, department_id, first, due, first in months))
    return found


def my_owed(actor: Actor, today: datetime.date | None = None) -> list[Owed]:
    """What the actor's own person owes (nothing for an uncleared one or one who has left)."""
    person = getattr(actor, "person", None)
    if person is None or person.clearance == Clearance.NONE or not person.is_active:
        return []
    return owed(person.organisation_id, today, person_ids=[person.pk])


def last_missed(actor: Actor, today: datetime.date | None = None) -> datetime.date | None:
    """The actor's last missed month still owed (PPL-SELFCHECK), or None."""
    first = month_of(today)
    return next((o.month for o in my_owed(actor, today) if o.month < first), None)


def person_self_checks(actor: Actor, person_id: int) -> list[SelfCheck] | None:
    """A person's last twelve self-checks as the security office reads them on the person's
    page (PPL-SELFCHECK); None for anyone else."""
    if not keeps_files(actor):
        return None
    return list(known_self_checks(actor).filter(person_id=person_id).order_by("-month")[:12])
