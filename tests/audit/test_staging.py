"""Reads staged without the chain's lock, then chained in order by one writer
(``baomi.audit.recorder.stage_event`` and ``seal``); the append in two statements; verify
covering the staged reads.

RULES.md holds no audit rule of its own (no AUDIT-* ID): the chain is DESIGN's "Audit chain"
(reads of controlled items are events too). The reads staged here are CLS-MAC reads: a
document that the reader may know, a scan report (READ_SCAN_REPORTS)."""

from __future__ import annotations

import json
import multiprocessing
import os
import threading
import time
from datetime import datetime
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, connections, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from baomi.access.roles import Role
from baomi.audit import recorder, sealer, verification
from baomi.audit.actions import ACTIONS, register_action
from baomi.audit.models import AuditEvent, ChainHead, StagedEvent
from baomi.audit.recorder import record_event, seal, stage_event
from baomi.carriers import operations, queries
from baomi.core.levels import Clearance, Level
from tests.api.conftest import ApiClient
from tests.audit.tamper import tampering

WRITE = "test.staging_write"
READ = "test.staging_read"
for _action in (WRITE, READ):
    if _action not in ACTIONS:
        register_action(_action, "暂存测试")


def body(seq: int) -> dict:
    return json.loads(bytes(AuditEvent.objects.get(seq=seq).body))


def statements(captured: CaptureQueriesContext) -> list[str]:
    """The SQL sent, without Django's savepoints."""
    return [q["sql"] for q in captured.captured_queries if "SAVEPOINT" not in q["sql"].upper()]


@pytest.fixture
def clerk(world):
    return world.account(Role.CLERK, clearance=Clearance.CORE, dept="office")


@pytest.mark.django_db
def test_a_document_read_is_staged_in_one_insert_without_the_chain_lock__CLS_MAC(clerk):
    doc = operations.register_document(
        actor=clerk, number="N-1", title="薪酬方案", level=Level.SECRET, term_years=5
    )
    head = ChainHead.objects.get(pk=1).seq
    with CaptureQueriesContext(connection) as captured:
        stage_event(actor=clerk, action=queries.VIEWED, subject=doc)
    sent = statements(captured)
    assert len(sent) == 1 and sent[0].startswith('INSERT INTO "audit_stagedevent"')
    with CaptureQueriesContext(connection) as captured:
        assert queries.document(clerk, doc.pk) == doc
    sent = " ".join(statements(captured))
    assert "FOR UPDATE" not in sent and "audit_chainhead" not in sent
    assert "audit_auditevent" not in sent
    assert ChainHead.objects.get(pk=1).seq == head
    staged = [json.loads(bytes(s.body)) for s in StagedEvent.objects.all()]
    assert [(s["action"], s["subject_id"], s["actor_id"]) for s in staged] == [
        ("carriers.document_viewed", str(doc.pk), clerk.pk)
    ] * 2


@pytest.mark.django_db
def test_an_append_is_two_statements_when_no_read_waits():
    with transaction.atomic(), CaptureQueriesContext(connection) as captured:
        record_event(actor=None, action=WRITE)
    sent = statements(captured)
    assert len(sent) == 2
    assert sent[0].startswith("INSERT INTO audit_auditevent")
    assert sent[1].startswith("UPDATE audit_chainhead")
    assert verification.verify().ok


@pytest.mark.django_db
def test_the_next_chained_event_seals_the_staged_reads_first_in_order_with_their_read_time():
    with transaction.atomic():
        record_event(actor=None, action=WRITE, data={"n": 0})
    staged = [stage_event(actor=None, action=READ, subject=("x.item", n)) for n in range(3)]
    read_at = [json.loads(bytes(s.body))["at"] for s in staged]
    with transaction.atomic():
        event = record_event(actor=None, action=WRITE, data={"n": 1})
    assert event.seq == 5
    chained = [body(seq) for seq in range(2, 5)]
    assert [c["data"] for c in chained] == [{"staged": s.pk} for s in staged]
    assert [c["at"] for c in chained] == read_at
    assert [c["subject_id"] for c in chained] == ["0", "1", "2"]
    assert body(5)["data"] == {"n": 1} and body(5)["at"] >= read_at[-1]
    assert not StagedEvent.objects.exists()
    verdict = verification.verify()
    assert (verdict.ok, verdict.count, verdict.unchained) == (True, 5, 0)


