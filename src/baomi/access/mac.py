"""Mandatory access control (CLS-MAC): ``can_know`` for one item, ``visible_to`` for a
queryset. The two must always agree; a property test holds them to a brute-force oracle.

A person may know an item when they are active, in the item's organisation, their clearance
dominates its level, and they are inside its scope: the whole organisation, at or above its
rank floor, in one of its departments (or a sub-department), or named. Nothing else grants
knowledge: not a role, not being a leader, not being the system administrator.
"""

from __future__ import annotations

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


def scope_filter(person: Any, model: type[models.Model]) -> Q:
    """The CLS-MAC condition for ``person`` on ``model`` as one database filter."""
    in_scope = Q(scope_all=True)
    if person.rank is not None:
        in_scope |= Q(scope_rank_floor_id__in=person.ranks_at_or_below())
    named = model.scope_people.through.objects.filter(
        **{_fk(model): OuterRef("pk"), "person_id": person.pk}
    )
    departments = model.scope_departments.through.objects.filter(
        **{_fk(model): OuterRef("pk"), "department_id__in": person.department_line()}
    )
    in_scope |= Exists(named) | Exists(departments)
    return Q(organisation_id=person.organisation_id, level__lte=person.clearance) & in_scope


def _fk(model: type[models.Model]) -> str:
    return f"{model._meta.model_name}_id"
