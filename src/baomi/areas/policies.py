"""Who may know the records of this domain: one policy per kind (access.policy), the
organisation scoping inside."""

from __future__ import annotations

# --- the list of secure areas, keepers and assignments (AREA-LIST) ---
from django.db.models import Exists, OuterRef, Q, QuerySet

from baomi.access.actor import Actor
from baomi.access.mac import knower
from baomi.access.roles import (
    Permission,
    actor_organisation_id,
    has_permission,
)
from baomi.areas.models import AreaAssignment, SecureArea

# The permission of the security office that keeps the list (AREA-LIST).
AREA_OFFICE = Permission.MANAGE_AREAS


def keeps_areas(actor: Actor | None) -> bool:
    """Whether ``actor`` keeps the organisation's list of secure areas (the security office)."""
    return has_permission(actor, AREA_OFFICE)


def current_assignments() -> QuerySet[AreaAssignment]:
    """The assignments still running (not ended): an ended one has its ``until`` day."""
    return AreaAssignment.objects.filter(until=None)


class Areas:
    """Who may know a secure area (AREA-LIST): the security office (MANAGE_AREAS) every area
    of its organisation; any knowing person (``access.mac.knower``) of the organisation the
    areas they keep or are currently assigned to, active or not; nobody else anything."""

    def may_know(self, actor: Actor | None, item: SecureArea) -> bool:
        organisation_id = actor_organisation_id(actor) if actor is not None else None
        if organisation_id is None or item.organisation_id != organisation_id:
            return False
        if keeps_areas(actor):
            return True
        person = knower(actor)
        if person is None:
            return False
        if item.keeper_id == person.pk:
            return True
        return current_assignments().filter(area_id=item.pk, person_id=person.pk).exists()

    def known(self, actor: Actor | None) -> QuerySet[SecureArea]:
        organisation_id = actor_organisation_id(actor) if actor is not None else None
        if organisation_id is None:
            return SecureArea.objects.none()
        if keeps_areas(actor):
            return SecureArea.objects.filter(organisation_id=organisation_id)
        person = knower(actor)
        if person is None:
            return SecureArea.objects.none()
        assigned = current_assignments().filter(area_id=OuterRef("pk"), person_id=person.pk)
        return SecureArea.objects.filter(
            Q(keeper_id=person.pk) | Exists(assigned), organisation_id=organisation_id
        )


class Venues:
    """The areas a meeting may be held in, as the meetings' venue picker reads them: the
    active areas of the organisation for whoever organises meetings (MANAGE_MEETINGS) or
    keeps the list (MANAGE_AREAS); nothing for anyone else."""

    def _organisation(self, actor: Actor | None) -> int | None:
        if has_permission(actor, Permission.MANAGE_MEETINGS) or keeps_areas(actor):
            return actor_organisation_id(actor)
        return None

    def may_know(self, actor: Actor | None, item: SecureArea) -> bool:
        organisation_id = self._organisation(actor)
        return (
            organisation_id is not None
            and item.active
            and (item.organisation_id == organisation_id)
        )

    def known(self, actor: Actor | None) -> QuerySet[SecureArea]:
        organisation_id = self._organisation(actor)
        if organisation_id is None:
            return SecureArea.objects.none()
        return SecureArea.objects.filter(organisation_id=organisation_id, active=True)


AREAS = Areas()
VENUES = Venues()
# --- visitors and the access log (AREA-ACCESS) ---
from baomi.areas.models import AreaEntry, Visitor  # noqa: E402


class Visitors:
    """Who may know a visitor's record (外来人员, AREA-ACCESS): the security office
    (MANAGE_AREAS) every visitor of its organisation — the register is its record; a knowing
    person (``access.mac.knower``) of the organisation the visitors they host; nobody else."""

    def may_know(self, actor: Actor | None, item: Visitor) -> bool:
        organisation_id = actor_organisation_id(actor) if actor is not None else None
        if organisation_id is None or item.organisation_id != organisation_id:
            return False
        if keeps_areas(actor):
            return True
        person = knower(actor)
        return person is not None and item.host_id == person.pk

    def known(self, actor: Actor | None) -> QuerySet[Visitor]:
        organisation_id = actor_organisation_id(actor) if actor is not None else None
        if organisation_id is None:
            return Visitor.objects.none()
        if keeps_areas(actor):
            return Visitor.objects.filter(organisation_id=organisation_id)
        person = knower(actor)
        if person is None:
            return Visitor.objects.none()
        return Visitor.objects.filter(organisation_id=organisation_id, host_id=person.pk)


class Entries:
    """Who may know an entry of the access log (要害部位出入登记, AREA-ACCESS): the security
    office (MANAGE_AREAS) every entry of its organisation; a knowing person of the
    organisation the entries of the areas they keep (now: the area's keeper); nobody else."""

    def may_know(self, actor: Actor | None, item: AreaEntry) -> bool:
        organisation_id = actor_organisation_id(actor) if actor is not None else None
        if organisation_id is None or item.organisation_id != organisation_id:
            return False
        if keeps_areas(actor):
            return True
        person = knower(actor)
        return person is not None and item.area.keeper_id == person.pk

    def known(self, actor: Actor | None) -> QuerySet[AreaEntry]:
        organisation_id = actor_organisation_id(actor) if actor is not None else None
        if organisation_id is None:
            return AreaEntry.objects.none()
        if keeps_areas(actor):
            return AreaEntry.objects.filter(organisation_id=organisation_id)
        person = knower(actor)
        if person is None:
            return AreaEntry.objects.none()
        return AreaEntry.objects.filter(organisation_id=organisation_id, area__keeper_id=person.pk)


VISITORS = Visitors()
ENTRIES = Entries()
