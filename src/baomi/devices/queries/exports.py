"""The equipment ledger (总台账, DEV-LEDGER) as the file an office prints and keeps: an .xlsx
workbook or a PDF in the paper layout, filtered like the ledger page. Only the security
officer exports it (MANAGE_DEVICES, checked by the ledger's read); every export is recorded
in the audit log with its filters and number of lines."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from baomi.access.roles import Permission, require
from baomi.audit.actions import register_action
from baomi.audit.recorder import record_event
from baomi.core import exports
from baomi.core.errors import InvalidInput
from baomi.core.levels import Level
from baomi.devices.queries import ledger

EXPORTED = register_action("devices.ledger_exported", gettext_lazy("Equipment ledger exported"))


@dataclass(frozen=True)
class Export:
    content: bytes
    content_type: str
    filename: str


def _columns() -> list[tuple[str, str]]:
    return [
        ("number", _("Asset number")),
        ("type", _("Type")),
        ("make_model", _("Make and model")),
        ("serial", _("Serial number")),
        ("level", _("Level")),
        ("network", _("Network")),
        ("custodian", _("Custodian")),
        ("department", _("Department")),
        ("location", _("Location")),
        ("status", _("Status")),
    ]


def _row(asset: Any) -> list[str]:
    return [
        asset.number,
        asset.get_type_display(),
        asset.make_model,
        asset.serial,
        str(Level(asset.level).label),
        asset.get_network_display(),
        asset.custodian.name if asset.custodian_id else "",
        asset.department.name if asset.department_id else "",
        asset.location,
        asset.get_status_display(),
    ]


def table(actor: Any, filters: dict[str, Any]) -> exports.Table:
    """The ledger's lines matching ``filters`` (the keyword arguments of ``ledger.assets``)."""
    require(actor, Permission.MANAGE_DEVICES)
    found = ledger.assets(actor, **filters)
    person = getattr(actor, "person", None)
    organisation = person.organisation.name if person is not None else ""
    return exports.Table(
        title=_("Equipment ledger"),
        organisation=organisation,
        period=f"{timezone.localdate():%Y-%m-%d}",
        columns=_columns(),
        rows=[_row(asset) for asset in found],
        signature_columns=(_("Checked by"),),
    )


def export(actor: Any, filters: dict[str, Any], file_format: str) -> Export:
    """The ledger as an .xlsx or PDF file (``file_format``: ``xlsx`` or ``pdf``); the export is
    recorded in the audit log with the format, the filters and the number of lines (a search
    text only as ``true``: it may be an asset's number or serial)."""
    if file_format not in exports.EXPORTERS:
        raise InvalidInput(_("Export as xlsx or pdf."), field="format")
    printed = table(actor, filters)
    content = exports.export(printed, file_format)
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
    day = timezone.localdate()
    return Export(
        content=content,
        content_type=exports.CONTENT_TYPES[file_format],
        filename=f"equipment-ledger-{day:%Y%m%d}.{file_format}",
    )
