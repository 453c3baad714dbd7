"""Concurrent hand-overs of one copy on PostgreSQL (HANDOVER): the copy is locked while it
moves, so exactly one hand-over completes and every other one is refused as a conflict."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from baomi.access.roles import Role
from baomi.audit import verification
from baomi.carriers.models import Copy, CopyEvent, Handover, HandoverReason
from baomi.carriers.operations import handover
from baomi.core.errors import RuleViolation
from baomi.core.levels import Clearance, Level

RECEIVERS = 50


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_50_concurrent_hand_overs_of_one_copy_give_exactly_one_success__HANDOVER(office):
    """Fifty approved hand-overs of the same copy from its custodian, who has signed each,
    to fifty receivers; the fifty receivers sign at once."""
    receivers = [
        office.world.account(Role.STAFF, dept="tech", clearance=Clearance.IMPORTANT)
        for _n in range(RECEIVERS)
    ]
    entry = office.incoming(level=Level.SECRET, copies=1, readers=receivers)
    copy = office.copies(entry)[0]
    handovers = []
    for receiver in receivers:
        args = {
            "from_person_id": office.clerk.person_id,
            "to_person_id": receiver.person_id,
            "reason": HandoverReason.CUSTODIAN,
            "copy_ids": [copy.pk],
        }
        office.approve_all(handover.request_handover(actor=office.clerk, **args))
        handovers.append(handover.hand_over(actor=office.clerk, **args))
    assert all(h.from_signed_at is not None for h in handovers)

    start = threading.Barrier(RECEIVERS)
    done: list[int] = []
    conflicts: list[RuleViolation] = []
    failures: list[BaseException] = []

    def sign(n: int) -> None:
        try:
            start.wait()
            handover.sign_handover(actor=receivers[n], handover_id=handovers[n].pk)
            done.append(n)
        except RuleViolation as exc:
            conflicts.append(exc)
        except BaseException as exc:  # reported below
            failures.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=sign, args=(n,)) for n in range(RECEIVERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert failures == []
    assert len(done) == 1
    assert len(conflicts) == RECEIVERS - 1
    assert {(c.rule_id, c.conflict) for c in conflicts} == {("HANDOVER", True)}
    winner = receivers[done[0]].person_id
    copy = Copy.objects.get(pk=copy.pk)
    assert (copy.custodian_id, copy.holder_id) == (winner, winner)
    assert list(Handover.objects.exclude(completed_at=None).values_list("pk", flat=True)) == [
        handovers[done[0]].pk
    ]
    assert Handover.objects.exclude(to_signed_at=None).count() == 1
    assert CopyEvent.objects.filter(copy=copy, action="handed_over").count() == 1
    assert verification.verify(deep=True).ok
