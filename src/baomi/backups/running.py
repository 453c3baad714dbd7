"""A backup run (one at a time: a lock beside the archives), recorded and followed by the
retention, and a restore from start to finish."""

from __future__ import annotations

import contextlib
import fcntl
import os
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.db import connections
from django.utils import timezone

from baomi.audit import signing
from baomi.backups import archive, archiving, operations, snapshot
from baomi.backups.archiving import RestoreRefused
from baomi.backups.models import BackupRun

LOCK = ".backup.lock"


class Busy(Exception):
    """Another backup or restore of this installation is running."""


class BackupFailed(Exception):
    """The backup failed; the run was recorded with its error."""

    def __init__(self, run: BackupRun, cause: BaseException) -> None:
        super().__init__(str(cause))
        self.run = run
        self.cause = cause


@contextlib.contextmanager
def exclusive(directory: Path) -> Iterator[None]:
    """Hold the installation's backup lock (a ``flock`` of ``.backup.lock`` in the backup
    directory: the serving workers and cron share it) or raise Busy at once."""
    directory.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(directory / LOCK, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise Busy(str(directory)) from None
        yield
    finally:
        os.close(descriptor)  # releases the lock


def read_passphrase(path: str | Path) -> bytes:
    """The passphrase kept in a file (its first line, without the line break)."""
    data = Path(path).read_bytes()[: archive.MAX_PASSPHRASE + 2]
    passphrase = data.splitlines()[0] if data.strip() else b""
    if not passphrase or len(passphrase) > archive.MAX_PASSPHRASE:
        raise ValueError(f"{path}: a passphrase is one line of 1 to 1024 bytes")
    return passphrase


def backup(
    *,
    trigger: str,
    passphrase: bytes | None = None,
    cipher: str = archive.NONE,
    output: Path | None = None,
    only_if: Callable[[], bool] | None = None,
) -> tuple[BackupRun, archiving.Made] | None:
    """Make an archive, record the run (failed runs too, then raise BackupFailed) and, after
    a success in the backup directory, remove the archives beyond ``BACKUP_KEEP``. With
    ``only_if``, nothing is done (None) unless it holds once the lock is taken."""
    directory = Path(settings.BACKUP_DIR)
    with exclusive(directory):
        if only_if is not None and not only_if():
            return None
        started = timezone.now()
        try:
            made = archiving.make(directory, passphrase=passphrase, cipher=cipher, output=output)
        except Exception as exc:  # recorded, then raised again for the caller to say
            run = operations.record_backup(
                actor=None,
                started_at=started,
                finished_at=timezone.now(),
                trigger=trigger,
                file=str(output or directory),
                error=f"{type(exc).__name__}: {exc}",
            )
            raise BackupFailed(run, exc) from exc
        run = operations.record_backup(
            actor=None,
            started_at=started,
            finished_at=timezone.now(),
            trigger=trigger,
            file=str(made.path),
            size=made.size,
            sha256=made.sha256,
            cipher=cipher if cipher != archive.NONE else "",
            audit_seq=int(made.manifest["audit"]["seq"]),
        )
        if made.path.parent == directory:
            archiving.prune(directory, settings.BACKUP_KEEP)
    return run, made


# Restore ---------------------------------------------------------------------------------


@dataclass
class Restored:
    manifest: dict[str, Any]
    sha256: str
    kept: Path | None = None  # the SQLite database that was replaced, kept beside it
    key: str = "none"  # installed | same | replaced | none
    key_kept: Path | None = None
    checkpoints_added: int = 0
    checkpoints_differing: list[str] = field(default_factory=list)
    lost_after: int | None = None  # a checkpoint file of an event after the restored head
    migrated: bool = False


def restore(path: Path, *, passphrase: bytes | None, replace: bool) -> Restored:
    """Restore the installation from the archive at ``path``. Refuses (RestoreRefused or
    archive.ArchiveError, nothing changed) another vendor's archive, a newer format or schema,
    a damaged or cut archive, a wrong passphrase, a database in use or another audit key
    without ``replace``. Then the database is put in place (SQLite: renamed over the old file,
    kept beside it; PostgreSQL: one transaction), the key and the missing checkpoint files
    are written, ``migrate`` runs when the archive's schema is older, and the restore is
    recorded as the first event after the restored head."""
    vendor = snapshot.vendor()
    near = snapshot.sqlite_path().parent if vendor == "sqlite" else Path(settings.BACKUP_DIR)

    def check(manifest: dict[str, Any]) -> None:
        if int(manifest["format"]) > archiving.MANIFEST_FORMAT:
            raise archive.NewerFormat(f"manifest format {manifest['format']}")
        if manifest["vendor"] != vendor:
            raise RestoreRefused("vendor", found=manifest["vendor"], here=vendor)
        if archiving.schema_state(manifest["migrations"]) == "newer":
            raise RestoreRefused("newer_schema", version=manifest.get("baomi_version", "?"))
        if not replace and snapshot.live():
            raise RestoreRefused("live")

    with exclusive(Path(settings.BACKUP_DIR)), archiving.staging_directory(near) as staging:
        with path.open("rb") as file:
            hashing = archiving.Hashing(file)
            unpacked = archiving.unpack(hashing, staging, passphrase=passphrase, check=check)
            while hashing.read(1024 * 1024):
                pass
        done = Restored(unpacked.manifest, hashing.digest.hexdigest())
        key = unpacked.files.get(archiving.KEY)
        key_path = Path(settings.AUDIT_SIGNING_KEY)
        differs = (
            key is not None and key_path.exists() and key_path.read_bytes() != key.read_bytes()
        )
        if differs and not replace:
            raise RestoreRefused("key", path=str(key_path))
        if vendor == "sqlite":
            snapshot.sqlite_check(unpacked.database)
        connections.close_all()
        if not replace and snapshot.live():
            raise RestoreRefused("live")
        if vendor == "sqlite":
            done.kept = snapshot.sqlite_put(unpacked.database)
        else:
            snapshot.pg_put(unpacked.database, replace=replace)
        if key is not None:
            done.key, done.key_kept = _put_key(key, key_path)
        _put_checkpoints(unpacked, done)
    connections.close_all()
    state = archiving.schema_state(unpacked.manifest["migrations"])
    if state == "older" or (vendor == "postgresql" and settings.DATABASE_OWNER):
        call_command("migrate", interactive=False, verbosity=0)
        done.migrated = state == "older"
    operations.record_restore(actor=None, manifest=unpacked.manifest, sha256=done.sha256)
    return done


def _write_new(path: Path, data: bytes, mode: int) -> None:
    """Write ``data`` aside and link it into place (never over an existing file)."""
    descriptor, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    temporary = Path(name)
    try:
        os.fchmod(descriptor, mode)
        with os.fdopen(descriptor, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        os.link(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)


def _put_key(staged: Path, key_path: Path) -> tuple[str, Path | None]:
    data = staged.read_bytes()
    key_path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    if key_path.exists():
        if key_path.read_bytes() == data:
            return "same", None
        kept = snapshot.free_name(key_path, "replaced")
        os.rename(key_path, kept)
        _write_new(key_path, data, 0o600)
        return "replaced", kept
    _write_new(key_path, data, 0o600)
    return "installed", None


def _put_checkpoints(unpacked: archiving.Unpacked, done: Restored) -> None:
    directory = Path(settings.AUDIT_CHECKPOINT_DIR)
    names = [n for n in unpacked.files if n.startswith("checkpoints/")]
    if names:
        directory.mkdir(parents=True, exist_ok=True)
    for name in names:
        target = directory / name.partition("/")[2]
        data = unpacked.files[name].read_bytes()
        if target.exists():
            if target.read_bytes() != data:
                done.checkpoints_differing.append(target.name)
            continue
        _write_new(target, data, 0o600)
        done.checkpoints_added += 1
    try:
        newest = signing.newest_file(directory)
    except ValueError:
        newest = None
    head = int(unpacked.manifest["audit"]["seq"])
    if newest is not None and newest[1]["seq"] > head:
        done.lost_after = newest[1]["seq"]


def when(moment: datetime | None) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M") if moment else "-"
