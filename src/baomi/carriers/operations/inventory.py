"""Inventories (RULES.md §6, INVENTORY): the copies expected, each checked where it is
found, the shortages, unexpected finds and copies found elsewhere counted at closing."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from baomi.access.actor import Actor
from baomi.access.roles import Permission, require
from baomi.audit.actions import register_action
from baomi.audit.operation import operation
from baomi.audit.recorder import record_event
from baomi.carriers.models import HELD_STATES, Copy, CopyState, Inventory, InventoryLine
from baomi.carriers.operations._common import (
    lock_copy,
    lock_register_row,
    me,
    move,
    now,
    person_in,
)
from baomi.carriers.policies import DOCUMENTS
from baomi.carriers.queries.lifecycle import reconcile
from baomi.core.errors import NotFound
from baomi.core.text import fitted_text
from baomi.org.models import Department
from baomi.rulebook import book

INVENTORY_STARTED = register_action("carriers.inventory_started", gettext_lazy("Inventory started"))
INVENTORY_CHECKED = register_action(
    "carriers.inventory_checked", gettext_lazy("Copy checked in an inventory")
)
INVENTORY_CLOSED = register_action("carriers.inventory_closed", gettext_lazy("Inventory closed"))


@operation
def start_inventory(*, actor: Actor, department_id: int | None = None) -> Inventory:
    """定期清查: open an inventory with one line per copy expected to be found: every copy
    still held or archived whose custodian belongs to the department (or one below it), or
    to the whole organisation, with its expected holder and state. Only copies the actor may
    know are listed (CLS-MAC): the one who checks must be allowed to see them (INVENTORY)."""
    require(actor, Permission.REGISTER_ITEMS)
    org = me(actor).organisation_id
    department = None
    if department_id is not None:
        department = Department.objects.filter(pk=department_id, organisation_id=org).first()
        if department is None:
            raise NotFound(_("No such department."))
    knowable = DOCUMENTS.known(actor).values("pk")
    copies = Copy.objects.filter(
        organisation_id=org,
        state__in=(*HELD_STATES, CopyState.ARCHIVED),
        document__in=knowable,
    )
    if department is not None:
        copies = copies.filter(custodian__department__path__startswith=department.path)
    inventory = Inventory.objects.create(
        organisation_id=org, department=department, started_at=now(), started_by=actor
    )
    lines = InventoryLine.objects.bulk_create(
        InventoryLine(
            inventory=inventory,
            copy_id=pk,
            expected=True,
            expected_holder_id=holder,
            expected_state=state,
        )
        for pk, holder, state in copies.order_by("pk").values_list("pk", "holder_id", "state")
    )
    record_event(
        actor=actor,
        action=INVENTORY_STARTED,
        subject=inventory,
        data={"department_id": department_id, "lines": len(lines), "rule": "INVENTORY"},
    )
    return inventory


def _open_inventory(actor: Actor, inventory_id: int) -> Inventory:
    require(actor, Permission.REGISTER_ITEMS)
    inventory = lock_register_row(
        Inventory, me(actor).organisation_id, inventory_id, _("No such inventory.")
    )
    book.require(
        inventory.organisation_id,
        "INVENTORY",
        inventory.closed_at is None,
        _("This inventory has been closed."),
        conflict=True,
    )
    return inventory


@operation
def check_copy(
    *,
    actor: Actor,
    inventory_id: int,
    copy_id: int,
    found_with_id: int | None = None,
    note: str = "",
) -> InventoryLine:
    """Record a copy physically found (INVENTORY), with whom if not in the cabinet: its
    expected line is marked found; a copy nobody expected here (destroyed, recalled, lost,
    another department's) gets a line of its own. The copy's timeline records the check."""
    inventory = _open_inventory(actor, inventory_id)
    copy = lock_copy(actor, copy_id)
    found_with = person_in(inventory.organisation_id, found_with_id) if found_with_id else None
    note = fitted_text(note, "note", InventoryLine, required=False)
    at = now()
    line = InventoryLine.objects.filter(inventory=inventory, copy=copy).first()
    if line is None:
        line = InventoryLine(
            inventory=inventory,
            copy=copy,
            expected=False,
            expected_holder=copy.holder,
            expected_state=copy.state,
        )
    book.require(
        inventory.organisation_id,
        "INVENTORY",
        line.found_at is None,
        _("This copy has already been checked."),
        conflict=True,
    )
    line.found_at, line.found_with, line.note = at, found_with, note
    line.save()
    move(
        copy,
        actor=actor,
        action="checked",
        state=copy.state,
        holder=copy.holder,
        person=found_with,
        due_at=copy.due_at,
        note=str(inventory.pk),
        at=at,
    )
    record_event(
        actor=actor,
        action=INVENTORY_CHECKED,
        subject=inventory,
        data={
            "copy_id": copy.pk,
            "expected": line.expected,
            "found_with": found_with_id,
            "rule": "INVENTORY",
        },
    )
    return line


@operation
def close_inventory(*, actor: Actor, inventory_id: int) -> Inventory:
    """Close an inventory (INVENTORY): its shortages, unexpected finds and copies found with
    someone else are counted into the register; the shortages are then traced (a loss
    report, LOSS-REPORT, for what stays missing)."""
    inventory = _open_inventory(actor, inventory_id)
    inventory.closed_at = now()
    inventory.save(update_fields=["closed_at"])
    shortages, unexpected, elsewhere = reconcile(inventory.lines.all())
    record_event(
        actor=actor,
        action=INVENTORY_CLOSED,
        subject=inventory,
        data={
            "shortages": [line.copy_id for line in shortages],
            "unexpected": [line.copy_id for line in unexpected],
            "elsewhere": [line.copy_id for line in elsewhere],
            "rule": "INVENTORY",
        },
    )
    return inventory
