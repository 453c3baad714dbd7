"""The restore drill (issue 18 item 3), on the suite's database vendor (SQLite, or PostgreSQL
with scratch databases of its own): an installation populated with the demo organisation
(documents with their copies, equipment, people, approvals, audit events) and a signed
checkpoint, backed up with ``baomi backup``, its disk lost, restored with ``baomi restore``;
then every table equal row for row, the audit chain whole and continuing from the restored
head. A backup taken while clerks register documents restores to a consistent point."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

from tests.backups.drill import ROOT, Installation, differences

# What the drill must find populated, so that "equal" means something.
REGISTERS = (
    "carriers_document",
    "carriers_copy",
    "carriers_incomingentry",
    "devices_asset",
    "org_person",
    "accounts_account",
    "approvals_approvalrequest",
    "audit_auditevent",
    "audit_checkpoint",
)
PASSPHRASE = "drill passphrase 演练"
REGISTERED = {"carriers.incoming_registered", "carriers.document_registered"}


def _pass_file(tmp_path: Path, text: str = PASSPHRASE) -> Path:
    path = tmp_path / "pass.txt"
    path.write_text(text + "\n", encoding="utf-8")
    return path


def _archive(installation: Installation, offsite: Path, *args: str) -> Path:
    """Back up, then move the archive off the installation's disk."""
    installation.baomi("backup", *args)
    (made,) = sorted(installation.backups.glob("baomi-*.bmbak"))
    offsite.mkdir(exist_ok=True)
    return Path(shutil.move(made, offsite / made.name))


def _events(installation: Installation) -> list[dict]:
    return [json.loads(bytes(r[1])) for r in installation.tables()["audit_auditevent"]]


