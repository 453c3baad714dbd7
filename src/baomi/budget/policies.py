"""Who may know the confidentiality budget: one policy per kind (access.policy), the organisation
scoping inside.

The budget is the security office's (OVERSEE): it knows, and keeps, every budget, line and
expense of its own organisation. The head of the organisation (``Organisation.head``), signed
in as a knowing person (``access.mac.knower``) with a password of their own, reads them too —
read only: every operation requires OVERSEE besides. Nobody else, and nobody of another
organisation, knows any."""

from __future__ import annotations

from typing import Generic, TypeVar

from django.db import models
from django.db.models import QuerySet

from baomi.access.actor import Actor
from baomi.access.mac import knower
from baomi.access.roles import Permission, actor_organisation_id, has_permission
from baomi.budget.models import Budget, BudgetLine, Expense
from baomi.org.models import Organisation

M = TypeVar("M", bound=models.Model)

# The permission of the office that keeps the budget.
OFFICE = Permission.OVERSEE


def keeps_budget(actor: Actor | None) -> bool:
    """Whether ``actor`` keeps the organisation's budget (the security office)."""
    return has_permission(actor, OFFICE)


def reading_organisation(actor: Actor | None) -> int | None:
    """The organisation whose budget ``actor`` may read: the office's own, or the
    organisation of which the actor's person (a knower) is the head; else None."""
    if keeps_budget(actor):
        return actor_organisation_id(actor)
    if getattr(actor, "password_must_change", False):
        return None  # AUTH-PASSWORD: nothing until the password is one's own
    person = knower(actor)
    if person is None:
        return None
    if Organisation.objects.filter(pk=person.organisation_id, head_id=person.pk).exists():
        return person.organisation_id
    return None


class BudgetRecords(Generic[M]):
    """The records of ``model`` of the organisation whose budget the actor may read."""

    def __init__(self, model: type[M]) -> None:
        self.model = model

    def may_know(self, actor: Actor | None, item: M) -> bool:
        organisation_id = reading_organisation(actor)
        return organisation_id is not None and getattr(item, "organisation_id", None) == (
            organisation_id
        )

    def known(self, actor: Actor | None) -> QuerySet[M]:
        organisation_id = reading_organisation(actor)
        if organisation_id is None:
            return self.model._default_manager.none()
        return self.model._default_manager.filter(organisation_id=organisation_id)


BUDGETS = BudgetRecords(Budget)
LINES = BudgetRecords(BudgetLine)
EXPENSES = BudgetRecords(Expense)
