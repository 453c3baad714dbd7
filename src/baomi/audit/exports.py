"""A register exported as a file, the export recorded in the audit log: one function for every
app's ``export_register``."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from baomi.audit.recorder import record_event
from baomi.core import exports
from baomi.core.registers import Filters, export_name


def recorded_export(
    actor: Any,
    table: exports.Table,
    file_format: str,
    *,
    action: str,
    data: dict[str, Any],
    filters: Filters | None = None,
    organisation_id: int | None = None,
) -> exports.Export:
    """``table`` as an .xlsx or PDF file named by its title (and ``filters``); the export is
    recorded in the audit log as ``action`` with ``data``, the format and the number of lines.
    The caller checks the format (``exports.require_format``) before it builds the table."""
    exported = exports.export_file(
        table, file_format, export_name(str(table.title), file_format, filters)
    )
    with transaction.atomic():
        record_event(
            actor=actor,
            action=action,
            organisation_id=organisation_id,
            data={**data, "format": file_format, "lines": len(table.rows)},
        )
    return exported
