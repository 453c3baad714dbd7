"""Who may know the records of this domain: one policy per kind (access.policy), the
organisation scoping inside."""

from __future__ import annotations

# --- seals, their use, taking out and locking away (SEAL-LOG) ---
from typing import Any, Generic, TypeVar

from django.db import models
from django.db.models import Q, QuerySet

from baomi.access.actor import Actor
from baomi.access.mac import knower
from baomi.access.roles import Permission, actor_organisation_id, has_permission
from baomi.seals.models import Seal, SealLockUp, SealTakeOut, SealUse

M = TypeVar("M", bound=models.Model)

# The office that keeps the seals' register and their logs (the security office and the
# confidential clerk of the general office).
SEAL_OFFICE = Permission.MANAGE_SEALS


def keeps_seals(actor: Actor | None) -> bool:
    """Whether ``actor`` keeps the organisation's register of seals (MANAGE_SEALS)."""
    return has_permission(actor, SEAL_OFFICE)


def _person(actor: Actor | None) -> Any:
    """The person ``actor`` knows as (``access.mac.knower``), while their password is their
    own (AUTH-PASSWORD); else None."""
    if getattr(actor, "password_must_change", False):
        return None
    return knower(actor)


class SealRecords(Generic[M]):
    """The seals and their logs are the office's records: MANAGE_SEALS knows every one of
    its organisation. A knowing person (``access.mac.knower``) knows the records whose
    ``people`` paths name them — the seals they keep, the uses and take-outs of those seals,
    the uses and take-outs they asked for or took out; nobody else anything, and never
    another organisation's."""

    def __init__(self, model: type[M], *people: str) -> None:
        self.model = model
        self.people = people

    def _organisation(self, actor: Actor | None) -> int | None:
        return actor_organisation_id(actor) if actor is not None else None

    def _mine(self, person_id: int) -> Q:
        condition = Q(pk__in=[])
        for path in self.people:
            condition |= Q(**{f"{path}_id": person_id})
        return condition

    def may_know(self, actor: Actor | None, item: M) -> bool:
        organisation_id = self._organisation(actor)
        if organisation_id is None or getattr(item, "organisation_id", None) != organisation_id:
            return False
        if keeps_seals(actor):
            return True
        person = _person(actor)
        if person is None:
            return False
        return self.model._default_manager.filter(self._mine(person.pk), pk=item.pk).exists()

    def known(self, actor: Actor | None) -> QuerySet[M]:
        manager = self.model._default_manager
        organisation_id = self._organisation(actor)
        if organisation_id is None:
            return manager.none()
        if keeps_seals(actor):
            return manager.filter(organisation_id=organisation_id)
        person = _person(actor)
        if person is None:
            return manager.none()
        return manager.filter(self._mine(person.pk), organisation_id=organisation_id)


class OfferedSeals:
    """The seals a person may ask to use (the request form's choices, the seal named on
    one's own requests): the organisation's seals in use, to any knowing person who may ask
    for an approval (REQUEST_APPROVAL); their name and kind only are shown from it."""

    def _organisation(self, actor: Actor | None) -> int | None:
        if _person(actor) is None or not has_permission(actor, Permission.REQUEST_APPROVAL):
            return None
        return actor_organisation_id(actor)

    def may_know(self, actor: Actor | None, item: Seal) -> bool:
        organisation_id = self._organisation(actor)
        return organisation_id is not None and (
            item.organisation_id == organisation_id and item.active
        )

    def known(self, actor: Actor | None) -> QuerySet[Seal]:
        organisation_id = self._organisation(actor)
        if organisation_id is None:
            return Seal.objects.none()
        return Seal.objects.filter(organisation_id=organisation_id, active=True)


SEALS = SealRecords(Seal, "keeper")
OFFERED_SEALS = OfferedSeals()
SEAL_USES = SealRecords(SealUse, "seal__keeper", "requested_by")
SEAL_TAKE_OUTS = SealRecords(SealTakeOut, "seal__keeper", "taken_by", "requested_by")
SEAL_LOCK_UPS = SealRecords(SealLockUp, "seal__keeper")
