"""Reads of the end of a copy's life: what a person still holds (HANDOVER), hand-overs,
destructions (DESTROY-APPROVE), loss reports (LOSS-REPORT), inventories and their
reconciliation (INVENTORY). Every read for a person is filtered by what they may know
(CLS-MAC): a register line that names a copy the reader may not know is left out, and an
inventory they may not see is "not found"."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from baomi.access.actor import Actor
from baomi.access.mac import knower
from baomi.access.roles import Permission, has_permission, require
from baomi.carriers.models import (
    HELD_STATES,
    Copy,
    Destruction,
    Handover,
    Inventory,
    InventoryLine,
    LossReport,
)
from baomi.carriers.policies import DOCUMENTS
from baomi.carriers.queries.copies import known_copies
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


@dataclass(frozen=True)
class KnownHoldings:
    """What a reader may know of the copies a person holds or keeps (HANDOVER)."""

    copies: list[Copy]  # the held copies the reader may know (CLS-MAC), in order
    hidden: int  # how many more the person holds that the reader may not know


def known_holdings(actor: Actor, person: Person) -> KnownHoldings:
    """The copies ``person`` holds or keeps that ``actor`` may know (CLS-MAC), with their
    holder and custodian, and how many more they hold that ``actor`` may not know: the
    hand-over page lists the first and only counts the others (HANDOVER)."""
    held = list(held_copies(person).select_related("holder", "custodian"))
    known = set(
        known_copies(actor).filter(pk__in=[c.pk for c in held]).values_list("pk", flat=True)
    )
    return KnownHoldings([c for c in held if c.pk in known], len(held) - len(known))


def _unknowable_copies(actor: Actor) -> QuerySet[Copy]:
    """The copies ``actor`` may not know (CLS-MAC), as a subquery."""
    return Copy.objects.exclude(document__in=DOCUMENTS.known(actor).values("pk"))


def _handovers(actor: Actor) -> QuerySet[Handover]:
    """The hand-overs of the actor's organisation whose every copy they may know (CLS-MAC)."""
    person = knower(actor)
    if person is None:
        return Handover.objects.none()
    return Handover.objects.filter(organisation_id=person.organisation_id).exclude(
        copies__in=_unknowable_copies(actor)
    )


def open_handovers(actor: Actor) -> QuerySet[Handover]:
    """Hand-overs listed but not yet completed (HANDOVER), oldest first, whose every copy the
    actor may know (CLS-MAC)."""
    return (
        _handovers(actor)
        .filter(completed_at=None, cancelled_at=None)
        .select_related("from_person", "to_person")
        .order_by("created_at", "pk")
    )


def handovers_to_sign(actor: Actor) -> QuerySet[Handover]:
    """The open hand-overs waiting for the signature of the actor's person, as giver or as
    receiver (HANDOVER)."""
    person = knower(actor)
    return (
        open_handovers(actor)
        .filter(Q(from_person=person, from_signed_at=None) | Q(to_person=person, to_signed_at=None))
        .order_by("-created_at", "-pk")
    )


def handovers_from(actor: Actor, person_id: int) -> QuerySet[Handover]:
    """Every hand-over listed from one person of the organisation, newest first."""
    return (
        _handovers(actor)
        .filter(from_person_id=person_id)
        .select_related("to_person")
        .prefetch_related("copies__document")
        .order_by("-pk")
    )


def handover(actor: Actor, handover_id: int) -> tuple[Handover, list[Copy]]:
    """A hand-over seen by its giver, its receiver or a register keeper, with its copies;
    "not found" otherwise, or when it names a copy the actor may not know (CLS-MAC)."""
    me = knower(actor)
    found = (
        _handovers(actor)
        .filter(pk=handover_id)
        .select_related("from_person", "to_person", "approval", "created_by")
        .first()
    )
    if found is None or (
        me.pk not in (found.from_person_id, found.to_person_id)
        and not has_permission(actor, Permission.REGISTER_ITEMS)
    ):
        raise NotFound(_("No such hand-over."))
    copies = known_copies(actor).filter(pk__in=found.copies.values("pk"))
    return found, list(copies.order_by("document_id", "number"))


def destructions(actor: Actor) -> QuerySet[Destruction]:
    """The destruction register (DESTROY-WITNESS, DESTROY-PLACE), newest first: the
    destructions of the actor's organisation whose every copy they may know (CLS-MAC)."""
    person = knower(actor)
    if person is None:
        return Destruction.objects.none()
    return (
        Destruction.objects.filter(organisation_id=person.organisation_id)
        .exclude(copies__in=_unknowable_copies(actor))
        .select_related("operator")
        .prefetch_related("witnesses", "signatures", "copies__document")
    )


def to_witness(actor: Actor) -> QuerySet[Destruction]:
    """The destructions naming the actor's person as a witness that they have not signed yet
    (DESTROY-WITNESS), oldest first. Being named, they know of the destruction; of its copies
    they are shown those they may know (``known_destroyed``)."""
    person = knower(actor)
    if person is None:
        return Destruction.objects.none()
    return (
        Destruction.objects.filter(organisation_id=person.organisation_id, witnesses=person)
        .exclude(signatures__witness=person)
        .select_related("operator")
        .order_by("destroyed_at", "pk")
    )


def known_destroyed(actor: Actor, found: Iterable[Destruction]) -> dict[int, list[Copy]]:
    """The copies of each of ``found`` destructions the actor may know (CLS-MAC), in one read."""
    through = list(
        Destruction.copies.through.objects.filter(
            destruction_id__in=[d.pk for d in found]
        ).values_list("destruction_id", "copy_id")
    )
    copies = known_copies(actor).in_bulk([copy_id for _d, copy_id in through])
    by_destruction: dict[int, list[Copy]] = {}
    for destruction_id, copy_id in through:
        if copy_id in copies:
            by_destruction.setdefault(destruction_id, []).append(copies[copy_id])
    return by_destruction


def loss_reports(actor: Actor, *, open_only: bool = False) -> QuerySet[LossReport]:
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


def inventories(actor: Actor) -> QuerySet[Inventory]:
    """The inventories of the actor's organisation, newest first (INVENTORY): the register
    keepers' (REGISTER_ITEMS), whether asked by a page or the API."""
    require(actor, Permission.REGISTER_ITEMS)
    person = knower(actor)
    if person is None:
        return Inventory.objects.none()
    return Inventory.objects.filter(organisation_id=person.organisation_id)


def inventory_lines(actor: Actor, inventory_id: int) -> QuerySet[InventoryLine]:
    """The lines of one inventory of the actor's organisation about copies the actor may
    know (CLS-MAC), in the order they were listed."""
    return (
        InventoryLine.objects.filter(inventory__in=inventories(actor).filter(pk=inventory_id))
        .exclude(copy__in=_unknowable_copies(actor))
        .select_related("copy__document", "expected_holder", "found_with")
        .order_by("pk")
    )


def reconciliation(actor: Actor, inventory_id: int) -> Reconciliation:
    """The reconciliation of one inventory of the actor's organisation, over the copies the
    actor may know (CLS-MAC); "not found" for anyone who may know nothing."""
    inventory = inventories(actor).filter(pk=inventory_id).first()
    if inventory is None:
        raise NotFound(_("No such inventory."))
    return Reconciliation(inventory, *reconcile(inventory_lines(actor, inventory_id)))
