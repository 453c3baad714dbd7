"""What the system administrator reads of the backups: the last success and the last failure
(CONFIGURE), and when the next backup is due (DEV-BACKUP)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings

from baomi.access.actor import Actor
from baomi.access.roles import Permission, require
from baomi.backups.models import BackupRun


def interval() -> timedelta:
    """How often a backup is due: the configured interval, or half a month (DEV-BACKUP's
    twice a month) when the server schedules none."""
    hours = settings.BACKUP_EVERY_HOURS or settings.BACKUP_MAX_HOURS
    return timedelta(hours=hours)


# A scheduled backup may start up to this much after its time and take a while.
GRACE = timedelta(hours=1)


def last_success() -> BackupRun | None:
    return BackupRun.objects.filter(ok=True).order_by("-started_at", "-pk").first()


def last_failure() -> BackupRun | None:
    return BackupRun.objects.filter(ok=False).order_by("-started_at", "-pk").first()


def last_attempt() -> BackupRun | None:
    return BackupRun.objects.order_by("-started_at", "-pk").first()


@dataclass(frozen=True)
class Status:
    last_success: BackupRun | None
    last_failure: BackupRun | None
    every: timedelta
    due_at: datetime | None  # None: no backup has succeeded yet
    late: bool
    scheduled: bool  # the server makes them (else cron)
    directory: str

    @property
    def every_hours(self) -> int:
        return int(self.every.total_seconds() // 3600)


def due_at(success: BackupRun | None) -> datetime | None:
    return success.started_at + interval() + GRACE if success else None


def status(actor: Actor | None, moment: datetime) -> Status:
    """The backups as the system administrator sees them (CONFIGURE)."""
    require(actor, Permission.CONFIGURE)
    success = last_success()
    failure = last_failure()
    due = due_at(success)
    return Status(
        last_success=success,
        last_failure=failure,
        every=interval(),
        due_at=due,
        late=due is None or due <= moment,
        scheduled=bool(settings.BACKUP_EVERY_HOURS),
        directory=str(settings.BACKUP_DIR),
    )
