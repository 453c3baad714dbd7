"""Backup runs in the serving process and from cron: each recorded with its audit event, the
retention after a success, one run at a time, the schedule, the lateness flagged through the
deadline seam (DEV-BACKUP), the system administrator's panel and the settings' bounds."""

from __future__ import annotations

import datetime
import hashlib
import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from baomi.access.roles import Role
from baomi.audit.models import AuditEvent
from baomi.backups import archiving, deadlines, operations, running, scheduler
from baomi.backups.models import BackupRun, Trigger
from baomi.core.errors import AccessDenied
from baomi.seams.deadlines import State
from baomi.seams.deadlines import deadlines as all_deadlines
from tests.backups.drill import ROOT
from tests.factories import World

pytestmark = pytest.mark.django_db

HOUR = datetime.timedelta(hours=1)


@pytest.fixture
def backup_dir(tmp_path: Path, settings):
    settings.BACKUP_DIR = tmp_path / "backups"
    settings.AUDIT_CHECKPOINT_DIR = tmp_path / "checkpoints"
    settings.AUDIT_SIGNING_KEY = tmp_path / "keys" / "audit.pem"
    settings.BACKUP_KEEP = 2
    settings.BACKUP_EVERY_HOURS = 24
    return settings.BACKUP_DIR


def _last_event() -> dict:
    return json.loads(bytes(AuditEvent.objects.order_by("-seq").first().body))


def _run(started: datetime.datetime, ok: bool = True) -> BackupRun:
    return operations.record_backup(
        actor=None,
        started_at=started,
        finished_at=started,
        trigger=Trigger.SCHEDULED,
        error="" if ok else "OSError: disk full",
        file="x",
        size=1,
    )


def test_a_backup_is_recorded_with_its_size_and_checksum_and_the_oldest_pruned__DEV_BACKUP(
    backup_dir: Path,
):
    backup_dir.mkdir(parents=True)
    old = [backup_dir / f"baomi-2020010{n}T000000Z-sqlite.bmbak" for n in (1, 2, 3)]
    for path in old:
        path.write_bytes(b"old")
    foreign = backup_dir / "keep-me.bmbak"
    foreign.write_bytes(b"not ours")

    found = running.backup(trigger=Trigger.COMMAND)
    assert found is not None
    run, made = found
    assert run.ok and run.trigger == Trigger.COMMAND and run.error == ""
    assert run.size == made.path.stat().st_size
    assert run.sha256 == hashlib.sha256(made.path.read_bytes()).hexdigest()
    assert run.audit_seq == made.manifest["audit"]["seq"]
    event = _last_event()
    assert event["action"] == "backups.made"
    assert event["subject_type"] == "backups.backuprun" and event["subject_id"] == str(run.pk)
    assert event["data"]["sha256"] == run.sha256 and event["data"]["rule"] == "DEV-BACKUP"
    # BACKUP_KEEP = 2: the newest old one and the new one; a file not named as ours stays.
    assert sorted(p.name for p in backup_dir.glob("*.bmbak")) == sorted(
        [old[2].name, made.path.name, foreign.name]
    )


