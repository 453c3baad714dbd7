"""The cooling-off period (脱密期) a cleared person enters on leaving (PPL-EXIT)."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy

from baomi.audit.actions import register_action
from baomi.audit.recorder import record_event
from baomi.core.levels import Clearance
from baomi.org.models import Person
from baomi.people.models import CoolingOff
from baomi.rulebook import book

COOLING_OFF_STARTED = register_action(
    "people.cooling_off_started", gettext_lazy("Cooling-off period started")
)

# The PPL-EXIT parameter holding the years of each clearance class.
YEARS_PARAM = {
    Clearance.CORE: "cooling_years_core",
    Clearance.IMPORTANT: "cooling_years_important",
    Clearance.GENERAL: "cooling_years_general",
}


def years_later(day: datetime.date, years: int) -> datetime.date:
    """The same calendar day ``years`` later (29 February: the 28th in a common year)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def start_cooling_off(*, actor: Any, person: Person) -> None:
    """A cleared person who leaves enters the cooling-off period of their clearance class
    (PPL-EXIT): from today for the rulebook's years of that class. Registered with
    ``baomi.org.leaving``, so it runs inside ``org.operations.mark_left``'s transaction; an
    uncleared person has none."""
    param = YEARS_PARAM.get(Clearance(person.clearance))
    if param is None:
        return
    starts = timezone.localdate()
    years = book.param(person.organisation_id, "PPL-EXIT", param)
    cooling = CoolingOff.objects.create(
        organisation_id=person.organisation_id,
        person=person,
        clearance=person.clearance,
        starts=starts,
        ends=years_later(starts, years),
    )
    record_event(
        actor=actor,
        action=COOLING_OFF_STARTED,
        subject=cooling,
        organisation_id=person.organisation_id,
        data={"rule": "PPL-EXIT", "years": years, "ends": cooling.ends.isoformat()},
    )
