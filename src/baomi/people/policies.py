"""Who may know the cooling-off periods (PPL-EXIT): they follow from the clearance classes,
so only those who may see the classes (``org.queries.sees_clearances``), and only of their
own organisation."""

from __future__ import annotations

from django.db.models import QuerySet

from baomi.access.actor import Actor
from baomi.access.roles import Permission, actor_organisation_id, has_permission
from baomi.people.models import CoolingOff


def may_know(actor: Actor) -> bool:
    """Whether ``actor`` may read cooling-off periods: the role that sets clearances."""
    return has_permission(actor, Permission.SET_CLEARANCE)


def known(actor: Actor) -> QuerySet[CoolingOff]:
    """The cooling-off periods ``actor`` may know: their organisation's, or none."""
    if not may_know(actor):
        return CoolingOff.objects.none()
    return CoolingOff.objects.filter(organisation_id=actor_organisation_id(actor))
