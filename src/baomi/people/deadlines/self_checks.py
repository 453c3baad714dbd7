"""PPL-SELFCHECK's deadlines: what each cleared person owes (``queries.self_checks.owed``, the
rule as timed there) — this month's self-check, due at the month's end or sooner under
``interval_days``, done once filed, and the last missed month, overdue until filed late. Each
carries the person and their department, so that it reaches them, their department's
security officer and the security office."""

from __future__ import annotations

import datetime

from django.utils import timezone

from baomi.people.queries.self_checks import owed
from baomi.seams.deadlines import Deadline, DeadlineProvider, end_of_day

PERSON = "org.person"


def self_checks_due(organisation_id: int, moment: datetime.datetime) -> list[Deadline]:
    """PPL-SELFCHECK: every self-check the cleared people in post owe at ``moment`` (four
    queries, not one per person)."""
    ends: dict[datetime.date, datetime.datetime] = {}  # the few days due, each made once
    return [
        Deadline(
            "PPL-SELFCHECK",
            PERSON,
            item.person_id,
            ends.get(item.due) or ends.setdefault(item.due, end_of_day(item.due)),
            item.person_id,
            item.department_id,
            item.filed,
        )
        for item in owed(organisation_id, timezone.localdate(moment))
    ]


PROVIDERS = (DeadlineProvider("PPL-SELFCHECK", self_checks_due),)
