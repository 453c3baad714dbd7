"""PPL-TRAINING's deadlines.

- Each cleared person still in post owes the year's class hours (the rulebook's ``min_hours``,
  8 by default) by 31 December; done once their hours of the year reach it. It carries the
  person and their department, so that a shortfall reaches them, their department's security
  officer and the security office. One query (the people with their hours of the year,
  ``queries.training.with_hours``), never one per person.
- The organisation owes its sessions (``sessions_per_year``, 4: one a quarter), spread over
  the year: by the end of quarter q at least ⌈n·q/4⌉ held this year. One deadline per quarter
  begun, the organisation's (no person), so a quarter that passed without its session stays
  overdue; none while nobody cleared is in post. One query (the days of the year's
  sessions)."""

from __future__ import annotations

import calendar
import datetime
import math

from django.utils import timezone

from baomi.people.queries.training import (
    cleared_in_post,
    sessions_per_quarter,
    sessions_per_year,
    short_people,
)
from baomi.seams.deadlines import Deadline, DeadlineProvider, DeadlineQuery, end_of_day

PERSON = "org.person"
ORGANISATION = "org.organisation"


def quarter_end(year: int, quarter: int) -> datetime.date:
    month = quarter * 3
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


def hours_due(organisation_id: int, moment: datetime.datetime) -> list[DeadlineQuery]:
    """PPL-TRAINING: the cleared people in post short of the year's hours, due by the end of
    its 31 December (``queries.training.short_people``); each answers for their own."""
    year = timezone.localdate(moment).year
    return [
        DeadlineQuery(
            "PPL-TRAINING",
            PERSON,
            short_people(organisation_id, year),
            datetime.date(year, 12, 31),
            person="pk",
            department="department_id",
        )
    ]


def sessions_due(organisation_id: int, moment: datetime.datetime) -> list[Deadline]:
    """PPL-TRAINING: the organisation's sessions due by the end of each quarter begun of the
    year of ``moment``; none while nobody cleared is in post."""
    today = timezone.localdate(moment)
    year = today.year
    found: list[Deadline] = []
    if not cleared_in_post(organisation_id).exists():  # nobody to train
        return found
    wanted = sessions_per_year(organisation_id)
    held = sessions_per_quarter(organisation_id, year)
    so_far = 0
    for quarter in range(1, (today.month - 1) // 3 + 2):
        so_far += held[quarter]
        needed = math.ceil(wanted * quarter / 4)
        found.append(
            Deadline(
                "PPL-TRAINING",
                ORGANISATION,
                organisation_id,
                end_of_day(quarter_end(year, quarter)),
                done=so_far >= needed,
            )
        )
    return found


PROVIDERS = (DeadlineProvider("PPL-TRAINING", sessions_due, hours_due),)
