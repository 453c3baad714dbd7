"""The records of backups and restores: every run is a ``BackupRun`` row and an audit event
(DEV-BACKUP), written by the installer's shell (``actor`` None: the scheduled run of
``baomi serve``, ``baomi backup`` from cron) or the system administrator (CONFIGURE)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.utils.translation import gettext_lazy

from baomi.access.actor import Actor
from baomi.access.roles import Permission, require_or_installer
from baomi.audit.actions import register_action
from baomi.audit.operation import operation
from baomi.audit.recorder import record_event
from baomi.backups.models import BackupRun, Trigger

MADE = register_action("backups.made", gettext_lazy("Backup made"))
FAILED = register_action("backups.failed", gettext_lazy("Backup failed"))
RESTORED = register_action("backups.restored", gettext_lazy("Backup restored"))
MAX_ERROR = 1000


@operation
def record_backup(
    *,
    actor: Actor | None,
    started_at: datetime,
    finished_at: datetime,
    trigger: str,
    file: str = "",
    size: int | None = None,
    sha256: str = "",
    cipher: str = "",
    audit_seq: int | None = None,
    error: str = "",
) -> BackupRun:
    """Record one backup run, succeeded (``error`` empty) or failed, with its audit event
    (the archive's checksum and the audit head it holds; never a path's content)."""
    require_or_installer(actor, Permission.CONFIGURE)
    run = BackupRun.objects.create(
        started_at=started_at,
        finished_at=finished_at,
        trigger=Trigger(trigger),
        ok=not error,
        file=file[:1024],
        size=size,
        sha256=sha256,
        cipher=cipher,
        audit_seq=audit_seq,
        error=" ".join(error.split())[:MAX_ERROR],
    )
    data: dict[str, Any] = {"trigger": run.trigger, "rule": "DEV-BACKUP"}
    if run.ok:
        data.update(size=size, sha256=sha256, audit_seq=audit_seq, encrypted=bool(cipher))
    record_event(actor=actor, action=MADE if run.ok else FAILED, subject=run, data=data)
    return run


@operation
def record_restore(*, actor: Actor | None, manifest: dict[str, Any], sha256: str) -> None:
    """Record that the database was restored from an archive: the first event after the
    restored head, chained from it."""
    require_or_installer(actor, Permission.CONFIGURE)
    record_event(
        actor=actor,
        action=RESTORED,
        data={
            "sha256": sha256,
            "created_at": str(manifest.get("created_at", "")),
            "audit_seq": int(manifest["audit"]["seq"]),
            "audit_hash": str(manifest["audit"]["hash"]),
            "baomi_version": str(manifest.get("baomi_version", "")),
        },
    )
