"""PPL-SELFCHECK's deadlines: each cleared person's self-check of the month, due at its end,
done once filed; it carries the person and their department, so that it reaches them, their
department's security officer and the security office."""

from __future__ import annotations

import calendar
import datetime

from django.utils import timezone

from baomi.core.levels import Clearance
from baomi.org.models import Employment, Person
from baomi.people.models import SelfCheck
from baomi.seams.deadlines import Deadline, DeadlineProvider, end_of_day

PERSON = "org.person"


def self_checks_due(organisation_id: int, moment: datetime.datetime) -> list[Deadline]:
    """PPL-SELFCHECK: every cleared person still in post files the month's self-check by the
    end of its last day (the month of ``moment``); two queries, the people and the filed."""
    first = timezone.localdate(moment).replace(day=1)
    last = first.replace(day=calendar.monthrange(first.year, first.month)[1])
    due = end_of_day(last)
    people = (
        Person.objects.filter(organisation_id=organisation_id, employment=Employment.ACTIVE)
        .exclude(clearance=Clearance.NONE)
        .values_list("pk", "department_id")
    )
    filed = set(
        SelfCheck.objects.filter(organisation_id=organisation_id, month=first).values_list(
            "person_id", flat=True
        )
    )
    return [
        Deadline("PPL-SELFCHECK", PERSON, pk, due, pk, dept, pk in filed) for pk, dept in people
    ]


PROVIDERS = (DeadlineProvider("PPL-SELFCHECK", self_checks_due),)