def _verify(installation: Installation) -> dict:
    done = installation.baomi("audit", "verify", "--json", check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    return json.loads(done.stdout)


def test_the_restore_drill_gives_back_every_register_and_the_chain__DEV_BACKUP(
    installation: Installation, tmp_path: Path
):
    """Back up (encrypted), lose the disk, restore: every row of every table as it was,
    the key and the checkpoint files back, the chain whole, and the next operations chain
    from the restored head."""
    before = installation.tables()
    for table in REGISTERS:
        assert before[table], f"the drill's installation has no rows in {table}"
    key = installation.key.read_bytes()
    checkpoints = {p.name: p.read_bytes() for p in installation.checkpoints.iterdir()}
    assert checkpoints
    head = before["audit_chainhead"][0]
    passphrase = _pass_file(tmp_path)

    archive = _archive(installation, tmp_path / "offsite", "--passphrase-file", str(passphrase))
    installation.destroy()
    assert not installation.key.exists()

    done = installation.baomi("restore", str(archive), "--passphrase-file", str(passphrase))
    assert "audit head #" in done.stdout

    after = installation.tables()
    events_before = before.pop("audit_auditevent")
    events_after = after.pop("audit_auditevent")
    before.pop("audit_chainhead")
    chain_head = after.pop("audit_chainhead")
    assert differences(before, after) == []
    # The chain: every event as it was, then the restore's own event, chained from the head.
    assert events_after[: len(events_before)] == events_before
    (restored,) = events_after[len(events_before) :]
    body = json.loads(bytes(restored[1]))
    assert body["action"] == "backups.restored"
    assert body["data"]["audit_seq"] == head[1] and body["data"]["audit_hash"] == head[2]
    assert chain_head[0][1] == head[1] + 1
    assert installation.key.read_bytes() == key
    assert {p.name: p.read_bytes() for p in installation.checkpoints.iterdir()} == checkpoints
    verdict = _verify(installation)
    assert verdict["ok"] and verdict["head_seq"] == head[1] + 1

    # A new operation after the restore chains on, and the whole chain still verifies.
    installation.baomi("audit", "checkpoint")
    assert _events(installation)[-1]["action"] == "audit.checkpoint_created"
    verdict = _verify(installation)
    assert verdict["ok"] and verdict["head_seq"] == head[1] + 2


def test_a_backup_taken_while_clerks_register_restores_to_a_consistent_point__IN_NUMBER(
    installation: Installation, tmp_path: Path
):
    """Three clerks register documents while ``baomi backup`` runs: the restored database
    holds a prefix of the chain that verifies, and every document in it has its
    registration event, and every registration event its document."""
    stop, count = tmp_path / "stop", tmp_path / "count"
    writer = subprocess.Popen(
        [sys.executable, "-m", "tests.backups.writer", str(stop), str(count), "3"],
        env=installation.env(),
        cwd=ROOT,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 120
        while not (count.exists() and int(count.read_text() or 0) >= 5):
            assert writer.poll() is None, writer.stderr.read() if writer.stderr else ""
            assert time.monotonic() < deadline, "the writers registered nothing"
            time.sleep(0.2)
        at_start = int(count.read_text())
        archive = _archive(installation, tmp_path / "offsite")
        time.sleep(1)
    finally:
        stop.touch()
        _, errors = writer.communicate(timeout=120)
    assert writer.returncode == 0, errors
    registered = int(count.read_text())
    installation.destroy()
    installation.baomi("restore", str(archive))

    assert _verify(installation)["ok"]
    tables = installation.tables()
    drill = {r[0] for r in tables["carriers_document"] if "备份时登记" in r}
    events = [e for e in _events(installation) if e["action"] in REGISTERED]
    registered_events = {int(e["subject_id"]) for e in events}
    assert drill <= registered_events
    documents = {r[0] for r in tables["carriers_document"]}
    assert registered_events <= documents
    assert at_start <= len(drill) <= registered
    copies = [
        r
        for r in tables["carriers_copy"]
        if r[_column(installation, "carriers_copy", "document_id")] in drill
    ]
    assert len(copies) == 2 * len(drill)


def _column(installation: Installation, table: str, name: str) -> int:
    """The position of a column in ``tables()``'s rows."""
    if installation.database:
        import psycopg

        from tests.backups.drill import _server

        with psycopg.connect(dbname=installation.database, **_server()) as db:
            cursor = db.execute(f'SELECT * FROM "{table}" LIMIT 0')
            names = [c.name for c in cursor.description]
    else:
        import sqlite3

        with sqlite3.connect(installation.sqlite) as db:
            names = [c[0] for c in db.execute(f'SELECT * FROM "{table}" LIMIT 0').description]
    return names.index(name)


def test_an_archive_of_an_earlier_schema_is_migrated_after_the_restore(
    installation: Installation, tmp_path: Path
):
    """An archive made before the audit app's latest migration (its index of the staged
    reads) is restored, then migrated: the migration and its index are there, the chain
    verifies and continues."""
    installation.baomi("migrate", "audit", "0006", "-v0")
    archive = _archive(installation, tmp_path / "offsite")
    installation.destroy()
    done = installation.baomi("restore", str(archive))
    assert "migrated" in done.stdout
    migrations = {(r[1], r[2]) for r in installation.tables()["django_migrations"]}
    assert ("audit", "0007_staged_waiting_index") in migrations
    if installation.database:
        import psycopg

        from tests.backups.drill import _server

        with psycopg.connect(dbname=installation.database, **_server()) as db:
            found = db.execute("SELECT 1 FROM pg_indexes WHERE indexname = 'audit_staged_waiting'")
            assert found.fetchone()
    else:
        import sqlite3

        with sqlite3.connect(installation.sqlite) as db:
            found = db.execute(
                "SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = 'audit_staged_waiting'"
            )
            assert found.fetchone()
    assert _events(installation)[-1]["action"] == "backups.restored"
    assert _verify(installation)["ok"]


def test_replace_puts_the_archive_over_a_live_database_and_keeps_the_old_one(
    installation: Installation, tmp_path: Path
):
    """``--replace`` on a database in use: the archive's rows come back (what was done after
    the backup is gone from the database — and a checkpoint file signed since says so);
    SQLite keeps the replaced file beside the database."""
    before = installation.tables()
    archive = _archive(installation, tmp_path / "offsite")
    installation.baomi("audit", "checkpoint")  # after the backup: its event and its file
    done = installation.baomi("restore", str(archive), "--replace")
    assert "head #" in done.stdout
    assert "Warning: a signed checkpoint of event" in done.stderr
    after = installation.tables()
    events = after.pop("audit_auditevent")
    expected = before.pop("audit_auditevent")
    after.pop("audit_chainhead")
    before.pop("audit_chainhead")
    assert differences(before, after) == []
    assert events[: len(expected)] == expected and len(events) == len(expected) + 1
    if not installation.database:
        (kept,) = installation.data_dir.glob("baomi.sqlite3.replaced-*")
        assert kept.stat().st_size > 0
    # The chain in the database is whole; the newer checkpoint file shows the cut.
    done = installation.baomi("audit", "verify", "--json", check=False)
    assert done.returncode == 1
    assert json.loads(done.stdout)["ok"] is False
