"""JSON routes of the audit log, for the auditor (READ_AUDIT, CHECKPOINT_AUDIT): the events,
the state of the chain, and signing a checkpoint. Every other role is refused (403)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from pydantic import model_validator

from baomi.audit import operations, queries, signing
from baomi.audit.models import Outcome
from baomi.core.inputs import Id, Line, Offset, page
from baomi.kit.pages import attachment

router = Router(tags=["audit"])


class EventOut(Schema):
    """One event as hashed into the chain, with its hash and its action's label."""

    seq: int
    at: datetime
    actor_id: int | None
    actor: str
    organisation_id: int | None
    action: str
    action_label: str
    outcome: Outcome
    subject_type: str
    subject_id: str
    data: dict[str, Any]
    hash: str


class EventPage(Schema):
    """One page; ``next_offset`` is the offset of the next page, or null on the last one (no
    total: the log grows by every read and every change)."""

    next_offset: int | None
    items: list[EventOut]


class EventFilter(Schema):
    actor_id: Id | None = Field(None, description="The acting account")
    person_id: Id | None = Field(None, description="Any account of this person")
    action: Line = ""
    outcome: Outcome | None = Field(None, description="``denied`` lists the refusals")
    subject_type: Line = Field("", description="e.g. carriers.document; with subject_id")
    subject_id: Line = ""
    date_from: date | None = None
    date_to: date | None = None
    limit: int = Field(100, ge=1, le=1000)
    offset: Offset = 0

    @model_validator(mode="after")
    def _subject_whole(self) -> EventFilter:
        if bool(self.subject_type) != bool(self.subject_id):
            raise ValueError("subject_type and subject_id go together")
        return self


class CheckpointOut(Schema):
    """A signed checkpoint, as ``baomi audit checkpoint`` prints it: verifiable offline."""

    seq: int
    hash: str
    at: str
    public_key: str
    signature: str


class StatusOut(Schema):
    ok: bool
    events: int
    head_seq: int
    head_hash: str
    broken_seq: int | None
    reason: str
    unchained: int = Field(description="reads staged and not yet chained (each checked)")
    unchained_oldest_age_seconds: float | None = Field(
        description="the age of the oldest of them, in seconds"
    )
    last_checkpoint: CheckpointOut | None


@router.get("/events", response=EventPage)
def events(request: HttpRequest, filters: Query[EventFilter]) -> Any:
    """The audit log, newest first, filtered, one page at a time (``limit``, ``offset``;
    ``next_offset`` null on the last page). Refusals are events too (``outcome=denied``)."""
    subject = (filters.subject_type, filters.subject_id) if filters.subject_type else None
    found = queries.events(
        request.auth,
        actor_id=filters.actor_id,
        person_id=filters.person_id,
        action=filters.action or None,
        outcome=filters.outcome,
        subject=subject,
        date_from=filters.date_from,
        date_to=filters.date_to,
    )
    found_page = page(found, filters)
    return {**found_page, "items": [queries.event_record(e) for e in found_page["items"]]}


class LogExportFilter(Schema):
    date_from: date
    date_to: date
    format: Literal["xlsx", "chain"] = Field(
        "xlsx", description="``xlsx``: a workbook; ``chain``: a .zip that verifies offline"
    )


@router.get("/export", response={200: None})
def export(request: HttpRequest, filters: Query[LogExportFilter]) -> HttpResponse:
    """The events of a period (both dates included) as a file: a workbook of the log, or the
    chain from the last signed checkpoint before the period to its end, with that checkpoint,
    which ``baomi audit verify`` checks offline. Recorded in the log."""
    exported = operations.export_log(
        actor=request.auth,
        date_from=filters.date_from,
        date_to=filters.date_to,
        file_format=filters.format,
    )
    return attachment(exported.content, exported.filename, exported.content_type)


@router.get("/status", response=StatusOut)
def status(request: HttpRequest) -> Any:
    """Whether the chain verifies now (the first broken event and why, if not), and the
    latest signed checkpoint."""
    found = queries.chain_status(request.auth)
    checkpoint = found.last_checkpoint
    return {
        **found.verdict.as_dict(),
        "reason": found.verdict.explain(_),
        "last_checkpoint": signing.document(checkpoint) if checkpoint else None,
    }


@router.post("/checkpoints", response={201: CheckpointOut})
def create_checkpoint(request: HttpRequest) -> Any:
    """Sign the chain's head with the installation's Ed25519 key; keep the answer outside
    the machine to detect a later truncation or rewrite."""
    return Status(201, signing.document(operations.create_checkpoint(actor=request.auth)))


# Mounted by baomi.api under /api/v1.
ROUTERS = [("/audit", router)]
