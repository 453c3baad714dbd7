"""The scheduled backups of a serving process: a thread in each ``baomi serve`` worker looks
every minute whether a backup is due (``BAOMI_BACKUP_EVERY_HOURS`` after the last success, a
failed one tried again after an hour at the soonest) and makes it under the installation's
backup lock, so that one worker backs up and the others find it done (``running.exclusive``).
``BAOMI_BACKUP_EVERY_HOURS=0`` starts no thread: ``baomi backup`` runs from cron instead."""

from __future__ import annotations

import logging
import threading
from datetime import datetime, timedelta
from pathlib import Path

from django.conf import settings
from django.db import connections
from django.utils import timezone

from baomi.backups import archive, queries, running
from baomi.backups.models import Trigger

logger = logging.getLogger(__name__)

INTERVAL = 60.0  # seconds between two looks
RETRY = timedelta(hours=1)
_started: threading.Thread | None = None
_lock = threading.Lock()


def due(moment: datetime) -> bool:
    """Whether a scheduled backup is due at ``moment``."""
    every = timedelta(hours=settings.BACKUP_EVERY_HOURS)
    success = queries.last_success()
    if success is not None and success.started_at + every > moment:
        return False
    attempt = queries.last_attempt()
    retry_at = attempt.started_at + min(every, RETRY) if attempt and not attempt.ok else None
    return retry_at is None or retry_at <= moment


def run_once(moment: datetime | None = None) -> bool:
    """Make the scheduled backup if one is due and no other run holds the lock; answers
    whether one was made (a failure is recorded by ``running.backup`` and logged)."""
    if not due(moment or timezone.now()):
        return False
    passphrase = None
    cipher = archive.NONE
    try:
        if settings.BACKUP_PASSPHRASE_FILE:
            passphrase = running.read_passphrase(Path(settings.BACKUP_PASSPHRASE_FILE))
            cipher = archive.CIPHERS[settings.BACKUP_CIPHER]
        # Asked again under the lock: another worker may have made it meanwhile.
        made = running.backup(
            trigger=Trigger.SCHEDULED,
            passphrase=passphrase,
            cipher=cipher,
            only_if=lambda: due(moment or timezone.now()),
        )
    except running.Busy:
        return False
    except running.BackupFailed:
        logger.exception("the scheduled backup failed")
        return False
    except (OSError, ValueError) as exc:  # the passphrase file: recorded as a failed run
        from baomi.backups import operations

        now = timezone.now()
        operations.record_backup(
            actor=None,
            started_at=now,
            finished_at=now,
            trigger=Trigger.SCHEDULED,
            error=f"{type(exc).__name__}: {exc}",
        )
        logger.exception("the scheduled backup could not start")
        return False
    return made is not None


def run(stop: threading.Event, interval: float = INTERVAL) -> None:
    while not stop.wait(interval):
        try:
            run_once()
        except Exception:  # the next look tries again
            logger.exception("the backup scheduler failed")
        finally:
            connections.close_all()


def start(interval: float = INTERVAL) -> threading.Thread | None:
    """Start this process's backup thread (once; a daemon), unless backups are not scheduled."""
    global _started
    if not settings.BACKUP_EVERY_HOURS:
        return None
    with _lock:
        if _started is None or not _started.is_alive():
            _started = threading.Thread(
                target=run, args=(threading.Event(), interval), name="baomi-backups", daemon=True
            )
            _started.start()
        return _started
