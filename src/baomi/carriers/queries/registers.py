"""Reads of the registers (登记簿) for the clerk and the security officer: every register of
RULES.md §2–6 as a filtered list and as an .xlsx or PDF export in the paper layout.

Only roles with REGISTER_ITEMS read registers (others: AccessDenied), and only the lines about
documents the reader may know (CLS-MAC: the same filter as every list, in the database). An
export is recorded in the audit log with the register and its filters.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from baomi.access.actor import Actor
from baomi.access.mac import knower
from baomi.access.roles import Permission, require
from baomi.audit.actions import register_action
from baomi.audit.recorder import record_event
from baomi.carriers.policies import DOCUMENTS
from baomi.carriers.registers import REGISTERS
from baomi.core import exports, memo
from baomi.core.errors import InvalidInput, NotFound
from baomi.core.levels import Level
from baomi.core.registers import Filters, Register, cell, export_name
from baomi.org.models import Department

EXPORTED = register_action("carriers.register_exported", gettext_lazy("Register exported"))

# Lines per page in the web pages; the API's largest page.
PAGE_SIZE = 100
MAX_PAGE_SIZE = 500


def registers(actor: Actor) -> list[Register]:
    """Every register, in the order of the paper trail."""
    require(actor, Permission.REGISTER_ITEMS)
    return list(REGISTERS.values())


def register(actor: Actor, key: str) -> Register:
    """One register by its key; "not found" for an unknown key."""
    require(actor, Permission.REGISTER_ITEMS)
    found = REGISTERS.get(key)
    if found is None:
        raise NotFound(_("No such register."))
    return found


def _start_of(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _department(actor: Actor, department_id: int) -> Department:
    person = knower(actor)
    found = Department.objects.filter(
        organisation_id=person.organisation_id if person else None, pk=department_id
    ).first()
    if found is None:
        raise InvalidInput(_("No such department."), field="department")
    return found


def _check(reg: Register, filters: Filters) -> None:
    if filters.level is not None and filters.level not in Level.values:
        raise InvalidInput(_("Unknown level."), field="level")
    if filters.date_from and filters.date_to and filters.date_from > filters.date_to:
        raise InvalidInput(_("The period ends before it begins."), field="date_to")
    if filters.state and filters.state not in dict(reg.states):
        raise InvalidInput(_("This register has no such state."), field="state")


def lines(actor: Actor, key: str, filters: Filters) -> QuerySet:
    """The lines of register ``key`` that ``actor`` may see, filtered, newest first: a
    queryset of the register's line rows (turn a page of them into values with ``rows``).
    AccessDenied without REGISTER_ITEMS; NotFound for an unknown register; InvalidInput for
    a filter that makes no sense (an unknown level, state or department, a reversed period)."""
    reg = register(actor, key)
    _check(reg, filters)
    person = knower(actor)
    if person is None:
        return reg.queryset().none()
    # CLS-MAC: only lines about documents the actor may know, as one subquery.
    visible = DOCUMENTS.known(actor).values("pk")
    qs = reg.queryset().filter(**{reg.organisation: person.organisation_id})
    qs = qs.filter(reg.mac(visible, person.clearance))
    if filters.date_from:
        qs = qs.filter(**{f"{reg.date}__gte": _start_of(filters.date_from)})
    if filters.date_to:
        next_day = filters.date_to + datetime.timedelta(days=1)
        qs = qs.filter(**{f"{reg.date}__lt": _start_of(next_day)})
    if filters.level is not None:
        qs = qs.filter(reg.level(filters.level))
    if filters.department_id is not None:
        qs = qs.filter(reg.department(_department(actor, filters.department_id).path))
    if filters.state and reg.state is not None:
        qs = qs.filter(reg.state(filters.state, timezone.now()))
    return qs.order_by(f"-{reg.date}", "-pk")


def rows(reg: Register, objects: Iterable[Any]) -> list[dict[str, Any]]:
    """The raw values of each line (keyed by the register's column keys)."""
    at = timezone.now()
    keys = [c.key for c in reg.columns]
    result = []
    with memo.scope():  # a line may read the rulebook (``carriers.due``): once for all
        for obj in objects:
            values = reg.line(obj, at)
            result.append({k: values[k] for k in keys})
    return result


def cells(reg: Register, row: dict[str, Any]) -> list[str]:
    """One line as printed: a string per column."""
    return [cell(c, row[c.key]) for c in reg.columns]


def describe(actor: Actor, reg: Register, filters: Filters) -> str:
    """The period and filters of a printed register, e.g. "2026-01-01 – 2026-03-31 · Secret"."""
    if filters.date_from and filters.date_to:
        period = f"{filters.date_from:%Y-%m-%d} – {filters.date_to:%Y-%m-%d}"
    elif filters.date_from:
        period = _("from %(date)s") % {"date": f"{filters.date_from:%Y-%m-%d}"}
    elif filters.date_to:
        period = _("until %(date)s") % {"date": f"{filters.date_to:%Y-%m-%d}"}
    else:
        period = _("all dates")
    parts = [period]
    if filters.level is not None:
        parts.append(str(Level(filters.level).label))
    if filters.department_id is not None:
        parts.append(_department(actor, filters.department_id).name)
    if filters.state:
        parts.append(str(dict(reg.states)[filters.state]))
    return " · ".join(parts)


def highest_level(reg: Register, lines: QuerySet) -> int | None:
    """The highest level among ``lines`` of ``reg`` (by the register's level filter), or None
    for none: the marking of the printed register (CLS-MARK)."""
    for level in sorted(Level.values, reverse=True):
        if lines.filter(reg.level(level)).exists():
            return level
    return None


def table(actor: Actor, key: str, filters: Filters) -> exports.Table:
    """Every line of the register within the filters, as a table ready to print, marked
    with the highest level it lists (CLS-MARK)."""
    qs = lines(actor, key, filters)
    reg = REGISTERS[key]
    person = knower(actor)
    found = rows(reg, qs.iterator(chunk_size=1000))
    return exports.Table(
        title=str(reg.title),
        organisation=person.organisation.name if person else "",
        period=describe(actor, reg, filters),
        columns=[(c.key, str(c.header)) for c in reg.columns],
        rows=[cells(reg, row) for row in found],
        signature_columns=[str(s) for s in reg.signatures],
        level=highest_level(reg, qs),
    )


def export(actor: Actor, key: str, filters: Filters, file_format: str) -> exports.Export:
    """The register as an .xlsx or PDF file (``file_format``: ``xlsx`` or ``pdf``); the
    export is recorded in the audit log with the register, the format, the filters and the
    number of lines."""
    exports.require_format(file_format)
    printed = table(actor, key, filters)
    exported = exports.export_file(
        printed, file_format, export_name(printed.title, file_format, filters)
    )
    with transaction.atomic():
        record_event(
            actor=actor,
            action=EXPORTED,
            data={
                "register": key,
                "format": file_format,
                "filters": filters.as_data(),
                "lines": len(printed.rows),
            },
        )
    return exported
