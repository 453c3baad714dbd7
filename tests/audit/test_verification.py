"""Verifying the chain stored in the database: every tampering is named by its event."""

from __future__ import annotations

import json

import pytest
from django.db import DatabaseError, transaction
from django.utils import timezone

from baomi.audit import chain, signing, triggers, verification
from baomi.audit.models import AuditEvent, ChainHead, Checkpoint
from baomi.audit.operations import create_checkpoint
from baomi.audit.recorder import record_event
from tests.audit.tamper import altered, sql, tampering

T = triggers.TABLE


@pytest.fixture(autouse=True)
def small_chunks(monkeypatch):
    """Stream in chunks of 4 rows, so that every test crosses chunk boundaries."""
    monkeypatch.setattr(verification, "CHUNK", 4)


@pytest.fixture
def events(world):
    """A stored chain of a dozen events and more (an organisation with its chart)."""
    world.person()
    return AuditEvent.objects.count()


def head():
    return ChainHead.objects.values_list("seq", "hash").get()


def body_of(seq):
    return bytes(AuditEvent.objects.get(seq=seq).body)


def test_an_intact_chain_verifies_to_its_head(events):
    verdict = verification.verify(deep=True)
    assert verdict.ok
    assert (verdict.count, verdict.head_seq, verdict.head_hash) == (events, *head())


def test_an_empty_database_verifies(db):
    assert verification.verify().as_dict()["events"] == 0


def test_export_holds_every_event_and_verifies_offline_to_the_same_head(events):
    lines = list(verification.export())
    assert len(lines) == events
    offline = chain.verify_export(lines)
    assert offline == verification.verify()
    since = [json.loads(line)["seq"] for line in verification.export(since=8)]
    assert since == list(range(9, events + 1))


def test_a_changed_byte_is_detected(events):
    body = bytearray(body_of(5))
    body[-3] ^= 1
    with tampering():
        sql(f"UPDATE {T} SET body = %s WHERE seq = 5", [bytes(body)])
    verdict = verification.verify()
    assert (verdict.ok, verdict.broken_seq, verdict.problem) == (False, 5, chain.ALTERED)
    assert verdict.count == 4


def test_a_deleted_row_is_detected(events):
    with tampering():
        sql(f"DELETE FROM {T} WHERE seq = 6")
    verdict = verification.verify()
    assert (verdict.broken_seq, verdict.reason) == (6, "expected event 6, found event 7")


def test_a_reordered_pair_is_detected(events):
    with tampering():
        sql(f"UPDATE {T} SET seq = -1 WHERE seq = 3")
        sql(f"UPDATE {T} SET seq = 3 WHERE seq = 4")
        sql(f"UPDATE {T} SET seq = 4 WHERE seq = -1")
    assert verification.verify().broken_seq == 3


def test_a_truncated_tail_is_detected_against_the_chain_head(events):
    with tampering():
        sql(f"DELETE FROM {T} WHERE seq > %s", [events - 2])
    verdict = verification.verify()
    assert (verdict.broken_seq, verdict.problem) == (events - 1, chain.TRUNCATED)


def test_a_truncated_tail_after_a_checkpoint_is_detected_even_with_the_head_rewritten(events):
    """The intruder cuts the tail and moves the head back: the signed checkpoint remains."""
    checkpoint = create_checkpoint(actor=None)
    assert checkpoint.seq == events
    keep = events - 3
    with tampering():
        sql(f"DELETE FROM {T} WHERE seq > %s", [keep])
        sql(
            "UPDATE audit_chainhead SET seq = %s, hash = %s",
            [keep, AuditEvent.objects.get(seq=keep).hash],
        )
    verdict = verification.verify()
    assert not verdict.ok
    assert verdict.broken_seq == keep + 1
    assert verdict.reason == (
        f"the chain ends at event {keep} but a signed checkpoint covers event {events}"
    )


