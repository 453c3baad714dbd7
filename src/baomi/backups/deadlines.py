"""DEV-BACKUP for baomi's own registers: the installation's backup is late when no backup has
succeeded within its interval (``BAOMI_BACKUP_EVERY_HOURS``, at most half a month) and an hour.
The registers are every organisation's, so each organisation's security office sees the
deadline (the system administrator sees the backups on their home page).

The devices register the computers' DEV-BACKUP deadlines under the same rule; the seam keeps
one provider per rule, so this one is joined to theirs (``register``): one provider answering
the computers as queries and the installation as a listed deadline."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from baomi.audit.models import AuditEvent
from baomi.backups import queries
from baomi.backups.models import BackupRun
from baomi.seams.approvals import Subject
from baomi.seams.deadlines import DEADLINE_PROVIDERS, Deadline, DeadlineProvider

RULE = "DEV-BACKUP"
SUBJECT = "backups.backuprun"


def late(organisation_id: int, moment: datetime.datetime) -> list[Deadline]:
    """The installation's backup, when late at ``moment``: due an interval after the last
    success (or, before any, after the installation's first audit event)."""
    success = queries.last_success()
    if success is not None:
        due_at = success.started_at + queries.interval() + queries.GRACE
        subject = success.pk
    else:
        first = AuditEvent.objects.order_by("seq").values_list("at", flat=True).first()
        if first is None:
            return []
        due_at = first + queries.interval() + queries.GRACE
        subject = 0
    if due_at > moment:
        return []
    return [Deadline(RULE, SUBJECT, subject, due_at)]


def describe(actor: Any, subject_id: int) -> Subject:
    """The subject of the deadline, to whoever sees it (a run holds nothing controlled):
    the installation's last backup, or none yet."""
    run = BackupRun.objects.filter(pk=subject_id, ok=True).first() if subject_id else None
    if run is None:
        return Subject(str(_("The installation's backups: none has succeeded yet")), None, "")
    at = timezone.localtime(run.started_at).strftime("%Y-%m-%d %H:%M")
    return Subject(str(_("The installation's backups: last on %(at)s") % {"at": at}), None, "")


def register() -> None:
    """Join ``late`` to the rule's provider (the devices' computers), or register it alone."""
    known = DEADLINE_PROVIDERS.get(RULE)
    if known is not None and known.provide is late:
        return
    if known is None:
        DEADLINE_PROVIDERS.register(DeadlineProvider(RULE, provide=late))
        return
    if known.provide is not None:
        raise ValueError(f"{RULE}'s provider already lists deadlines: join them first")
    DEADLINE_PROVIDERS.replace(DeadlineProvider(RULE, provide=late, queries=known.queries))
