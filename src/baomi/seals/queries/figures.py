"""The seals' figures for the security office's dashboard and the annual report
(``seams.figures``, section 印章, SEAL-LOG): each one query in the database — a COUNT of the
uses, and the lock-ups missing counted per working day as conditional COUNTs of one query
over the seals — never a loop over the rows. A head's part counts the uses its people asked
for and the seals its people keep.

``working_ends`` and ``missing_on`` are also the accreditation evidence's
(``queries.evidence``): a lock-up is missing for a seal on a working day whose work has ended
when the seal was in use then, was not out at the end of it (a seal taken out is locked away
when it comes back) and its keeper confirmed no lock-up for that day — as the SEAL-LOG
deadlines count it."""

from __future__ import annotations

import datetime

from django.db.models import Count, Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy, pgettext_lazy

from baomi.org import queries as org_queries
from baomi.seals.models import Seal, SealLockUp, SealTakeOut, SealUse, UseState
from baomi.seams.figures import Figure, FigureProvider, Part, Period, source_of


def working_ends(
    organisation_id: int, first: datetime.date, last: datetime.date, now: datetime.datetime
) -> list[tuple[datetime.date, datetime.datetime]]:
    """The organisation's working days from ``first`` to ``last`` whose work ended by
    ``now``, each with the moment it ended (the calendar, no read of the records)."""
    calendar = org_queries.calendar(organisation_id)
    zone = timezone.get_default_timezone()
    found = []
    day = first
    while day <= last:
        end = datetime.datetime.combine(day, calendar.day_end, tzinfo=zone)
        if end > now:
            break
        if calendar.is_working_day(day):
            found.append((day, end))
        day += datetime.timedelta(days=1)
    return found


def missing_on(day: datetime.date, end: datetime.datetime) -> Q:
    """Over the seals: in use at ``end``, not out then, and no lock-up confirmed for
    ``day``."""
    locked = SealLockUp.objects.filter(seal_id=OuterRef("pk"), day=day)
    out = SealTakeOut.objects.filter(seal_id=OuterRef("pk"), out_at__lte=end).filter(
        Q(returned_at=None) | Q(returned_at__gt=end)
    )
    in_use = Q(registered_at__lte=end) & (Q(active=True) | Q(deactivated_at__gt=end))
    return in_use & ~Exists(locked) & ~Exists(out)


def uses(part: Part, period: Period) -> Figure:
    """Uses of a seal logged by its keeper in the period (用印: the rows of the seal use
    register), asked for by a person of the part."""
    value = SealUse.objects.filter(
        part.departments("requested_by__department"),
        period.during("used_at"),
        organisation_id=part.organisation_id,
        state=UseState.USED,
    ).count()
    return Figure(
        "seals.uses",
        gettext_lazy("Seal uses"),
        value,
        source_of(uses),
        url=f"{reverse('seal_use_register')}?year={period.start.year}",
        unit=pgettext_lazy("unit", "uses"),
    )


def lock_ups_missing(part: Part, period: Period) -> Figure:
    """Lock-ups not confirmed in the period: for each seal kept by a person of the part and
    each working day of the period whose work has ended, one when the seal was in use and in
    the office at the end of the day and its keeper confirmed no lock-up (``missing_on``)."""
    days = working_ends(part.organisation_id, period.start, period.end, timezone.now())
    value = 0
    if days:
        counts = Seal.objects.filter(
            part.departments("keeper__department"), organisation_id=part.organisation_id
        ).aggregate(
            **{
                f"d{i}": Count("pk", filter=missing_on(day, end))
                for i, (day, end) in enumerate(days)
            }
        )
        value = sum(counts.values())
    return Figure(
        "seals.lock_ups_missing",
        gettext_lazy("Lock-ups not confirmed"),
        value,
        source_of(lock_ups_missing),
        url=reverse("seals"),
        unit=pgettext_lazy("unit", "seal-days"),
        target=0,
    )


def figures(part: Part, period: Period) -> list[Figure]:
    return [uses(part, period), lock_ups_missing(part, period)]


PROVIDER = FigureProvider("seals", gettext_lazy("Seals"), figures, order=62, in_report=True)
