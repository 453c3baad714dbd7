"""The register of cleared people (涉密人员名册) exported by the security office: the export
is recorded in the audit log with its format, filters and number of lines."""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from baomi.access.actor import Actor
from baomi.audit.actions import register_action
from baomi.audit.operation import operation
from baomi.audit.recorder import record_event
from baomi.core import exports
from baomi.core.registers import export_name
from baomi.people.queries import roster

REGISTER_EXPORTED = register_action(
    "people.register_exported", gettext_lazy("Register of cleared people exported")
)


@operation
def export_register(
    *, actor: Actor, filters: roster.Filters | None = None, file_format: str
) -> exports.Export:
    """The register of cleared people the list's ``filters`` select as an .xlsx or PDF file
    (the security office only, PPL-CLASS); audited with the format, the filters and the
    number of lines."""
    roster.require_office(actor)
    exports.require_format(file_format)
    table = roster.register_table(actor, filters)
    exported = exports.export_file(table, file_format, export_name(str(table.title), file_format))
    record_event(
        actor=actor,
        action=REGISTER_EXPORTED,
        organisation_id=actor.person.organisation_id,
        data={
            "format": file_format,
            "filters": (filters or roster.Filters()).as_data(),
            "lines": len(table.rows),
        },
    )
    return exported
