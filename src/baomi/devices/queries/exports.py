"""The equipment ledger (总台账, DEV-LEDGER) as the file an office prints and keeps: an .xlsx
workbook or a PDF in the paper layout, filtered like the ledger page. Only the security
officer exports it (MANAGE_DEVICES, checked by the ledger's read); every export is recorded
in the audit log with its filters and number of lines."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from baomi.access.actor import Actor
from baomi.access.roles import Permission, require
from baomi.audit.actions import register_action
from baomi.audit.recorder import record_event
from baomi.core import exports, paper
from baomi.core.registers import CHOICE, LEVEL, Column, cell, export_name
from baomi.devices.models import AssetType, Network, Status
from baomi.devices.queries import ledger

EXPORTED = register_action("devices.ledger_exported", gettext_lazy("Equipment ledger exported"))


# The ledger's columns, as printed (core.registers: the generic columns of every register).
COLUMNS = (
    Column("number", gettext_lazy("Asset number")),
    Column("type", gettext_lazy("Type"), CHOICE, AssetType),
    Column("make_model", gettext_lazy("Make and model")),
    Column("serial", gettext_lazy("Serial number")),
    Column("level", gettext_lazy("Level"), LEVEL),
    Column("network", gettext_lazy("Network"), CHOICE, Network),
    Column("custodian", gettext_lazy("Custodian")),
    Column("department", gettext_lazy("Department")),
    Column("location", gettext_lazy("Location")),
    Column("status", gettext_lazy("Status"), CHOICE, Status),
)


def _line(asset: Any) -> dict[str, Any]:
    """One asset's raw values, keyed by column."""
    return {
        "number": asset.number,
        "type": asset.type,
        "make_model": asset.make_model,
        "serial": asset.serial,
        "level": asset.level,
        "network": asset.network,
        "custodian": asset.custodian.name if asset.custodian_id else "",
        "department": asset.department.name if asset.department_id else "",
        "location": asset.location,
        "status": asset.status,
    }


def _row(asset: Any) -> list[str]:
    line = _line(asset)
    return [cell(column, line[column.key]) for column in COLUMNS]


def table(actor: Actor, filters: dict[str, Any]) -> exports.Table:
    """The ledger's lines matching ``filters`` (the keyword arguments of ``ledger.assets``),
    marked with the highest level among them (CLS-MARK)."""
    require(actor, Permission.MANAGE_DEVICES)
    found = ledger.assets(actor, **filters)
    person = getattr(actor, "person", None)
    organisation = person.organisation.name if person is not None else ""
    assets = list(found)
    return exports.Table(
        title=_("Equipment ledger"),
        organisation=organisation,
        period=f"{timezone.localdate():%Y-%m-%d}",
        columns=[(c.key, str(c.header)) for c in COLUMNS],
        rows=[_row(asset) for asset in assets],
        signature_columns=(_("Checked by"),),
        level=paper.highest(asset.level for asset in assets),
    )


def export(actor: Actor, filters: dict[str, Any], file_format: str) -> exports.Export:
    """The ledger as an .xlsx or PDF file (``file_format``: ``xlsx`` or ``pdf``); the export is
    recorded in the audit log with the format, the filters and the number of lines (a search
    text only as ``true``: it may be an asset's number or serial)."""
    exports.require_format(file_format)
    printed = table(actor, filters)
    exported = exports.export_file(
        printed, file_format, export_name(str(printed.title), file_format)
    )
    with transaction.atomic():
        record_event(
            actor=actor,
            action=EXPORTED,
            data={
                "format": file_format,
                "filters": {
                    k: True if k == "search" else v
                    for k, v in filters.items()
                    if v not in (None, "")
                },
                "lines": len(printed.rows),
            },
        )
    return exported