def test_a_failed_backup_is_recorded_with_its_error_and_nothing_is_pruned(
    backup_dir: Path, monkeypatch
):
    backup_dir.mkdir(parents=True)
    old = [backup_dir / f"baomi-2020010{n}T000000Z-sqlite.bmbak" for n in (1, 2, 3)]
    for path in old:
        path.write_bytes(b"old")

    def full(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(archiving, "make", full)
    with pytest.raises(running.BackupFailed):
        running.backup(trigger=Trigger.SCHEDULED)
    run = BackupRun.objects.get()
    assert not run.ok and "No space left on device" in run.error and run.size is None
    assert _last_event()["action"] == "backups.failed"
    assert all(p.exists() for p in old)


def test_one_backup_at_a_time(backup_dir: Path):
    """The lock the workers and cron share: a second run while one holds it is refused at
    once, and the scheduler makes none."""
    with running.exclusive(backup_dir):
        with pytest.raises(running.Busy):
            running.backup(trigger=Trigger.COMMAND)
        assert scheduler.run_once() is False
    assert not BackupRun.objects.exists()
    assert list(backup_dir.glob("*.bmbak")) == []


def test_the_schedule_backs_up_when_due_and_tries_a_failure_again_after_an_hour(
    backup_dir: Path,
):
    now = timezone.now()
    assert scheduler.due(now)  # never backed up
    assert scheduler.run_once(now) is True
    run = BackupRun.objects.get()
    assert run.ok and run.trigger == Trigger.SCHEDULED
    assert scheduler.run_once(now) is False  # done: not due again before 24 hours
    assert not scheduler.due(now + 23 * HOUR)
    assert scheduler.due(now + 24 * HOUR + datetime.timedelta(minutes=1))
    _run(now + 25 * HOUR, ok=False)
    assert not scheduler.due(now + 25 * HOUR + 30 * datetime.timedelta(minutes=1))
    assert scheduler.due(now + 26 * HOUR + datetime.timedelta(minutes=1))


def test_a_scheduled_backup_whose_passphrase_cannot_be_read_is_recorded_as_failed(
    backup_dir: Path, settings, tmp_path: Path
):
    settings.BACKUP_PASSPHRASE_FILE = str(tmp_path / "missing")
    assert scheduler.run_once() is False
    run = BackupRun.objects.get()
    assert not run.ok and "missing" in run.error
    assert list(backup_dir.glob("*.bmbak")) == []


def test_a_late_backup_is_a_deadline_of_every_organisation__DEV_BACKUP(backup_dir: Path):
    """Late once no backup succeeded within the interval (24 h) and an hour: before any, from
    the installation's first event; after one, from it. The computers' DEV-BACKUP deadlines
    stay in the same provider."""
    world = World.build()
    now = timezone.now()

    def late(moment: datetime.datetime) -> list:
        return [
            d
            for d in all_deadlines(world.organisation.pk, moment)
            if d.subject_type == deadlines.SUBJECT
        ]

    assert late(now) == []
    (never,) = late(now + 26 * HOUR)
    assert never.rule_id == "DEV-BACKUP" and never.subject_id == 0
    assert never.state(now + 26 * HOUR) == State.OVERDUE
    run = _run(now)
    assert late(now + 24 * HOUR) == []
    (missed,) = late(now + 26 * HOUR)
    assert missed.subject_id == run.pk and missed.due_at == now + 25 * HOUR
    _run(now + 25 * HOUR, ok=False)  # a failure is no backup
    assert len(late(now + 26 * HOUR)) == 1
    from baomi.seams.deadlines import DEADLINE_PROVIDERS

    assert DEADLINE_PROVIDERS["DEV-BACKUP"].queries is not None  # the computers' too
    with translation.override("en"):
        assert "last on" in deadlines.describe(None, run.pk).label
        assert "none has succeeded" in deadlines.describe(None, 0).label


def test_the_system_administrator_sees_the_last_backup_and_the_last_failure(
    backup_dir: Path, client
):
    world = World.build()
    admin = world.account(Role.SYSADMIN)
    officer = world.account(Role.SECURITY_OFFICER, dept="office")
    now = timezone.now()
    _run(now - 2 * HOUR)
    failed = _run(now - HOUR, ok=False)
    client.force_login(admin)
    with translation.override("en"):
        page = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'id="backups"' in page and 'data-late="0"' in page
    at = timezone.localtime(failed.started_at).isoformat()
    assert "disk full" in page and f'data-last-failure="{at}' in page
    client.force_login(officer)
    assert 'id="backups"' not in client.get(reverse("home")).content.decode()
    from baomi.backups import queries

    with pytest.raises(AccessDenied):
        queries.status(officer, now)


def test_the_status_says_late_when_no_backup_succeeded(backup_dir: Path):
    world = World.build()
    admin = world.account(Role.SYSADMIN)
    from baomi.backups import queries

    status = queries.status(admin, timezone.now())
    assert status.late and status.last_success is None and status.every_hours == 24


@pytest.mark.parametrize(
    ("value", "refused"),
    [("361", True), ("720", True), ("-1", True), ("day", True), ("360", False), ("0", False)],
)
def test_an_interval_over_half_a_month_is_a_configuration_error__DEV_BACKUP(
    value: str, refused: bool, tmp_path: Path
):
    done = subprocess.run(
        [sys.executable, "-m", "baomi.cli", "backup", "--help"],
        env={
            "PATH": "/usr/bin:/bin",
            "BAOMI_DATA_DIR": str(tmp_path),
            "BAOMI_BACKUP_EVERY_HOURS": value,
            "PYTHONPATH": str(ROOT / "src"),
        },
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    if refused:
        assert done.returncode == 2
        (line,) = done.stderr.strip().splitlines()
        assert "BAOMI_BACKUP_EVERY_HOURS" in line and "DEV-BACKUP" in line
    else:
        assert done.returncode == 0, done.stderr


@pytest.mark.django_db(transaction=True)
def test_the_server_s_backup_thread_makes_the_backup_when_due(backup_dir: Path, settings):
    """The loop each ``baomi serve`` worker runs (``scheduler.run``) backs up on its own
    connection; none is started when the server schedules no backups."""
    import threading

    stop = threading.Event()
    thread = threading.Thread(target=scheduler.run, args=(stop, 0.05))
    thread.start()
    try:
        deadline = timezone.now() + datetime.timedelta(seconds=60)
        while not BackupRun.objects.filter(ok=True).exists():
            assert timezone.now() < deadline, "the thread made no backup"
            stop.wait(0.1)
    finally:
        stop.set()
        thread.join(timeout=60)
    (run,) = BackupRun.objects.all()
    assert run.trigger == Trigger.SCHEDULED and Path(run.file).exists()
    settings.BACKUP_EVERY_HOURS = 0
    assert scheduler.start() is None


def test_the_status_route_answers_the_system_administrator_only__DEV_BACKUP(backup_dir: Path):
    from tests.api.conftest import ApiClient

    world = World.build()
    admin = world.account(Role.SYSADMIN)
    now = timezone.now()
    ok = _run(now - 2 * HOUR)
    _run(now - HOUR, ok=False)
    answer = ApiClient(admin).get("/backups/status")
    assert answer.status_code == 200
    body = answer.json()
    assert body["rule"] == "DEV-BACKUP" and body["late"] is False and body["every_hours"] == 24
    assert body["last_success"]["size"] == ok.size and body["last_success"]["ok"] is True
    assert "disk full" in body["last_failure"]["error"]
    for role in (Role.SECURITY_OFFICER, Role.AUDITOR, Role.CLERK):
        assert (
            ApiClient(world.account(role, dept="office")).get("/backups/status").status_code == 403
        )


def test_each_server_worker_starts_the_sealer_and_the_backup_thread(monkeypatch):
    """``baomi serve``'s workers run the scheduled backups (and chain staged reads)."""
    from baomi.audit import sealer
    from baomi.web.management.commands import serve

    started = []
    monkeypatch.setattr(sealer, "start", lambda: started.append("sealer"))
    monkeypatch.setattr(scheduler, "start", lambda: started.append("backups"))
    serve._start_worker_threads(None)
    assert started == ["sealer", "backups"]
