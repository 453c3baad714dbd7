"""``baomi audit verify|export|checkpoint``: exit statuses, outputs and one-line errors."""

from __future__ import annotations

import json

import pytest

from baomi.audit import signing
from baomi.audit.models import AuditEvent, Checkpoint
from tests.audit.tamper import export_lines, plain_columns, sql, synthetic_rows, tampering
from tests.cli.conftest import one_line, run_process


@pytest.fixture
def stored(world):
    """A stored chain (an organisation and its chart); its number of events."""
    return AuditEvent.objects.count()


def test_verify_prints_the_number_of_events_and_the_head_hash(baomi, stored):
    result = baomi("audit", "verify")
    head = AuditEvent.objects.get(seq=stored).hash
    assert result.code == 0
    assert one_line(result.out) == (
        f"The audit chain is intact: {stored} events, head event {stored}, head hash {head}."
    )


def test_verify_json_answers_the_verdict(baomi, stored):
    result = baomi("audit", "verify", "--json", "--deep")
    assert result.code == 0
    answer = json.loads(result.out)
    assert answer["ok"] is True
    assert answer["events"] == stored
    assert answer["broken_seq"] is None


def test_verify_exits_1_naming_the_first_broken_event(baomi, stored):
    with tampering():
        sql("DELETE FROM audit_auditevent WHERE seq = 4")
    result = baomi("audit", "verify")
    assert result.code == 1
    assert one_line(result.out) == (
        "The audit chain is broken at event 4: expected event 4, found event 5."
    )
    answer = json.loads(baomi("audit", "verify", "--json").out)
    assert (answer["ok"], answer["broken_seq"]) == (False, 4)


def test_verify_reports_a_table_that_no_longer_generates_its_index(baomi, stored):
    with tampering():
        plain_columns("actor_id")
    result = baomi("audit", "verify")
    assert result.code == 1
    assert one_line(result.out) == (
        "The audit chain is broken: the audit table no longer computes the columns actor_id "
        "from the events, so they could be changed apart from them."
    )


def test_checkpoint_prints_a_signed_checkpoint_of_the_head(baomi, stored):
    result = baomi("audit", "checkpoint")
    assert result.code == 0
    document = signing.parse(result.out)
    assert signing.signature_valid(document)
    assert (document["seq"], document["hash"]) == (stored, AuditEvent.objects.get(seq=stored).hash)
    assert signing.document(Checkpoint.objects.get()) == document


@pytest.mark.django_db(transaction=True)
def test_checkpoint_also_writes_its_file_which_verify_checks(baomi, stored, checkpoint_dir):
    result = baomi("audit", "checkpoint")
    document = signing.parse(result.out)
    path = checkpoint_dir / signing.file_name(document)
    assert one_line(result.err) == f"Also written to {path}."
    assert signing.parse(path.read_text()) == document
    with tampering():
        sql("DELETE FROM audit_checkpoint")
    result = baomi("audit", "verify")
    assert (result.code, one_line(result.out)) == (
        1,
        f"The audit chain is broken at event {stored}: the signed checkpoint of event {stored} "
        f"kept in the file {path.name} is missing from the database.",
    )
    elsewhere = checkpoint_dir.parent / "elsewhere"
    assert baomi("audit", "verify", "--checkpoint-dir", str(elsewhere)).code == 0


@pytest.mark.django_db(transaction=True)
def test_checkpoint_says_when_its_file_cannot_be_written(baomi, stored, settings, tmp_path):
    settings.AUDIT_CHECKPOINT_DIR = tmp_path / "a-file"
    settings.AUDIT_CHECKPOINT_DIR.write_text("not a directory")
    result = baomi("audit", "checkpoint")
    assert result.code == 1
    assert one_line(result.err).startswith(
        "CommandError: The checkpoint is kept in the database but its file could not be written:"
    )
    assert Checkpoint.objects.count() == 1


def test_export_then_verify_the_file_offline(baomi, stored, tmp_path):
    export = tmp_path / "audit.jsonl"
    export.write_text(baomi("audit", "export").out)
    assert len(export.read_text().splitlines()) == stored
    result = baomi("audit", "verify", "--file", str(export))
    assert (result.code, result.out) == (0, baomi("audit", "verify").out)
    since = baomi("audit", "export", "--since", str(stored - 2)).out.splitlines()
    assert [json.loads(line)["seq"] for line in since] == [stored - 1, stored]


