"""Signed checkpoints are also kept as files outside the database (BAOMI_CHECKPOINT_DIR), and
verification checks the chain against the newest one there by default: deleting the checkpoint
rows, rewriting the chain's tail behind the file's head, or cutting the chain short is
reported, as is a forged, foreign or unreadable file."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse
from django.utils import timezone

from baomi.access.roles import Role
from baomi.audit import chain, signing, verification
from baomi.audit.models import AuditEvent, Checkpoint
from baomi.audit.operations import create_checkpoint
from tests.api.conftest import ApiClient
from tests.audit.tamper import rewrite_from, sql, tampering
from tests.web.conftest import signed_in


@pytest.fixture
def sign(world, django_capture_on_commit_callbacks):
    """Sign a checkpoint of the chain's head and let it commit (so its file is written)."""

    def signed(actor=None):
        with django_capture_on_commit_callbacks(execute=True):
            checkpoint = create_checkpoint(actor=actor)
        return checkpoint

    world.person()
    return signed


def delete_checkpoint_rows():
    with tampering():
        sql("DELETE FROM audit_checkpoint")


def test_a_checkpoint_is_also_written_to_the_checkpoint_directory(sign, checkpoint_dir):
    checkpoint = sign()
    (path,) = checkpoint_dir.iterdir()
    document = signing.parse(path.read_text())
    assert document == signing.document(checkpoint)
    assert signing.signature_valid(document)
    assert path.name == f"checkpoint-{checkpoint.seq:012d}-" + path.name.split("-", 2)[2]
    assert signing.newest_file(checkpoint_dir) == (path, document)
    assert verification.verify().ok


def test_deleted_checkpoint_rows_are_reported_from_the_file(sign, checkpoint_dir):
    checkpoint = sign()
    delete_checkpoint_rows()
    verdict = verification.verify()
    assert (verdict.ok, verdict.broken_seq) == (False, checkpoint.seq)
    assert verdict.problem == verification.ROW_MISSING
    assert verdict.params == {
        "checkpoint": checkpoint.seq,
        "file": next(checkpoint_dir.iterdir()).name,
    }


def test_a_tail_rewritten_behind_the_files_head_is_named(sign, tmp_path):
    """The intruder deletes the checkpoint rows, alters event 5 and re-links every event after
    it: the chain verifies on its own, but not against the file."""
    checkpoint = sign()
    delete_checkpoint_rows()
    with tampering():
        rewrite_from(5)
    assert verification.verify(kept_in=tmp_path / "no-files").ok  # what went unnoticed
    verdict = verification.verify()
    assert (verdict.broken_seq, verdict.problem) == (checkpoint.seq, chain.OFF_CHECKPOINT)


def test_a_chain_cut_short_of_the_files_head_is_reported(sign):
    checkpoint = sign()
    keep = checkpoint.seq - 3
    delete_checkpoint_rows()
    with tampering():
        sql("DELETE FROM audit_auditevent WHERE seq > %s", [keep])
        sql(
            "UPDATE audit_chainhead SET seq = %s, hash = %s",
            [keep, AuditEvent.objects.get(seq=keep).hash],
        )
    verdict = verification.verify()
    assert (verdict.broken_seq, verdict.problem) == (keep + 1, chain.SHORT_OF_CHECKPOINT)


def test_the_newest_file_is_the_one_checked(sign, checkpoint_dir):
    first = sign()
    newest = sign()
    assert len(list(checkpoint_dir.iterdir())) == 2
    with tampering():
        sql("DELETE FROM audit_checkpoint WHERE seq = %s", [newest.seq])
    verdict = verification.verify()
    assert (verdict.broken_seq, verdict.params["checkpoint"]) == (newest.seq, newest.seq)
    assert Checkpoint.objects.get().seq == first.seq


def test_a_forged_checkpoint_file_is_reported(sign, checkpoint_dir):
    sign()
    (path,) = checkpoint_dir.iterdir()
    document = json.loads(path.read_text())
    path.write_text(json.dumps({**document, "hash": "e" * 64}))
    assert verification.verify().problem == signing.FORGED


def test_a_checkpoint_file_signed_with_another_key_is_reported(
    sign, checkpoint_dir, settings, signing_key
):
    seq = sign().seq + 1  # the event recording the checkpoint
    settings.AUDIT_SIGNING_KEY = checkpoint_dir.parent / "intruder.pem"
    forged = signing.sign(seq=seq, digest=AuditEvent.objects.get(seq=seq).hash, at=timezone.now())
    signing.write_file(checkpoint_dir, forged)
    settings.AUDIT_SIGNING_KEY = signing_key
    verdict = verification.verify()
    assert (verdict.broken_seq, verdict.problem) == (seq, signing.FOREIGN_KEY)


@pytest.mark.parametrize("content", ["not json", '{"seq": 1}', "\udcff"])
def test_an_unreadable_newest_file_is_reported(sign, checkpoint_dir, content):
    sign()
    (path,) = checkpoint_dir.iterdir()
    newer = checkpoint_dir / path.name.replace("checkpoint-0", "checkpoint-9")
    newer.write_bytes(content.encode("utf-8", "surrogateescape"))
    verdict = verification.verify()
    assert (verdict.ok, verdict.broken_seq, verdict.problem) == (
        False,
        None,
        verification.FILE_UNUSABLE,
    )
    assert newer.name in verdict.params["error"]


def test_a_file_whose_name_is_not_its_content_is_reported(sign, checkpoint_dir):
    sign()
    (path,) = checkpoint_dir.iterdir()
    path.rename(checkpoint_dir / path.name.replace("checkpoint-0", "checkpoint-1"))
    assert verification.verify().problem == verification.FILE_UNUSABLE


def test_another_directory_can_be_named(sign, tmp_path, checkpoint_dir):
    sign()
    delete_checkpoint_rows()
    assert not verification.verify().ok
    assert verification.verify(kept_in=tmp_path / "elsewhere").ok  # no file there


def test_the_auditors_checkpoint_through_the_api_is_written_too(
    world, checkpoint_dir, django_capture_on_commit_callbacks
):
    auditor = world.account(Role.AUDITOR)
    client = ApiClient(auditor)
    with django_capture_on_commit_callbacks(execute=True):
        made = client.post("/audit/checkpoints").json()
    assert signing.newest_file(checkpoint_dir)[1] == made
    delete_checkpoint_rows()
    status = client.get("/audit/status").json()
    assert (status["ok"], status["broken_seq"]) == (False, made["seq"])
    page = signed_in(auditor).get(reverse("audit_chain")).content.decode()
    assert 'data-chain="broken"' in page
