"""Concurrent appends on PostgreSQL: the chain head lock makes writers queue; reads staged
meanwhile are chained once each."""

from __future__ import annotations

import json
import threading

import pytest
from django.db import connection, transaction

from baomi.audit import signing, verification
from baomi.audit.actions import ACTIONS, register_action
from baomi.audit.models import AuditEvent, Checkpoint, StagedEvent
from baomi.audit.operations import create_checkpoint
from baomi.audit.recorder import record_event, seal, stage_event

APPEND = "test.concurrent_append"
if APPEND not in ACTIONS:
    # Listed among the actions of every page the test process renders: in the pages' language.
    register_action(APPEND, "并发追加（测试用）")
WRITERS = 50


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_50_concurrent_audit_appends_leave_a_gapless_valid_chain():
    """Half the writers run an @operation (a checkpoint, which also makes the signing key on
    first use), half append inside their own transaction; all start at once."""
    start = threading.Barrier(WRITERS)
    failures: list[BaseException] = []

    def write(number: int) -> None:
        try:
            start.wait()
            if number % 2:
                create_checkpoint(actor=None)
            else:
                with transaction.atomic():
                    record_event(actor=None, action=APPEND, data={"writer": number})
        except BaseException as exc:  # reported below, with the thread's number
            failures.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=write, args=(n,)) for n in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert failures == []
    seqs = list(AuditEvent.objects.order_by("seq").values_list("seq", flat=True))
    assert seqs == list(range(1, WRITERS + 1))
    verdict = verification.verify(deep=True)
    assert (verdict.ok, verdict.count) == (True, WRITERS)
    assert Checkpoint.objects.count() == WRITERS // 2
    assert {c.public_key for c in Checkpoint.objects.all()} == {signing.installation_public_key()}


VIEWERS, VIEWS, SEAL_WRITERS, WRITES = 8, 25, 4, 10
VIEW = "test.concurrent_view"
if VIEW not in ACTIONS:
    register_action(VIEW, "并发阅读（测试用）")


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_reads_staged_among_writers_and_a_sealer_are_each_chained_once_in_order():
    """Readers stage while writers append (each sealing what waits first) and a sealer seals:
    every read ends in the chain exactly once, each reader's reads in the order it made them,
    the chain gapless and whole."""
    start = threading.Barrier(VIEWERS + SEAL_WRITERS + 1)
    done = threading.Event()
    failures: list[BaseException] = []
    staged: dict[int, list[int]] = {}

    def view(number: int) -> None:
        try:
            start.wait()
            staged[number] = [
                stage_event(actor=None, action=VIEW, subject=("x.item", number)).pk
                for _ in range(VIEWS)
            ]
        except BaseException as exc:
            failures.append(exc)
        finally:
            connection.close()

    def write(number: int) -> None:
        try:
            start.wait()
            for n in range(WRITES):
                with transaction.atomic():
                    record_event(actor=None, action=APPEND, data={"writer": number, "n": n})
        except BaseException as exc:
            failures.append(exc)
        finally:
            connection.close()

    def sealing() -> None:
        try:
            start.wait()
            while not done.is_set():
                seal(batch=7)
        except BaseException as exc:
            failures.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=view, args=(n,)) for n in range(VIEWERS)]
    threads += [threading.Thread(target=write, args=(n,)) for n in range(SEAL_WRITERS)]
    sealer = threading.Thread(target=sealing)
    for thread in [*threads, sealer]:
        thread.start()
    for thread in threads:
        thread.join()
    done.set()
    sealer.join()
    seal()

    assert failures == []
    assert not StagedEvent.objects.exists()
    total = VIEWERS * VIEWS + SEAL_WRITERS * WRITES
    seqs = list(AuditEvent.objects.order_by("seq").values_list("seq", flat=True))
    assert seqs == list(range(1, total + 1))
    chained = [
        json.loads(bytes(body))
        for body in AuditEvent.objects.filter(action=VIEW)
        .order_by("seq")
        .values_list("body", flat=True)
    ]
    ids = [event["data"]["staged"] for event in chained]
    assert sorted(ids) == sorted(i for reads in staged.values() for i in reads)
    for number, reads in staged.items():
        assert [e["data"]["staged"] for e in chained if e["subject_id"] == str(number)] == reads
    verdict = verification.verify(deep=True)
    assert (verdict.ok, verdict.count, verdict.unchained) == (True, total, 0)