@pytest.mark.django_db
def test_seal_chains_in_batches_and_rolls_back_with_a_failing_writer():
    # Text the database's JSON functions must read as Python wrote it (the sealing trigger).
    data = {"note": '中文 "引号"\n\\', "n": [1.5, None, True], "é": {}}
    staged = [
        stage_event(actor=None, action=READ, subject=("x.item", f"甲{n}"), data=data)
        for n in range(5)
    ]
    assert seal(batch=2) == 5
    assert [body(seq)["data"]["staged"] for seq in range(1, 6)] == [s.pk for s in staged]
    assert body(5)["data"] == {**data, "staged": staged[4].pk} and body(5)["subject_id"] == "甲4"
    assert seal() == 0
    # A writer whose transaction rolls back takes the sealing with it: the read waits again.
    stage_event(actor=None, action=READ)
    with pytest.raises(RuntimeError), transaction.atomic():
        record_event(actor=None, action=WRITE)
        raise RuntimeError("the operation fails after its event")
    assert StagedEvent.objects.filter(seq=None).count() == 1
    assert AuditEvent.objects.count() == 5
    assert verification.verify().unchained == 1


@pytest.mark.django_db
def test_the_database_refuses_to_change_or_drop_a_staged_read():
    with transaction.atomic():
        other = record_event(actor=None, action=WRITE)
    staged = stage_event(actor=None, action=READ)
    with connection.cursor() as cursor:
        for sql in (
            "UPDATE audit_stagedevent SET body = %s",
            "DELETE FROM audit_stagedevent WHERE id = %s",
        ):
            with pytest.raises(DatabaseError, match="staged"), transaction.atomic():
                cursor.execute(sql, [b"{}" if "UPDATE" in sql else staged.pk])
        # Sealing it onto an event that does not carry it is refused too.
        with pytest.raises(DatabaseError, match="staged"), transaction.atomic():
            cursor.execute("UPDATE audit_stagedevent SET seq = %s", [other.seq])
        with pytest.raises(DatabaseError, match="staged"), transaction.atomic():
            cursor.execute(
                "INSERT INTO audit_stagedevent (seq, body, hash) VALUES (1, %s, '')", [b"{}"]
            )
    assert StagedEvent.objects.get().seq is None


def _stage_and_die(account_id: int | None) -> None:  # pragma: no cover - a child process
    stage_event(actor=None, action=READ, subject=("x.item", 7))
    os._exit(0)  # no sealing, no clean shutdown


@pytest.mark.django_db(transaction=True)
def test_a_read_staged_by_a_process_that_dies_is_kept_and_chained_later():
    connections.close_all()  # the child opens its own
    child = multiprocessing.get_context("fork").Process(target=_stage_and_die, args=(None,))
    child.start()
    child.join()
    assert child.exitcode == 0
    # A new connection (this process never saw the read) finds it waiting …
    verdict = verification.verify()
    assert (verdict.ok, verdict.unchained) == (True, 1)
    assert verdict.waiting[0]["action"] == READ and verdict.waiting[0]["age_seconds"] >= 0
    # … and sealing chains it with its own read time.
    read_at = json.loads(bytes(StagedEvent.objects.get().body))["at"]
    assert seal() == 1
    assert body(1)["at"] == read_at and body(1)["subject_id"] == "7"
    assert verification.verify().ok and not StagedEvent.objects.exists()


