"""Periodic inventories (INVENTORY): every expected copy against a physical check, and the
reconciliation that lists shortages, unexpected finds and copies found with someone else."""

from __future__ import annotations

import pytest

from baomi.access.roles import Role
from baomi.carriers.models import CopyState, HandoverReason, InventoryLine
from baomi.carriers.operations import archives as archives_ops
from baomi.carriers.operations import circulation, incoming
from baomi.carriers.operations import handover as handover_ops
from baomi.carriers.operations import inventory as inventory_ops
from baomi.carriers.queries import lifecycle as queries
from baomi.core.errors import AccessDenied, NotFound, RuleViolation
from baomi.core.levels import Level


def refused(rule_id, call, **kw):
    with pytest.raises(RuleViolation) as exc:
        call(**kw)
    assert exc.value.rule_id == rule_id, exc.value
    return exc.value


def lines(inventory):
    return {
        line.copy_id: (line.expected, line.expected_holder_id, line.expected_state)
        for line in inventory.lines.all()
    }


def check(office, inventory, copy, **kw):
    return inventory_ops.check_copy(
        actor=office.clerk, inventory_id=inventory.pk, copy_id=copy.pk, **kw
    )


@pytest.fixture
def copies(office):
    """Three copies with the clerk, one with a reader, one archived, one recalled."""
    entry = office.incoming(level=Level.SECRET, copies=6)
    copies = office.copies(entry)
    circulation.circulate(
        actor=office.clerk, copy_id=copies[3].pk, reader_id=office.readers[0].person_id
    )
    volume = archives_ops.create_volume(actor=office.clerk, number="V1", title="卷", year=2026)
    archives_ops.archive(actor=office.clerk, copy_ids=[copies[4].pk], volume_id=volume.pk)
    archives_ops.recall(actor=office.clerk, copy_ids=[copies[5].pk])
    return copies


def test_an_inventory_expects_every_copy_held_or_archived__INVENTORY(office, copies):
    inventory = inventory_ops.start_inventory(actor=office.clerk)
    clerk, reader = office.clerk.person_id, office.readers[0].person_id
    assert lines(inventory) == {
        copies[0].pk: (True, clerk, CopyState.WITH_CUSTODIAN),
        copies[1].pk: (True, clerk, CopyState.WITH_CUSTODIAN),
        copies[2].pk: (True, clerk, CopyState.WITH_CUSTODIAN),
        copies[3].pk: (True, reader, CopyState.CIRCULATING),
        copies[4].pk: (True, None, CopyState.ARCHIVED),
    }


def test_the_reconciliation_lists_shortages_surprises_and_copies_elsewhere__INVENTORY(
    office, copies
):
    inventory = inventory_ops.start_inventory(actor=office.clerk)
    check(office, inventory, copies[0])
    check(office, inventory, copies[1], found_with_id=office.readers[1].person_id, note="在桌上")
    check(office, inventory, copies[3], found_with_id=office.readers[0].person_id)
    check(office, inventory, copies[4])
    surprise = check(office, inventory, copies[5], note="已清退的文件仍在柜中")
    assert (surprise.expected, surprise.expected_state) == (False, CopyState.RECALLED)
    assert copies[0].timeline.last().action == "checked"

    result = queries.reconciliation(office.clerk, inventory.pk)
    assert [line.copy_id for line in result.shortages] == [copies[2].pk]
    assert [line.copy_id for line in result.unexpected] == [copies[5].pk]
    assert [line.copy_id for line in result.elsewhere] == [copies[1].pk]

    closed = inventory_ops.close_inventory(actor=office.clerk, inventory_id=inventory.pk)
    assert closed.closed_at is not None
    refused("INVENTORY", check, office=office, inventory=inventory, copy=copies[2])
    refused(
        "INVENTORY", inventory_ops.close_inventory, actor=office.clerk, inventory_id=inventory.pk
    )


def test_a_copy_is_checked_once__INVENTORY(office, copies):
    inventory = inventory_ops.start_inventory(actor=office.clerk)
    check(office, inventory, copies[0])
    refused("INVENTORY", check, office=office, inventory=inventory, copy=copies[0])
    assert InventoryLine.objects.filter(inventory=inventory, copy=copies[0]).count() == 1


def test_a_department_inventory_expects_its_custodians_copies__INVENTORY(office, copies):
    """Another department's copy found there is unexpected."""
    reader = office.readers[0]
    args = {
        "from_person_id": office.clerk.person_id,
        "to_person_id": reader.person_id,
        "reason": HandoverReason.CUSTODIAN,
        "copy_ids": [copies[0].pk],
    }
    office.approve_all(handover_ops.request_handover(actor=office.clerk, **args))
    handover = handover_ops.hand_over(actor=office.clerk, **args)
    handover_ops.sign_handover(actor=reader, handover_id=handover.pk)

    tech = office.world.departments["tech"]
    inventory = inventory_ops.start_inventory(actor=office.clerk, department_id=tech.pk)
    assert lines(inventory) == {copies[0].pk: (True, reader.person_id, CopyState.WITH_CUSTODIAN)}
    office_wide = inventory_ops.start_inventory(
        actor=office.clerk, department_id=office.world.departments["office"].pk
    )
    assert set(lines(office_wide)) == {c.pk for c in copies[1:5]}
    assert check(office, inventory, copies[1]).expected is False


def test_an_inventory_lists_only_what_its_keeper_may_know__CLS_MAC(office, copies):
    other_clerk = office.world.account(Role.CLERK, dept="office", clearance=Level.TOP_SECRET)
    hidden = incoming.register_incoming(
        actor=other_clerk, number="绝密1号", title="绝密文件", level=Level.TOP_SECRET, term_years=30
    )
    hidden_copy = office.copies(hidden)[0]
    inventory = inventory_ops.start_inventory(actor=office.clerk)
    assert hidden_copy.pk not in lines(inventory)
    with pytest.raises(NotFound):
        check(office, inventory, hidden_copy)
    # The reconciliation leaves out what its reader may not know; a role that keeps no
    # register does not see the inventory at all.
    outsider = office.world.account(Role.SECURITY_OFFICER, clearance=Level.TOP_SECRET)
    assert queries.reconciliation(outsider, inventory.pk).shortages == []
    assert len(queries.reconciliation(office.clerk, inventory.pk).shortages) == 5
    with pytest.raises(AccessDenied):
        queries.reconciliation(office.world.account(Role.AUDITOR), inventory.pk)


def test_inventories_are_kept_by_the_register_keepers(office, copies):
    with pytest.raises(AccessDenied):
        inventory_ops.start_inventory(actor=office.readers[0])
