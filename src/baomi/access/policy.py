"""Policies: one per controlled kind, as a pair.

- ``may_know(actor, item)``: may this actor know (see, act on) this item;
- ``known(actor)``: the items this actor may know, as one database filter (it holds at a
  million rows), the organisation scoping included.

The two must always agree: ``known(actor)`` is exactly the items ``i`` with
``may_know(actor, i)``, and a property test per policy holds both to a brute-force oracle
written from the rules (``tests/access/test_mac_properties.py`` is the pattern). A domain's
queries read controlled items only through its policies (``carriers.policies``,
``devices.policies``, ``scans.policies``); pages and routes read only through the queries.

Two shapes recur and live here:

- ``MacPolicy``: an item with a level and a need-to-know scope (``ControlledItem``), known
  under CLS-MAC (``access.mac``).
- ``OrganisationRecords``: the records an office keeps (the equipment's care, the scan
  records): the whole organisation's for whoever holds one permission, nothing for anyone
  else.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Generic, Protocol, TypeVar

from django.db import models
from django.db.models import QuerySet

from baomi.access.actor import Actor
from baomi.access.mac import Knowing, can_know, knower, knowing_filter, visible_to
from baomi.access.roles import Permission, actor_organisation_id, has_permission
from baomi.core import prepared

M = TypeVar("M", bound=models.Model)


class Policy(Protocol[M]):
    """Who may know the items of one kind."""

    def may_know(self, actor: Actor | None, item: M) -> bool:
        """Whether ``actor`` may know (see, act on) ``item``."""
        ...

    def known(self, actor: Actor | None) -> QuerySet[M]:
        """The items ``actor`` may know, in the database; none for anyone else."""
        ...


class MacPolicy(Generic[M]):
    """CLS-MAC for a ``ControlledItem`` model: known to the account's person (``knower``: a
    knowing role, the account and the person active) when they are in the item's
    organisation, cleared for its level and inside its scope."""

    def __init__(self, model: type[M]) -> None:
        self.model = model

    def may_know(self, actor: Actor | None, item: M) -> bool:
        return can_know(knower(actor), item)

    def known(self, actor: Actor | None) -> QuerySet[M]:
        return visible_to(actor, self.model._default_manager.all())

    def known_to(self, knowing: Knowing) -> QuerySet[M]:
        """``known`` of a person as ``knowing`` says them: the query a route compiles once
        with those values as parameters (``known_rows``)."""
        return self.model._default_manager.filter(knowing_filter(knowing, self.model))


def known_rows(
    actor: Actor | None,
    key: str,
    build: Callable[..., QuerySet[Any]],
    *,
    limit: int,
    offset: int = 0,
    **values: Any,
) -> list[dict[str, Any]]:
    """``core.prepared.rows`` of ``build(knowing=…, **values)`` — a read through a policy's
    ``known_to`` — for the actor's person (``Knowing``); nothing for an actor who knows
    nothing (CLS-MAC)."""
    person = knower(actor)
    if person is None:
        return []
    return prepared.rows(
        key, build, limit=limit, offset=offset, knowing=Knowing.of(person), **values
    )


class OrganisationRecords(Generic[M]):
    """The records of ``model`` that an office keeps: every one of the actor's organisation
    for an actor whose role grants ``permission``, none for anyone else."""

    def __init__(self, model: type[M], permission: Permission) -> None:
        self.model = model
        self.permission = permission

    def organisation_id(self, actor: Actor | None) -> int | None:
        """The organisation whose records ``actor`` keeps, or None."""
        if not has_permission(actor, self.permission):
            return None
        return actor_organisation_id(actor)

    def may_know(self, actor: Actor | None, item: M) -> bool:
        organisation_id = self.organisation_id(actor)
        if organisation_id is None:
            return False
        return bool(getattr(item, "organisation_id", None) == organisation_id)

    def known(self, actor: Actor | None) -> QuerySet[M]:
        organisation_id = self.organisation_id(actor)
        if organisation_id is None:
            return self.model._default_manager.none()
        return self.model._default_manager.filter(organisation_id=organisation_id)
