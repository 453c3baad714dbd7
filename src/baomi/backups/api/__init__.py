"""JSON route of the backups, for the system administrator (CONFIGURE): the last backup that
succeeded and the last that failed, when the next is due and whether it is late (DEV-BACKUP).
Every other role is refused (403)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Router, Schema

from baomi.backups import queries

router = Router(tags=["backups"])


class BackupRunOut(Schema):
    started_at: datetime
    finished_at: datetime
    trigger: str = Field(description="scheduled (the server) or command (baomi backup)")
    ok: bool
    file: str
    size: int | None = Field(description="bytes of the archive")
    sha256: str = Field(description="SHA-256 of the archive file")
    cipher: str = Field(description="aes-256-gcm, sm4-gcm, or empty: not encrypted")
    audit_seq: int | None = Field(description="the audit chain's head in the archive")
    error: str


class BackupStatusOut(Schema):
    last_success: BackupRunOut | None
    last_failure: BackupRunOut | None
    every_hours: int = Field(description="a backup is due this often (BAOMI_BACKUP_EVERY_HOURS)")
    due_at: datetime | None = Field(description="when the next backup is due; null: none yet")
    late: bool = Field(description="no backup succeeded in time (DEV-BACKUP)")
    scheduled: bool = Field(description="the server makes the backups (else cron)")
    rule: str = "DEV-BACKUP"


@router.get("/status", response=BackupStatusOut)
def status(request: HttpRequest) -> Any:
    """The backups of the installation as the system administrator sees them."""
    found = queries.status(request.auth, timezone.now())
    return {
        "last_success": found.last_success,
        "last_failure": found.last_failure,
        "every_hours": found.every_hours,
        "due_at": found.due_at,
        "late": found.late,
        "scheduled": found.scheduled,
    }


# Mounted by baomi.api under /api/v1.
ROUTERS = [("/backups", router)]
