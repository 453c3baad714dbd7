"""A register (登记簿) or ledger (台账) as a list: its columns, what one line is (a row of which
table), how each filter applies to it, and how a raw value is printed (``cell``). The generic
part of every domain's registers; the definitions are the domains' (``carriers.registers``),
the reads (permission, CLS-MAC, filters, paging, exports) their queries'."""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from baomi.core.levels import Level

# Column kinds: how a raw value is printed (``cell``) and sent as JSON.
TEXT, NUMBER, DATETIME, DATE, FLAG, LEVEL, CHOICE, LIST = (
    "text",
    "number",
    "datetime",
    "date",
    "flag",
    "level",
    "choice",
    "list",
)


@dataclass(frozen=True)
class Column:
    key: str
    header: Promise
    kind: str = TEXT
    choices: type[models.TextChoices] | None = None


@dataclass(frozen=True)
class Filters:
    """What a register is narrowed to; every field optional."""

    date_from: datetime.date | None = None
    date_to: datetime.date | None = None
    level: int | None = None
    department_id: int | None = None
    state: str = ""

    def as_data(self) -> dict[str, Any]:
        """The filters as plain JSON values (for the audit log), unset ones left out."""
        values = {
            "date_from": self.date_from.isoformat() if self.date_from else None,
            "date_to": self.date_to.isoformat() if self.date_to else None,
            "level": self.level,
            "department_id": self.department_id,
            "state": self.state or None,
        }
        return {k: v for k, v in values.items() if v is not None}


# (the documents the actor may know as a subquery, the actor's clearance) → the CLS-MAC filter
MacFilter = Callable[[models.QuerySet, int], Q]


@dataclass(frozen=True)
class Register:
    """One register. ``queryset`` gives its lines (one model row per line); ``date`` is the
    lookup of its own date column (filters and order); ``organisation`` the lookup of the
    organisation; ``mac`` narrows it to lines about documents the actor may know (CLS-MAC);
    ``level`` and ``department`` build the level and department filters; ``states`` are the
    states a line may be filtered by (``state`` builds the filter); ``line`` makes one line's
    values, keyed by column; ``signatures`` are the blank columns signed by hand on paper;
    ``rules`` the rule IDs that demand the register."""

    key: str
    title: Promise
    queryset: Callable[[], models.QuerySet]
    columns: tuple[Column, ...]
    date: str
    organisation: str
    mac: MacFilter
    level: Callable[[int], Q]
    department: Callable[[str], Q]
    department_help: Promise
    line: Callable[[Any, datetime.datetime], dict[str, Any]]
    signatures: tuple[Promise, ...]
    rules: tuple[str, ...]
    states: tuple[tuple[str, Promise], ...] = ()
    state: Callable[[str, datetime.datetime], Q] | None = None


# What a file's name may not hold on the office's computers.
NOT_IN_NAMES = re.compile(r'[\\/:*?"<>|]')


def export_name(title: str, file_format: str, filters: Filters | None = None) -> str:
    """An export's file name, in the reader's language: the register's title and the period
    it lists — a month (收文登记簿_2026-12.xlsx), a year, from–to days — or, when the filters
    set none, the day of the export."""
    start, end = (filters.date_from, filters.date_to) if filters else (None, None)
    if start and end:
        next_month = (start.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
        if start == datetime.date(start.year, 1, 1) and end == datetime.date(start.year, 12, 31):
            period = f"{start:%Y}"
        elif start.day == 1 and end == next_month - datetime.timedelta(days=1):
            period = f"{start:%Y-%m}"
        elif start == end:
            period = f"{start:%Y-%m-%d}"
        else:
            period = f"{start:%Y-%m-%d}_{end:%Y-%m-%d}"
    else:
        period = f"{timezone.localdate():%Y-%m-%d}"
    return f"{NOT_IN_NAMES.sub('-', title)}_{period}.{file_format}"


def cell(column: Column, value: Any) -> str:
    """A raw value as printed in the column (blank for nothing and for an unset flag)."""
    if value is None or value == "" or value == []:
        return ""
    if column.kind == DATETIME:
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
    if column.kind == DATE:
        return value.strftime("%Y-%m-%d")
    if column.kind == FLAG:
        return _("yes") if value else ""
    if column.kind == LEVEL:
        return str(Level(value).label)
    if column.kind == CHOICE and column.choices is not None and value in column.choices.values:
        return str(column.choices(value).label)
    if column.kind == LIST:
        return "\n".join(str(v) for v in value)
    return str(value)
