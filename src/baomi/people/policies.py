"""Who may know the cooling-off periods (PPL-EXIT): they follow from the clearance classes,
so only those who may see the classes (``org.queries.sees_clearances``), and only of their
own organisation. The monthly self-checks (PPL-SELFCHECK): a person knows their own, the
security office those of its organisation."""

from __future__ import annotations

from django.db.models import QuerySet

from baomi.access.actor import Actor
from baomi.access.roles import Permission, actor_organisation_id, has_permission
from baomi.people.models import CoolingOff, SelfCheck


def may_know(actor: Actor) -> bool:
    """Whether ``actor`` may read cooling-off periods: the role that sets clearances."""
    return has_permission(actor, Permission.SET_CLEARANCE)


def known(actor: Actor) -> QuerySet[CoolingOff]:
    """The cooling-off periods ``actor`` may know: their organisation's, or none."""
    if not may_know(actor):
        return CoolingOff.objects.none()
    return CoolingOff.objects.filter(organisation_id=actor_organisation_id(actor))


def known_self_checks(actor: Actor) -> QuerySet[SelfCheck]:
    """The self-checks ``actor`` may know: their organisation's for the role that sets
    clearances (the security office), else their own."""
    if may_know(actor):
        return SelfCheck.objects.filter(organisation_id=actor_organisation_id(actor))
    return SelfCheck.objects.filter(person_id=actor.person_id)
