"""The self-inspections' deadlines (INSP-MONTHLY, INSP-QUARTERLY), computed from the
inspections submitted, a few queries for the whole organisation, none per department.

- INSP-MONTHLY: every department with cleared people in post owes its monthly inspection:
  this month's, due at the month's end — or sooner, ``interval_days`` after the latest one
  submitted — done once submitted; last month's, overdue until submitted. A cleared
  person's own monthly self-inspection is timed by PPL-SELFCHECK (the people app's monthly
  self-check, ``people.deadlines.self_checks``): it is the same duty, so it is not timed
  twice here; a person's monthly inspection opened here is the fuller form of it (with the
  records' evidence), available to them and the security office.
- INSP-QUARTERLY: every department with a head owes the head's assessment each period of
  12 / ``head_assessments_per_year`` months (a quarter by default), the last period's
  overdue until submitted; every department keeping classified computers owes
  ``computer_checks_per_year`` inspections of them a calendar year, the k-th due by the end
  of month 12·k/n."""

from __future__ import annotations

import calendar
import datetime
import math
from collections import Counter

from django.db.models import Exists, OuterRef
from django.utils import timezone

from baomi.core.levels import Clearance, Level
from baomi.devices.ledger_rules import LEDGER_STATUSES
from baomi.devices.models import Asset, AssetKind
from baomi.org.models import Department, Employment, Person
from baomi.oversight.models import Inspection, InspectionKind, InspectionState
from baomi.rulebook import book
from baomi.seams.deadlines import Deadline, DeadlineProvider, end_of_day

DEPARTMENT = "org.department"


def _add_months(month: datetime.date, months: int) -> datetime.date:
    index = month.year * 12 + month.month - 1 + months
    return datetime.date(index // 12, index % 12 + 1, 1)


def _last_day(month: datetime.date) -> datetime.date:
    return month.replace(day=calendar.monthrange(month.year, month.month)[1])


def _submitted(organisation_id: int, kind: str, since: datetime.date) -> dict:
    """(department, period start) → the day submitted, of the inspections of ``kind``
    submitted for periods from ``since``."""
    rows = Inspection.objects.filter(
        organisation_id=organisation_id,
        kind=kind,
        state=InspectionState.SUBMITTED,
        period_start__gte=since,
    ).values_list("department_id", "period_start", "submitted_at")
    return {(d, start): timezone.localdate(at) for d, start, at in rows}


def monthly_due(organisation_id: int, moment: datetime.datetime) -> list[Deadline]:
    """INSP-MONTHLY: the departments' monthly inspections, this month's and last month's."""
    today = timezone.localdate(moment)
    first = today.replace(day=1)
    previous = _add_months(first, -1)
    interval = int(book.param(organisation_id, "INSP-MONTHLY", "interval_days"))
    cleared = Person.objects.filter(
        department_id=OuterRef("pk"), employment=Employment.ACTIVE
    ).exclude(clearance=Clearance.NONE)
    departments = (
        Department.objects.filter(organisation_id=organisation_id)
        .filter(Exists(cleared))
        .values_list("pk", "head_id")
    )
    submitted = _submitted(organisation_id, InspectionKind.DEPARTMENT_MONTHLY, previous)
    latest: dict[int, datetime.date] = {}
    for (department_id, _start), day in submitted.items():
        latest[department_id] = max(latest.get(department_id, day), day)
    found = []
    for department_id, head_id in departments:
        if (department_id, previous) not in submitted:
            found.append(
                Deadline(
                    "INSP-MONTHLY",
                    DEPARTMENT,
                    department_id,
                    end_of_day(_last_day(previous)),
                    head_id,
                    department_id,
                )
            )
        due = _last_day(first)
        if department_id in latest:
            due = max(first, min(due, latest[department_id] + datetime.timedelta(days=interval)))
        found.append(
            Deadline(
                "INSP-MONTHLY",
                DEPARTMENT,
                department_id,
                end_of_day(due),
                head_id,
                department_id,
                (department_id, first) in submitted,
            )
        )
    return found


def _head_periods(today: datetime.date, per_year: int) -> tuple[datetime.date, datetime.date]:
    """The start of the current and of the previous period of the heads' assessments."""
    months = max(1, 12 // per_year)
    current = datetime.date(today.year, (today.month - 1) // months * months + 1, 1)
    return current, _add_months(current, -months)


def quarterly_due(organisation_id: int, moment: datetime.datetime) -> list[Deadline]:
    """INSP-QUARTERLY: the department heads' assessments and the computers' inspections."""
    today = timezone.localdate(moment)
    found: list[Deadline] = []
    per_year = int(book.param(organisation_id, "INSP-QUARTERLY", "head_assessments_per_year"))
    if per_year:
        months = max(1, 12 // per_year)
        current, previous = _head_periods(today, per_year)
        submitted = _submitted(organisation_id, InspectionKind.HEAD_QUARTERLY, previous)
        heads = Department.objects.filter(organisation_id=organisation_id).exclude(head=None)
        for department_id, head_id in heads.values_list("pk", "head_id"):
            for start in (previous, current):
                done = (department_id, start) in submitted
                if start == previous and done:
                    continue
                due = _last_day(_add_months(start, months - 1))
                found.append(
                    Deadline(
                        "INSP-QUARTERLY",
                        DEPARTMENT,
                        department_id,
                        end_of_day(due),
                        head_id,
                        department_id,
                        done,
                    )
                )
    checks = int(book.param(organisation_id, "INSP-QUARTERLY", "computer_checks_per_year"))
    if checks:
        year = datetime.date(today.year, 1, 1)
        computers = Asset.objects.filter(
            department_id=OuterRef("pk"),
            kind=AssetKind.COMPUTER,
            level__gte=Level.CONFIDENTIAL,
            status__in=LEDGER_STATUSES,
        )
        departments = (
            Department.objects.filter(organisation_id=organisation_id)
            .filter(Exists(computers))
            .values_list("pk", "head_id")
        )
        done = Counter(
            Inspection.objects.filter(
                organisation_id=organisation_id,
                kind=InspectionKind.COMPUTERS,
                state=InspectionState.SUBMITTED,
                period_start__gte=year,
            ).values_list("department_id", flat=True)
        )
        for department_id, head_id in departments:
            count = done[department_id]
            k = min(count + 1, checks)
            month = min(12, math.ceil(12 * k / checks))
            found.append(
                Deadline(
                    "INSP-QUARTERLY",
                    DEPARTMENT,
                    department_id,
                    end_of_day(_last_day(datetime.date(today.year, month, 1))),
                    head_id,
                    department_id,
                    count >= checks,
                )
            )
    return found


PROVIDERS = (
    DeadlineProvider("INSP-MONTHLY", monthly_due),
    DeadlineProvider("INSP-QUARTERLY", quarterly_due),
)
