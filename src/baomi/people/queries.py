"""Reads of the cooling-off periods (PPL-EXIT) and of the monthly self-checks
(PPL-SELFCHECK), through what the actor may know."""

from __future__ import annotations

import datetime

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from baomi.access.actor import Actor
from baomi.access.roles import Permission, require
from baomi.core.errors import NotFound
from baomi.core.levels import Clearance
from baomi.people.models import CoolingOff, SelfCheck, SelfCheckItem
from baomi.people.policies import known, known_self_checks


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


def checklist(organisation_id: int) -> list[SelfCheckItem]:
    """The organisation's self-check items (PPL-SELFCHECK) in order: its own list, or the
    default list when it keeps none."""
    own = list(SelfCheckItem.objects.filter(organisation_id=organisation_id))
    return own or list(SelfCheckItem.objects.filter(organisation=None))


def month_of(day: datetime.date | None = None) -> datetime.date:
    """The first day of the month of ``day`` (today): a self-check's month."""
    return (day or timezone.localdate()).replace(day=1)


def self_check_due(actor: Actor) -> bool:
    """Whether the actor's person is cleared, still with the organisation, and has not filed
    this month's self-check (PPL-SELFCHECK) — the home page asks them to."""
    person = getattr(actor, "person", None)
    if person is None or person.clearance == Clearance.NONE or not person.is_active:
        return False
    return not SelfCheck.objects.filter(person_id=person.pk, month=month_of()).exists()


def self_checks(actor: Actor) -> QuerySet[SelfCheck]:
    """The self-checks the actor may read, latest month first: the security office's of its
    organisation, anyone else's own (PPL-SELFCHECK)."""
    return known_self_checks(actor).select_related("person")
