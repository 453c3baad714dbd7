"""PPL-EXIT's deadlines: the end of each cooling-off period (脱密期) of the organisation, the
person who left answering for it (their restrictions last until then). A period is done once
its last day is over."""

from __future__ import annotations

import datetime

from baomi.people.models import CoolingOff
from baomi.seams.deadlines import Deadline, DeadlineProvider, end_of_day

COOLING_OFF = "people.coolingoff"


def cooling_off_ends(organisation_id: int, moment: datetime.datetime) -> list[Deadline]:
    """PPL-EXIT: every cooling-off period, due at the end of its last day."""
    rows = CoolingOff.objects.filter(organisation_id=organisation_id).values_list(
        "pk", "ends", "person_id", "person__department_id"
    )
    deadlines = []
    for pk, ends, person, dept in rows:
        due = end_of_day(ends)
        deadlines.append(Deadline("PPL-EXIT", COOLING_OFF, pk, due, person, dept, due <= moment))
    return deadlines


PROVIDERS = (DeadlineProvider("PPL-EXIT", cooling_off_ends),)
