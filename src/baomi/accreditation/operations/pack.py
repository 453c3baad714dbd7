"""The evidence pack's export, recorded in the audit log (a read, but an export: who took
which registers out, as every register export is)."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy

from baomi.access.actor import Actor
from baomi.accreditation.models import Standard
from baomi.audit.actions import register_action
from baomi.audit.recorder import record_event

PACK_EXPORTED = register_action(
    "accreditation.pack_exported", gettext_lazy("Accreditation evidence pack exported")
)


def record_pack(
    actor: Actor, organisation_id: int, standard: Standard, data: dict[str, Any]
) -> None:
    """Record the export of ``standard``'s evidence pack with ``data`` (its chapters,
    files, registers and bytes)."""
    with transaction.atomic():
        record_event(
            actor=actor,
            action=PACK_EXPORTED,
            subject=standard,
            organisation_id=organisation_id,
            data={"standard_id": standard.pk, "version": standard.version, **data},
        )