class TestFileTampering:
    """Each tampering of an exported file is named by its event (exit status 1)."""

    @pytest.fixture
    def export(self, tmp_path):
        rows = synthetic_rows(8)
        path = tmp_path / "audit.jsonl"
        path.write_text("".join(export_lines(rows)))
        checkpoint = tmp_path / "checkpoint.json"
        checkpoint.write_text(json.dumps(signing.sign(seq=8, digest=rows[-1][2], at=_now())))
        return path, checkpoint

    def lines(self, path):
        return path.read_text().splitlines(keepends=True)

    def verify(self, baomi, path, *args):
        result = baomi("audit", "verify", "--json", "--file", str(path), *args)
        return result.code, json.loads(result.out)["broken_seq"]

    def test_intact(self, baomi, export):
        assert self.verify(baomi, export[0], "--checkpoint", str(export[1])) == (0, None)

    def test_a_changed_byte(self, baomi, export):
        path, _checkpoint = export
        path.write_text(path.read_text().replace('"n":35', '"n":36'))
        assert self.verify(baomi, path) == (1, 5)

    def test_a_deleted_row(self, baomi, export):
        path, _checkpoint = export
        lines = self.lines(path)
        del lines[2]
        path.write_text("".join(lines))
        assert self.verify(baomi, path) == (1, 3)

    def test_a_reordered_pair(self, baomi, export):
        path, _checkpoint = export
        lines = self.lines(path)
        lines[5], lines[6] = lines[6], lines[5]
        path.write_text("".join(lines))
        assert self.verify(baomi, path) == (1, 6)

    def test_a_truncated_tail_after_a_checkpoint(self, baomi, export):
        path, checkpoint = export
        path.write_text("".join(self.lines(path)[:6]))
        assert self.verify(baomi, path) == (0, None)  # the hashes alone cannot tell
        assert self.verify(baomi, path, "--checkpoint", str(checkpoint)) == (1, 7)

    def test_a_forged_checkpoint(self, baomi, export):
        path, checkpoint = export
        document = json.loads(checkpoint.read_text())
        checkpoint.write_text(json.dumps({**document, "seq": 7}))
        assert self.verify(baomi, path, "--checkpoint", str(checkpoint)) == (1, 7)
        result = baomi("audit", "verify", "--file", str(path), "--checkpoint", str(checkpoint))
        assert one_line(result.out) == (
            "The audit chain is broken at event 7: "
            "the signed checkpoint of event 7 has an invalid signature."
        )


def test_a_stored_forged_checkpoint_fails_verification(baomi, stored):
    baomi("audit", "checkpoint")
    with tampering():
        Checkpoint.objects.update(signature="00" * 64)
    result = baomi("audit", "verify")
    assert result.code == 1
    assert f"event {stored}" in one_line(result.out)


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (
            ["audit", "verify", "--file", "/nonexistent/audit.jsonl"],
            1,
            "CommandError: Cannot verify /nonexistent/audit.jsonl: No such file or directory",
        ),
        (
            ["audit", "verify", "--file", "{garbage}"],
            1,
            "CommandError: Cannot verify {garbage}: line 2 is not an audit export record",
        ),
        (["audit", "verify", "--file", "{binary}"], 1, "CommandError: Cannot verify {binary}:"),
        (
            ["audit", "verify", "--checkpoint", "{garbage}"],
            1,
            "CommandError: Cannot use the checkpoint {garbage}: not a JSON checkpoint",
        ),
        (
            ["audit", "verify", "--checkpoint", "/nonexistent.json"],
            1,
            "CommandError: Cannot use the checkpoint /nonexistent.json: No such file or directory",
        ),
        (
            ["audit", "verify", "--deep", "--file", "{garbage}"],
            1,
            "CommandError: --deep checks the database's index columns, not a file.",
        ),
        (
            ["audit", "export", "--since", "-1"],
            1,
            "CommandError: --since takes a sequence number, 0 or more.",
        ),
        (
            ["audit", "export", "--since", "ten"],
            2,
            "baomi audit export: error: argument --since: invalid int value: 'ten'",
        ),
        (
            ["audit", "verify", "--frobnicate"],
            2,
            "baomi audit: error: unrecognized arguments: --frobnicate",
        ),
        (["audit", "rewrite"], 2, "baomi audit: error: argument COMMAND: invalid choice"),
        (["audit"], 2, "baomi audit: error: the following arguments are required: COMMAND"),
    ],
)
def test_bad_input_gets_a_one_line_error(baomi, db, tmp_path, args, code, message):
    garbage = tmp_path / "garbage.jsonl"
    garbage.write_text("".join(export_lines(synthetic_rows(1))) + "this is not JSON\n")
    binary = tmp_path / "binary.jsonl"
    binary.write_bytes(b"\xff\xfe\x00garbage")
    paths = {"{garbage}": str(garbage), "{binary}": str(binary)}
    args = [paths.get(a, a) for a in args]
    message = message.replace("{garbage}", str(garbage)).replace("{binary}", str(binary))
    result = baomi(*args)
    assert result.code == code
    assert one_line(result.err).startswith(message)


def test_verify_file_needs_no_database(tmp_path):
    """Offline verification runs where no database exists, and creates none."""
    rows = synthetic_rows(5)
    export = tmp_path / "audit.jsonl"
    export.write_text("".join(export_lines(rows)))
    checkpoint = tmp_path / "checkpoint.json"
    checkpoint.write_text(json.dumps(signing.sign(seq=5, digest=rows[-1][2], at=_now())))
    database = tmp_path / "nowhere" / "baomi.sqlite3"
    env = {
        "BAOMI_DATABASE_URL": f"sqlite:///{database}",
        "BAOMI_DATA_DIR": str(tmp_path / "data"),
        "BAOMI_LANGUAGE": "en",
    }

    intact = run_process(
        "audit", "verify", "--file", str(export), "--checkpoint", str(checkpoint), env=env
    )
    assert intact.code == 0, intact.err
    assert f"5 events, head event 5, head hash {rows[-1][2]}" in intact.out
    export.write_text("".join(export_lines(rows[:3])))
    truncated = run_process(
        "audit", "verify", "--file", str(export), "--checkpoint", str(checkpoint), env=env
    )
    assert truncated.code == 1
    assert "broken at event 4" in truncated.out
    assert not database.exists()
    assert not list(database.parent.glob("*"))  # nor its journal or write-ahead log


def _now():
    from django.utils import timezone

    return timezone.now()
