"""PPL-EXIT's deadlines: the end of each cooling-off period (脱密期) of the organisation, the
person who left answering for it (their restrictions last until then; the seam's DUE state
reminds within DUE_SOON of its end, and the register flags those ending within REMIND_DAYS);
and each exit case still open STUCK_DAYS after it was opened, due then and overdue after, the
security office answering for it. A period is done once its last day is over. Two queries."""

from __future__ import annotations

import datetime

from baomi.people.models import CoolingOff, ExitCase
from baomi.people.queries.exit import STUCK_DAYS
from baomi.seams.deadlines import Deadline, DeadlineProvider, end_of_day

COOLING_OFF = "people.coolingoff"
EXIT_CASE = "people.exitcase"


def cooling_off_ends(organisation_id: int, moment: datetime.datetime) -> list[Deadline]:
    """PPL-EXIT: every cooling-off period, due at the end of its last day; every open exit
    case, due STUCK_DAYS after it opened."""
    rows = CoolingOff.objects.filter(organisation_id=organisation_id).values_list(
        "pk", "ends", "person_id", "person__department_id"
    )
    deadlines = []
    for pk, ends, person, dept in rows:
        due = end_of_day(ends)
        deadlines.append(Deadline("PPL-EXIT", COOLING_OFF, pk, due, person, dept, due <= moment))
    cases = ExitCase.objects.filter(
        organisation_id=organisation_id, closed_at__isnull=True
    ).values_list("pk", "opened_at", "person_id", "person__department_id")
    for pk, opened_at, person, dept in cases:
        due = opened_at + datetime.timedelta(days=STUCK_DAYS)
        deadlines.append(Deadline("PPL-EXIT", EXIT_CASE, pk, due, person, dept))
    return deadlines


PROVIDERS = (DeadlineProvider("PPL-EXIT", cooling_off_ends),)
