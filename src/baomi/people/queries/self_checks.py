"""Reads of the monthly self-checks (PPL-SELFCHECK), through what the actor may know."""

from __future__ import annotations

import datetime

from django.db.models import QuerySet
from django.utils import timezone

from baomi.access.actor import Actor
from baomi.core.levels import Clearance
from baomi.people.models import SelfCheck, SelfCheckItem
from baomi.people.policies import known_self_checks


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
