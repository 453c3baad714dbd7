"""Reads of the end of a copy's life: what a person still holds (HANDOVER), open hand-overs,
loss reports (LOSS-REPORT) and the reconciliation of an inventory (INVENTORY). Every read
for a person is filtered by what they may know (CLS-MAC): a register line that names a copy
the reader may not know is left out, and an inventory they may not see is "not found"."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from baomi.access.mac import knower, visible_to
from baomi.carriers.models import (
    HELD_STATES,
    Copy,
    Document,
    Handover,
    Inventory,
    InventoryLine,
    LossReport,
)
from baomi.core.errors import NotFound
from baomi.org.models import Person


def held_copies(person: Person) -> QuerySet[Copy]:
    """The copies a person holds or keeps as custodian, while still in the organisation's
    hands (HANDOVER): what they must hand over before changing post or leaving."""
    return (
        Copy.objects.filter(state__in=HELD_STATES)
        .filter(Q(holder=person) | Q(custodian=person))
        .select_related("document")
        .order_by("pk")
    )


def held_items(person: Person) -> list[str]:
    """The provider registered with ``baomi.org.holdings``: each copy the person still holds
    or keeps, as document number and copy number (never the title). The system's own check
    before a person is marked as left, not a read for a person: not filtered by CLS-MAC."""
    return [str(copy) for copy in held_copies(person)]


def _unknowable_copies(actor: Any) -> QuerySet[Copy]:
    """The copies ``actor`` may not know (CLS-MAC), as a subquery."""
    return Copy.objects.exclude(document__in=visible_to(actor, Document.objects.all()).values("pk"))


def open_handovers(actor: Any) -> QuerySet[Handover]:
    """Hand-overs listed but not yet completed (HANDOVER), oldest first, whose every copy the
    actor may know (CLS-MAC)."""
    person = knower(actor)
    if person is None:
        return Handover.objects.none()
    return (
        Handover.objects.filter(
            organisation_id=person.organisation_id, completed_at=None, cancelled_at=None
        )
        .exclude(copies__in=_unknowable_copies(actor))
        .select_related("from_person", "to_person")
        .order_by("created_at", "pk")
    )


def loss_reports(actor: Any, *, open_only: bool = False) -> QuerySet[LossReport]:
    """Loss and leak reports (LOSS-REPORT), newest first, whose every copy the actor may know
    (CLS-MAC); ``open_only``: those whose investigation is not concluded."""
    person = knower(actor)
    if person is None:
        return LossReport.objects.none()
    qs = LossReport.objects.filter(organisation_id=person.organisation_id).exclude(
        copies__in=_unknowable_copies(actor)
    )
    if open_only:
        qs = qs.filter(concluded_at=None)
    return qs.order_by("-reported_at", "-pk")


@dataclass(frozen=True)
class Reconciliation:
    """An inventory's expected copies against what was found (INVENTORY)."""

    inventory: Inventory
    shortages: list[InventoryLine]  # expected, not found: to be traced
    unexpected: list[InventoryLine]  # found, not expected (destroyed, recalled, lost, elsewhere)
    elsewhere: list[InventoryLine]  # found with someone other than the expected holder


def reconcile(
    lines: Iterable[InventoryLine],
) -> tuple[list[InventoryLine], list[InventoryLine], list[InventoryLine]]:
    """Shortages, unexpected finds and copies found with another holder, among ``lines``."""
    shortages, unexpected, elsewhere = [], [], []
    for line in lines:
        if not line.expected:
            unexpected.append(line)
        elif line.found_at is None:
            shortages.append(line)
        elif line.found_with_id is not None and line.found_with_id != line.expected_holder_id:
            elsewhere.append(line)
    return shortages, unexpected, elsewhere


def reconciliation(actor: Any, inventory_id: int) -> Reconciliation:
    """The reconciliation of one inventory of the actor's organisation, over the copies the
    actor may know (CLS-MAC); "not found" for anyone who may know nothing."""
    person = knower(actor)
    inventory = (
        Inventory.objects.filter(pk=inventory_id, organisation_id=person.organisation_id).first()
        if person
        else None
    )
    if inventory is None:
        raise NotFound(_("No such inventory."))
    lines = (
        InventoryLine.objects.filter(inventory=inventory)
        .exclude(copy__in=_unknowable_copies(actor))
        .select_related("copy__document", "expected_holder", "found_with")
        .order_by("pk")
    )
    return Reconciliation(inventory, *reconcile(lines))
