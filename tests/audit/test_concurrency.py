"""Concurrent appends on PostgreSQL: the chain head lock makes writers queue."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, transaction

from baomi.audit import signing, verification
from baomi.audit.actions import ACTIONS, register_action
from baomi.audit.models import AuditEvent, Checkpoint
from baomi.audit.operations import create_checkpoint
from baomi.audit.recorder import record_event

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
