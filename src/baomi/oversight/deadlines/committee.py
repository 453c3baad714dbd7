"""COMMITTEE's deadline: the security committee meets at least ``meetings_per_year`` times a
year (2 by default). The year is cut into that many slots of equal months (two: January–June
and July–December); the k-th meeting of the year is due by the end of the k-th slot, and done
once the year has k meetings (a late meeting still clears it). One deadline per slot begun,
the organisation's (no person: the security office answers for it), so the second half-year's
meeting appears on 1 July and is overdue after 31 December's end. None for an organisation
with nobody in post. Two queries (anyone in post, the count of the year's meetings)."""

from __future__ import annotations

import calendar
import datetime
import math

from django.utils import timezone

from baomi.org.queries import staffed
from baomi.oversight.models import CommitteeMeeting
from baomi.rulebook import book
from baomi.seams.deadlines import Deadline, DeadlineProvider, end_of_day

RULE = "COMMITTEE"
ORGANISATION = "org.organisation"


def meetings_per_year(organisation_id: int | None) -> int:
    """The least meetings a year (COMMITTEE ``meetings_per_year``) of the organisation."""
    return int(book.param(organisation_id, RULE, "meetings_per_year"))


def slot_end(year: int, slot: int, per_year: int) -> datetime.date:
    """The last day of the ``slot``-th (1-based) of ``per_year`` slots of ``year``: the end of
    month ⌈12·slot/per_year⌉ (30 June and 31 December for two)."""
    month = max(1, min(12, math.ceil(12 * slot / per_year)))
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


def held_in(organisation_id: int, year: int, until: datetime.date) -> int:
    """How many meetings the organisation held in ``year`` up to ``until``."""
    return CommitteeMeeting.objects.filter(
        organisation_id=organisation_id,
        held_on__gte=datetime.date(year, 1, 1),
        held_on__lte=until,
    ).count()


def slots(organisation_id: int, moment: datetime.datetime) -> list[tuple[int, datetime.date, bool]]:
    """(k, the slot's last day, done) for every slot of the year of ``moment`` begun by then:
    the k-th meeting due by that day, done once the year has k meetings."""
    today = timezone.localdate(moment)
    wanted = meetings_per_year(organisation_id)
    if wanted <= 0 or not staffed(organisation_id):
        return []
    held = held_in(organisation_id, today.year, today)
    found = []
    for k in range(1, wanted + 1):
        if k > 1 and slot_end(today.year, k - 1, wanted) >= today:
            break  # this slot has not begun
        found.append((k, slot_end(today.year, k, wanted), held >= k))
    return found


def committee_due(organisation_id: int, moment: datetime.datetime) -> list[Deadline]:
    """COMMITTEE: the year's meetings due by the end of each slot begun."""
    return [
        Deadline(RULE, ORGANISATION, organisation_id, end_of_day(last), done=done)
        for _k, last, done in slots(organisation_id, moment)
    ]


PROVIDERS = (DeadlineProvider(RULE, committee_due),)
