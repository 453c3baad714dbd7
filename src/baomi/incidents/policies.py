"""Who may know the incidents: one policy per kind (access.policy), the organisation
scoping inside."""

from __future__ import annotations

# --- incidents, their reports upward and investigation (INC-RECORD, LOSS-REPORT) ---
from typing import Any

from django.db.models import QuerySet

from baomi.access.actor import Actor
from baomi.access.mac import knower
from baomi.access.roles import Permission, actor_organisation_id, has_permission
from baomi.incidents.models import Incident

# The office that records incidents and follows them to closure (the security officer).
INCIDENT_OFFICE = Permission.OVERSEE


def keeps_incidents(actor: Actor | None) -> bool:
    """Whether ``actor`` keeps the organisation's incidents (OVERSEE)."""
    return has_permission(actor, INCIDENT_OFFICE)


def _person(actor: Actor | None) -> Any:
    """The person ``actor`` knows as (``access.mac.knower``), while their password is their
    own (AUTH-PASSWORD); else None."""
    if getattr(actor, "password_must_change", False):
        return None
    return knower(actor)


class IncidentRecords:
    """An incident names people and carriers: OVERSEE knows every incident of its
    organisation; a knowing person knows the incidents they reported (a loss they reported
    through the carriers); nobody else any, and never another organisation's. The people
    involved are not told of it here (an investigation is the office's). The carriers an
    incident names are shown only to a reader who may know them (``carriers.policies.COPIES``,
    in the queries)."""

    def may_know(self, actor: Actor | None, item: Incident) -> bool:
        organisation_id = actor_organisation_id(actor) if actor is not None else None
        if organisation_id is None or item.organisation_id != organisation_id:
            return False
        if keeps_incidents(actor):
            return True
        person = _person(actor)
        return person is not None and item.reporter_id == person.pk

    def known(self, actor: Actor | None) -> QuerySet[Incident]:
        organisation_id = actor_organisation_id(actor) if actor is not None else None
        if organisation_id is None:
            return Incident.objects.none()
        if keeps_incidents(actor):
            return Incident.objects.filter(organisation_id=organisation_id)
        person = _person(actor)
        if person is None:
            return Incident.objects.none()
        return Incident.objects.filter(organisation_id=organisation_id, reporter_id=person.pk)


INCIDENTS = IncidentRecords()
