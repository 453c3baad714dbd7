"""PPL-TRAINING's deadlines: each cleared person still in post owes the year's class hours
(the rulebook's ``min_hours``, 8 by default) by 31 December; done once their hours of the year
reach it. It carries the person and their department, so that a shortfall reaches them, their
department's security officer and the security office. One query (the people with their
hours of the year, ``queries.training.with_hours``), never one per person."""

from __future__ import annotations

import datetime

from django.utils import timezone

from baomi.people.queries.training import short_people
from baomi.seams.deadlines import Deadline, DeadlineProvider, end_of_day

PERSON = "org.person"


def training_due(organisation_id: int, moment: datetime.datetime) -> list[Deadline]:
    """PPL-TRAINING: the year of ``moment``'s hours, due by the end of its 31 December."""
    year = timezone.localdate(moment).year
    due = end_of_day(datetime.date(year, 12, 31))
    return [
        Deadline("PPL-TRAINING", PERSON, pk, due, pk, dept, done)
        for pk, dept, done in short_people(organisation_id, year)
    ]


PROVIDERS = (DeadlineProvider("PPL-TRAINING", training_due),)
