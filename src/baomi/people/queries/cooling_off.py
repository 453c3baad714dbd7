"""Reads of the cooling-off periods (PPL-EXIT), through what the actor may know."""

from __future__ import annotations

import datetime

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from baomi.access.actor import Actor
from baomi.access.roles import Permission, require
from baomi.core.errors import NotFound
from baomi.people.models import CoolingOff
from baomi.people.policies import known


def cooling_offs(actor: Actor, *, current: bool = False) -> QuerySet[CoolingOff]:
    """The organisation's cooling-off periods, soonest end first (the security office's);
    ``current`` keeps those not yet over."""
    require(actor, Permission.SET_CLEARANCE)
    qs = known(actor).select_related("person")
    if current:
        qs = qs.filter(ends__gte=timezone.localdate())
    return qs


def cooling_off_of(actor: Actor, person_id: int) -> CoolingOff:
    """The cooling-off period of one person of the actor's organisation; NotFound when the
    person has none (or is not of the organisation)."""
    found = cooling_offs(actor).filter(person_id=person_id).first()
    if found is None:
        raise NotFound(_("The person has no cooling-off period."))
    return found


def lasting(actor: Actor, person_id: int, day: datetime.date | None = None) -> CoolingOff | None:
    """The person's cooling-off period if it lasts on ``day`` (today) and ``actor`` may know
    it, else None (the person page's panel)."""
    day = day or timezone.localdate()
    return known(actor).filter(person_id=person_id, ends__gte=day).first()
