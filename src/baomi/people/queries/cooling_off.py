"""Reads of the cooling-off periods (PPL-EXIT), through what the actor may know."""

from __future__ import annotations

import datetime

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from baomi.access.actor import Actor
from baomi.access.roles import Permission, require
from baomi.core.errors import NotFound
from baomi.core.levels import Clearance
from baomi.people.models import CoolingOff
from baomi.people.policies import known
from baomi.rulebook import book


def cooling_offs(actor: Actor, *, current: bool = False) -> QuerySet[CoolingOff]:
    """The organisation's cooling-off periods, soonest end first (the security office's);
    ``current`` keeps those not yet over."""
    require(actor, Permission.SET_CLEARANCE)
    qs = known(actor).select_related("person")
    if current:
        qs = qs.filter(ends__gte=timezone.localdate())
    return qs


def cooling_off_of(actor: Actor, person_id: int) -> CoolingOff:
    """The latest cooling-off period of one person of the actor's organisation (a move off a
    post and a later departure each start one); NotFound when the person has none (or is not
    of the organisation)."""
    found = cooling_offs(actor).filter(person_id=person_id).order_by("-starts", "-pk").first()
    if found is None:
        raise NotFound(_("The person has no cooling-off period."))
    return found


def lasting(actor: Actor, person_id: int, day: datetime.date | None = None) -> CoolingOff | None:
    """The person's cooling-off period if it lasts on ``day`` (today) and ``actor`` may know
    it, else None (the person page's panel)."""
    day = day or timezone.localdate()
    return known(actor).filter(person_id=person_id, ends__gte=day).order_by("-ends", "-pk").first()


# A reminder this many days before a period ends (the register and the panel flag it).
REMIND_DAYS = 30

# What a person may not do while their cooling-off period lasts (保密法 §38 and the seed's
# 脱密期管理): shown on their page and printed on the exit case.
RESTRICTIONS = (
    ("abroad", gettext_lazy("No travel abroad without approval (PPL-ABROAD).")),
    (
        "employment",
        gettext_lazy(
            "No employment by a foreign body or organisation in China, or by a "
            "foreign-funded enterprise."
        ),
    ),
    (
        "services",
        gettext_lazy(
            "No labour, consulting or other services for foreign organisations, bodies or people."
        ),
    ),
    ("secrets", gettext_lazy("The duty to keep the secrets known continues.")),
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


def years_of(organisation_id: int, clearance: int) -> int | None:
    """The years of the cooling-off period of ``clearance`` in the organisation (its rulebook's
    PPL-EXIT parameters: core 3, important 2, general 1 by default), None for no clearance."""
    param = YEARS_PARAM.get(Clearance(clearance))
    if param is None:
        return None
    return int(book.param(organisation_id, "PPL-EXIT", param))


def days_left(cooling: CoolingOff, day: datetime.date | None = None) -> int:
    """Days from ``day`` (today) until the period's last day (0 on the last day)."""
    return max((cooling.ends - (day or timezone.localdate())).days, 0)
