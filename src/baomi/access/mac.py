"""Mandatory access control (CLS-MAC): ``can_know`` for one item, ``visible_to`` for a
queryset. The two must always agree; a property test holds them to a brute-force oracle.

A person may know an item when they are active, in the item's organisation, their clearance
dominates its level, and they are inside its scope: the whole organisation, at or above its
rank floor, in one of its departments (or a sub-department), or named. Nothing else grants
knowledge: not a role, not being a leader, not being the system administrator.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, TypeVar

from django.db import models
from django.db.models import Exists, OuterRef, Q

from baomi.access.actor import Actor
from baomi.access.roles import KNOWING_ROLES

M = TypeVar("M", bound=models.Model)


def knower(actor: Actor | None) -> Any | None:
    """The person an account knows as, or None (system administrator, auditor, no person)."""
    if actor is None or not getattr(actor, "is_active", False):
        return None
    if getattr(actor, "role", None) not in KNOWING_ROLES:
        return None
    person = getattr(actor, "person", None)
    if person is None or not person.is_active:
        return None
    return person


def can_know(person: Any, item: Any) -> bool:
    """CLS-MAC for one person and one item."""
    if person is None or not person.is_active:
        return False
    if item.organisation_id != person.organisation_id or item.level > person.clearance:
        return False
    if item.scope_all:
        return True
    floor = item.scope_rank_floor
    if floor is not None and person.rank is not None and person.rank.seniority >= floor.seniority:
        return True
    if item.scope_people.filter(pk=person.pk).exists():
        return True
    return item.scope_departments.filter(pk__in=person.department_line()).exists()


def visible_to(actor: Actor | None, queryset: models.QuerySet[M]) -> models.QuerySet[M]:
    """``queryset`` narrowed, in the database, to what ``actor`` may know (CLS-MAC)."""
    person = knower(actor)
    return queryset.filter(scope_filter(person, queryset.model)) if person else queryset.none()


@dataclass(frozen=True)
class Knowing:
    """What CLS-MAC reads of a person: their organisation, clearance, id, rank's seniority
    (None without a rank) and department line (their department and those above it). The
    values of the condition ``scope_filter`` writes, apart from the person: a list route runs
    the condition compiled once with these as parameters (``core.prepared``)."""

    organisation_id: int
    clearance: int
    person_id: int
    seniority: int | None
    departments: tuple[int, ...]

    @classmethod
    def of(cls, person: Any) -> Knowing:
        return cls(
            organisation_id=person.organisation_id,
            clearance=int(person.clearance),
            person_id=person.pk,
            seniority=None if person.rank is None else person.rank.seniority,
            departments=tuple(person.department_line()),
        )


def scope_filter(person: Any, model: type[models.Model]) -> Q:
    """The CLS-MAC condition for ``person`` on ``model`` as one database filter."""
    return knowing_filter(Knowing.of(person), model)


def knowing_filter(knowing: Knowing, model: type[models.Model]) -> Q:
    """The CLS-MAC condition on ``model`` for a person as ``knowing`` says them: in the
    organisation, cleared for the level, and in the scope — the whole organisation, a rank
    floor at or below their rank (of the organisation's ranks), named, or one of their
    departments."""
    in_scope = Q(scope_all=True)
    if knowing.seniority is not None:
        ranks = model._meta.get_field("scope_rank_floor").related_model._default_manager
        in_scope |= Q(
            scope_rank_floor_id__in=ranks.filter(
                organisation_id=knowing.organisation_id, seniority__lte=knowing.seniority
            ).values("pk")
        )
    named = model.scope_people.through.objects.filter(
        **{_fk(model): OuterRef("pk"), "person_id": knowing.person_id}
    )
    departments = model.scope_departments.through.objects.filter(
        **{_fk(model): OuterRef("pk"), "department_id__in": knowing.departments}
    )
    in_scope |= Exists(named) | Exists(departments)
    return Q(organisation_id=knowing.organisation_id, level__lte=knowing.clearance) & in_scope


def _fk(model: type[models.Model]) -> str:
    return f"{model._meta.model_name}_id"
