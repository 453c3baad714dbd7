"""The equipment's deadlines (RULES.md §7). DEV-BACKUP: a computer at hand holding important
files is backed up ``per_month`` times a month, once in each part of the month
(``queries.care.backup_periods``). A computer with no backup yet in the current part is due
by the end of it; one that missed the part before as well (registered by then) is overdue
since the end of that one. Its custodian answers for it. Read in one query through
``queries.care.backup_flags``, as the care page's list of backups due is.

DEV-AV (antivirus kept current) is a check and a record, not a DEADLINE rule."""

from __future__ import annotations

import datetime

from django.db.models import Q
from django.utils import timezone

from baomi.devices.ledger_rules import LEDGER_STATUSES
from baomi.devices.models import Asset, AssetKind
from baomi.devices.queries.care import backup_flags, backup_periods
from baomi.rulebook import book
from baomi.seams.deadlines import DeadlineProvider, DeadlineQuery, end_of_day

ASSET = "devices.asset"


def backups(organisation_id: int, moment: datetime.datetime) -> list[DeadlineQuery]:
    """DEV-BACKUP: the organisation's computers at hand with important files not yet backed
    up in the current part of the month: due by the end of the previous part when they
    missed that one too (registered by then), else by the end of the current one."""
    current, previous = backup_periods(
        timezone.localdate(moment), book.param(organisation_id, "DEV-BACKUP", "per_month")
    )
    computers = Asset.objects.filter(
        organisation_id=organisation_id,
        kind=AssetKind.COMPUTER,
        status__in=LEDGER_STATUSES,
        important_data=True,
    )
    flagged = backup_flags(computers, current, previous).filter(due=1)
    late = Q(lapsed=1, registered_at__lt=end_of_day(previous.end))
    return [
        DeadlineQuery(
            "DEV-BACKUP", ASSET, rows, end, person="custodian_id", department="department_id"
        )
        for rows, end in (
            (flagged.filter(late), previous.end),
            (flagged.exclude(late), current.end),
        )
    ]


PROVIDERS = (DeadlineProvider("DEV-BACKUP", queries=backups),)
