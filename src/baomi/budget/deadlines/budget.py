"""BUDGET's one deadline: the year's confidentiality budget is set up by 31 March
(``SET_UP_BY``), done once it is. BUDGET is a RECORD rule; the deadline is how a year without
a budget reaches the security office (``tests/test_deadlines.py`` lists it in
``TIMED_BESIDES``). The subject is the organisation."""

from __future__ import annotations

import datetime

from django.utils import timezone

from baomi.budget.models import Budget
from baomi.org.queries import staffed
from baomi.seams.deadlines import Deadline, DeadlineProvider, end_of_day

ORGANISATION = "org.organisation"
# The month and day by which the year's budget is set up.
SET_UP_BY = (3, 31)


def budget_due(organisation_id: int, moment: datetime.datetime) -> list[Deadline]:
    """This year's budget, due by SET_UP_BY, done once set up (two queries); none for an
    organisation nobody is in post in yet."""
    if not staffed(organisation_id):
        return []
    year = timezone.localdate(moment).year
    done = Budget.objects.filter(organisation_id=organisation_id, year=year).exists()
    due = datetime.date(year, *SET_UP_BY)
    return [Deadline("BUDGET", ORGANISATION, organisation_id, end_of_day(due), done=done)]


PROVIDERS = (DeadlineProvider("BUDGET", budget_due),)