@pytest.mark.django_db
def test_verify_lists_the_unchained_reads_with_their_age_in_json_and_text():
    with transaction.atomic():
        record_event(actor=None, action=WRITE)
    stage_event(actor=None, action=READ)
    stage_event(actor=None, action=READ)
    out = StringIO()
    call_command("audit", "verify", "--json", stdout=out)
    report = json.loads(out.getvalue())
    assert report["ok"] and report["events"] == 1 and report["unchained"] == 2
    assert [e["action"] for e in report["unchained_events"]] == [READ, READ]
    assert report["unchained_oldest_age_seconds"] >= 0
    datetime.fromisoformat(report["unchained_events"][0]["at"])
    out = StringIO()
    with translation.override("en"):
        call_command("audit", "verify", stdout=out)
    text = out.getvalue()
    assert "2 reads are staged and not yet chained" in text
    assert text.count(f"{READ}, read at") == 2 and " s ago" in text
    out = StringIO()
    call_command("audit", "seal", stdout=out)  # in Chinese by default
    assert "已将 2 条暂存的查阅记录接入审计链" in out.getvalue()
    out = StringIO()
    call_command("audit", "verify", "--json", stdout=out)
    assert json.loads(out.getvalue())["unchained"] == 0


@pytest.mark.django_db
def test_verify_names_a_staged_read_changed_in_the_database():
    stage_event(actor=None, action=READ, subject=("x.item", 1))
    changed = stage_event(actor=None, action=READ, subject=("x.item", 2))
    forged = bytes(changed.body).replace(b'"2"', b'"3"')
    with tampering(), connection.cursor() as cursor:
        cursor.execute("UPDATE audit_stagedevent SET body = %s WHERE id = %s", [forged, changed.pk])
    verdict = verification.verify()
    assert not verdict.ok and verdict.broken_seq is None
    assert verdict.params == {"id": changed.pk} and "staged event" in verdict.reason
    out = StringIO()
    with pytest.raises(SystemExit) as exit_status, translation.override("en"):
        call_command("audit", "verify", stdout=out)
    assert exit_status.value.code == 1
    assert f"the staged event {changed.pk}" in out.getvalue()


@pytest.mark.django_db
def test_the_auditor_reads_the_staged_reads_in_the_log_and_their_count_in_the_status(world, clerk):
    auditor = world.account(Role.AUDITOR, clearance=Clearance.NONE)
    doc = operations.register_document(
        actor=clerk, number="N-2", title="通知", level=Level.INTERNAL
    )
    client = ApiClient(auditor)  # its token is made by an operation, which seals
    queries.document(clerk, doc.pk)
    status = client.get("/audit/status").json()
    assert status["ok"] and status["unchained"] == 1
    assert status["unchained_oldest_age_seconds"] >= 0
    found = client.get("/audit/events", action=queries.VIEWED).json()["items"]
    assert [e["subject_id"] for e in found] == [str(doc.pk)]
    assert not StagedEvent.objects.exists()
    assert client.get("/audit/status").json()["unchained"] == 0


def test_stage_event_refuses_an_unregistered_action_and_the_reserved_key():
    with pytest.raises(ValueError):
        stage_event(actor=None, action="no.such_action")
    with pytest.raises(ValueError):
        stage_event(actor=None, action=READ, data={recorder.STAGED_KEY: 1})
    with pytest.raises(ValueError):
        seal(batch=0)


@pytest.mark.django_db
@pytest.mark.parametrize("batch", ["0", "100001", "-5"])
def test_the_seal_command_refuses_a_batch_out_of_bounds(batch):
    with pytest.raises(CommandError, match="--batch"), translation.override("en"):
        call_command("audit", "seal", "--batch", batch)


@pytest.mark.django_db(transaction=True)
def test_the_servers_sealer_thread_chains_what_waits():
    stop = threading.Event()
    thread = threading.Thread(target=sealer.run, args=(stop, 0.05))
    thread.start()
    try:
        stage_event(actor=None, action=READ)
        deadline = time.monotonic() + 30
        while StagedEvent.objects.exists() and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        stop.set()
        thread.join()
    assert not StagedEvent.objects.exists()
    assert body(1)["action"] == READ and verification.verify().ok
