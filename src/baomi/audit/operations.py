"""Changes the audit trail itself makes: signing a checkpoint of the chain."""

from __future__ import annotations

import functools
import io
import json
import zipfile
from datetime import date
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from baomi.access.actor import Actor
from baomi.access.roles import Permission, require, require_or_installer
from baomi.audit import queries, signing, verification
from baomi.audit.actions import register_action
from baomi.audit.models import Checkpoint
from baomi.audit.operation import operation
from baomi.audit.recorder import lock_head, record_event
from baomi.core import exports
from baomi.core.errors import InvalidInput

CHECKPOINT_CREATED = register_action(
    "audit.checkpoint_created", gettext_lazy("Audit checkpoint signed")
)


@operation
def create_checkpoint(*, actor: Actor | None) -> Checkpoint:
    """Sign the chain's head with the installation's Ed25519 key and keep the checkpoint
    (auditor; ``actor=None`` is the operator's shell). The checkpoint covers the chain up to
    the event before its own ``audit.checkpoint_created`` event.

    Once committed, the checkpoint is also written to the checkpoint directory: outside the
    database it still shows what the chain was when the checkpoint rows, or the chain's tail,
    are rewritten. A file that cannot be written raises OSError (the checkpoint is kept in the
    database all the same)."""
    require_or_installer(actor, Permission.CHECKPOINT_AUDIT)
    head = lock_head()
    at = timezone.now()
    signed = signing.sign(seq=head.seq, digest=head.hash, at=at)
    checkpoint = Checkpoint.objects.create(
        seq=head.seq,
        hash=head.hash,
        at=at,
        signature=signed["signature"],
        public_key=signed["public_key"],
    )
    record_event(
        actor=actor,
        action=CHECKPOINT_CREATED,
        subject=checkpoint,
        data={"seq": head.seq, "hash": head.hash, "public_key": signed["public_key"]},
    )
    directory = Path(settings.AUDIT_CHECKPOINT_DIR)
    transaction.on_commit(functools.partial(signing.write_file, directory, signed))
    return checkpoint


LOG_EXPORTED = register_action("audit.log_exported", gettext_lazy("Audit log exported"))
XLSX, CHAIN = "xlsx", "chain"
# The most events one spreadsheet holds: a longer period is exported in parts.
MAX_ROWS = 50_000


@operation
def export_log(*, actor: Actor, date_from: date, date_to: date, file_format: str) -> exports.Export:
    """The events of a period (local dates, both ends included) as the auditor keeps them:
    ``xlsx``, a workbook of what the log page shows, or ``chain``, a .zip that verifies offline
    (``baomi audit verify --file events.jsonl --checkpoint checkpoint-….json``): the chain from
    the newest signed checkpoint before the period to its last event, with that checkpoint.
    Recorded in the log with the period, the format and the number of events."""
    require(actor, Permission.READ_AUDIT)
    if file_format not in (XLSX, CHAIN):
        raise InvalidInput(_("Export as xlsx or chain."), field="format")
    if date_to < date_from:
        raise InvalidInput(_("The period ends before it starts."), field="until")
    period = queries.period_seqs(actor, date_from, date_to)
    if period is None:
        raise InvalidInput(_("No event was recorded in this period."), field="since")
    if file_format == XLSX:
        found = queries.events(actor, date_from=date_from, date_to=date_to)
        count = found.count()
        if count > MAX_ROWS:
            raise InvalidInput(
                _("The period holds %(count)s events; export at most %(max)s at a time.")
                % {"count": count, "max": MAX_ROWS},
                field="since",
            )
        content = exports.to_xlsx(_table(actor, found.reverse(), date_from, date_to))
        content_type, suffix = exports.CONTENT_TYPES[exports.XLSX], "xlsx"
    else:
        content, count = _chain_zip(actor, *period)
        content_type, suffix = "application/zip", "zip"
    record_event(
        actor=actor,
        action=LOG_EXPORTED,
        data={
            "since": date_from.isoformat(),
            "until": date_to.isoformat(),
            "format": file_format,
            "events": count,
        },
    )
    name = _("audit-log")
    return exports.Export(
        content, content_type, f"{name}_{date_from:%Y%m%d}-{date_to:%Y%m%d}.{suffix}"
    )


def _table(actor: Actor, found: Any, date_from: date, date_to: date) -> exports.Table:
    person = getattr(actor, "person", None)
    rows = [
        [
            str(r["seq"]),
            f"{r['when']:%Y-%m-%d %H:%M:%S}",
            r["name"],
            r["actor"],
            r["action_label"],
            r["outcome_label"],
            r["subject_label"],
            json.dumps(r["data"], ensure_ascii=False, sort_keys=True),
            r["hash"],
        ]
        for r in queries.readable(found)
    ]
    return exports.Table(
        title=str(_("Audit log")),
        organisation=person.organisation.name if person else "",
        period=f"{date_from:%Y-%m-%d} – {date_to:%Y-%m-%d}",
        columns=[
            ("seq", str(_("No."))),
            ("at", str(_("Time"))),
            ("name", str(_("Who"))),
            ("username", str(_("Username"))),
            ("action", str(_("Action"))),
            ("outcome", str(_("Outcome"))),
            ("subject", str(_("Item"))),
            ("data", str(_("Details"))),
            ("hash", str(_("Hash"))),
        ],
        rows=rows,
    )


def _chain_zip(actor: Actor, first: int, last: int) -> tuple[bytes, int]:
    """A zip of the chain's events after the anchoring checkpoint up to ``last``, the
    checkpoint, and how to verify them; refused when the events include another
    organisation's (the chain is one for the installation)."""
    if queries.foreign_events(actor, first, last):
        raise InvalidInput(
            _(
                "This part of the chain holds events of other organisations; the installation's "
                "operator exports it (baomi audit export)."
            ),
            field="format",
        )
    start = queries.anchor(first - 1)
    since = start.seq if start else 0
    lines = list(verification.export(since=since, until=last))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("events.jsonl", "".join(line + "\n" for line in lines))
        command = "baomi audit verify --file events.jsonl"
        if start is not None:
            document = signing.document(start)
            name = signing.file_name(document)
            archive.writestr(name, json.dumps(document, indent=2))
            command += f" --checkpoint {name}"
        archive.writestr("VERIFY.txt", command + "\n")
    return buffer.getvalue(), len(lines)
