"""AREA-ACCESS's deadlines (the rule is no DEADLINE rule; tests/test_deadlines.py lists it
among the rules timed besides): a visitor is signed out by the end of the day they arrived,
and an entry into a secure area has its exit logged by the end of the day it began. Both are
due at the end of that calendar day (``seams.deadlines.end_of_day``) and open until done — an
overdue one is a visitor or an entrant nobody saw leave. Two queries for the organisation.
A visitor's deadline carries the host and their department, an entry's the area's keeper and
the area's department."""

from __future__ import annotations

import datetime

from django.utils import timezone

from baomi.areas.models import AreaEntry, Visitor
from baomi.rulebook import book
from baomi.seams.deadlines import Deadline, DeadlineProvider, end_of_day

RULE = "AREA-ACCESS"


def access_due(organisation_id: int, moment: datetime.datetime) -> list[Deadline]:
    """Every visitor not signed out and every entry without an exit, arrived or begun before
    ``moment``, due by the end of that day."""
    if not book.in_force(organisation_id, RULE):
        return []
    found: list[Deadline] = []
    visitors = Visitor.objects.filter(
        organisation_id=organisation_id, left_at=None, arrived_at__lte=moment
    ).values_list("pk", "arrived_at", "host_id", "host__department_id")
    for pk, arrived, host, department in visitors:
        day = timezone.localdate(arrived)
        found.append(Deadline(RULE, "areas.visitor", pk, end_of_day(day), host, department))
    entries = AreaEntry.objects.filter(
        organisation_id=organisation_id, left_at=None, entered_at__lte=moment
    ).values_list("pk", "entered_at", "area__keeper_id", "area__department_id")
    for pk, entered, keeper, department in entries:
        day = timezone.localdate(entered)
        found.append(Deadline(RULE, "areas.areaentry", pk, end_of_day(day), keeper, department))
    return found


PROVIDERS = (DeadlineProvider(RULE, access_due),)
