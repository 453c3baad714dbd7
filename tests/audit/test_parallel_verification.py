"""Verifying a committed chain in several processes gives the same verdict as one process,
and still names the first broken event (each process checks one range of links)."""

from __future__ import annotations

import pytest
from django.db import transaction

from baomi.audit import verification
from baomi.audit.operation import REFUSED
from baomi.audit.recorder import record_event
from tests.audit.tamper import altered, sql, tampering

pytestmark = pytest.mark.django_db(transaction=True)
EVENTS = 60  # three processes: events 1–20, 21–40, 41–60


@pytest.fixture
def committed_chain() -> int:
    for n in range(EVENTS):
        with transaction.atomic():
            record_event(actor=None, action=REFUSED, data={"n": n})
    return EVENTS


def both() -> tuple:
    return verification.verify(jobs=3), verification.verify(jobs=1)


def test_an_intact_chain_verifies_the_same_in_three_processes(committed_chain):
    parallel, single = both()
    assert parallel.ok and single.ok
    assert (
        (parallel.count, parallel.head_seq, parallel.head_hash)
        == (
            single.count,
            single.head_seq,
            single.head_hash,
        )
        == (EVENTS, EVENTS, single.head_hash)
    )


@pytest.mark.parametrize(("changed", "first"), [([45], 45), ([10, 45], 10), ([21], 21)])
def test_a_changed_byte_is_named_by_its_event_in_any_range(committed_chain, changed, first):
    with tampering():
        for seq in changed:
            sql("UPDATE audit_auditevent SET body = %s WHERE seq = %s", [altered(seq), seq])
    parallel, single = both()
    assert not parallel.ok and not single.ok
    assert parallel.broken_seq == single.broken_seq == first


@pytest.mark.parametrize("deleted", [20, 40, 33])
def test_a_deleted_row_at_or_inside_a_range_boundary_is_named(committed_chain, deleted):
    with tampering():
        sql("DELETE FROM audit_auditevent WHERE seq = %s", [deleted])
    parallel, single = both()
    assert parallel.broken_seq == single.broken_seq == deleted


def test_a_truncated_tail_is_caught_by_the_head(committed_chain):
    with tampering():
        sql("DELETE FROM audit_auditevent WHERE seq > %s", [55])
    parallel, single = both()
    assert parallel.broken_seq == single.broken_seq == 56