def test_an_event_appended_behind_the_heads_back_is_detected(events):
    last = AuditEvent.objects.get(seq=events)
    body = chain.canonical({**json.loads(bytes(last.body)), "seq": events + 1, "action": "forged"})
    AuditEvent.objects.create(seq=events + 1, body=body, hash=chain.link(last.hash, body))
    verdict = verification.verify()
    assert (verdict.broken_seq, verdict.problem) == (events + 1, chain.BEYOND_HEAD)


def test_a_rewritten_head_is_detected(events):
    with tampering():
        sql("UPDATE audit_chainhead SET hash = %s", ["f" * 64])
    assert verification.verify().problem == chain.OFF_HEAD


def test_deep_verification_still_names_a_changed_body_first(events):
    with tampering():
        sql(f"UPDATE {T} SET body = %s WHERE seq = 2", [altered(2)])
    assert verification.verify(deep=True).broken_seq == 2


def test_a_forged_checkpoint_signature_is_a_failure(events):
    create_checkpoint(actor=None)
    with tampering():
        Checkpoint.objects.update(hash="e" * 64)
    verdict = verification.verify()
    assert (verdict.ok, verdict.broken_seq, verdict.problem) == (False, events, signing.FORGED)


def test_a_checkpoint_signed_with_another_key_is_a_failure(events, settings, tmp_path):
    create_checkpoint(actor=None)
    key = settings.AUDIT_SIGNING_KEY
    settings.AUDIT_SIGNING_KEY = tmp_path / "intruder.pem"
    create_checkpoint(actor=None)
    settings.AUDIT_SIGNING_KEY = key
    verdict = verification.verify()
    assert (verdict.broken_seq, verdict.problem) == (events + 1, signing.FOREIGN_KEY)


def test_stored_checkpoints_without_the_installation_key_are_a_failure(events, signing_key):
    create_checkpoint(actor=None)
    signing_key.unlink()
    assert verification.verify().problem == signing.FOREIGN_KEY
    assert not signing_key.exists()  # verifying never makes a key


def test_a_checkpoint_brought_by_the_auditor_is_checked_too(events):
    good = signing.sign(seq=5, digest=AuditEvent.objects.get(seq=5).hash, at=timezone.now())
    assert verification.verify(checkpoints=[good]).ok
    wrong = signing.sign(seq=5, digest="ab" * 32, at=timezone.now())
    assert verification.verify(checkpoints=[wrong]).broken_seq == 5
    forged = {**good, "seq": 6}
    assert verification.verify(checkpoints=[forged]).problem == signing.FORGED


class TestAppendOnly:
    """The database itself refuses to change or remove an audit event."""

    @pytest.mark.parametrize(
        "statement",
        [
            f"UPDATE {T} SET hash = 'x' WHERE seq = 1",
            f"DELETE FROM {T} WHERE seq = 1",
            f"UPDATE {T} SET seq = seq + 100",
        ],
    )
    def test_raw_sql_cannot_change_or_delete_an_event(self, events, statement):
        with pytest.raises(DatabaseError, match=triggers.MESSAGE), transaction.atomic():
            sql(statement)
        assert verification.verify().ok

    def test_the_orm_cannot_change_or_delete_an_event(self, events):
        with pytest.raises(DatabaseError, match=triggers.MESSAGE), transaction.atomic():
            AuditEvent.objects.filter(seq=2).update(hash="x")
        with pytest.raises(DatabaseError, match=triggers.MESSAGE), transaction.atomic():
            AuditEvent.objects.filter(seq=2).delete()
        assert AuditEvent.objects.count() == events

    @pytest.mark.postgres
    def test_postgres_refuses_truncate(self, events):
        with pytest.raises(DatabaseError, match=triggers.MESSAGE), transaction.atomic():
            sql(f"TRUNCATE {T}")
        assert AuditEvent.objects.count() == events

    def test_appending_still_works(self, events):
        with transaction.atomic():
            record_event(
                actor=None,
                action=AuditEvent.objects.get(seq=1).action,
                subject=("org.organisation", 0),
            )
        assert verification.verify().count == events + 1
