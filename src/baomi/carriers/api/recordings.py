"""JSON routes of recordings (录音录像, AV-RECORD): registering one with what it is, and
reading what a recording is. Their list is the recordings register (``/registers``)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from baomi.carriers.api.documents import DocumentDetail
from baomi.carriers.api.schemas import Id, text
from baomi.carriers.models import Document, RecordingDetails, RecordingFormat, RecordingMedium
from baomi.carriers.operations import recordings as operations
from baomi.carriers.operations.recordings import MAX_MINUTES
from baomi.carriers.queries import recordings as queries
from baomi.core.inputs import Line

router = Router(tags=["recordings"])


class RecordingIn(Schema):
    number: Line = text(Document, "number")
    title: Line = text(Document, "title", description="What the recording holds")
    level: int | None = Field(
        None, description="1 internal … 4 top secret: never public (AV-RECORD, CLS-MARK)"
    )
    term_years: int | None = Field(
        None, ge=0, le=32767, description="Protection term (CLS-MARK, CLS-TERM)"
    )
    speaker_id: Id | None = Field(None, description="The leader speaking, if any")
    occasion: Line = text(RecordingDetails, "occasion")
    recorded_on: date
    medium: RecordingMedium
    format: RecordingFormat
    duration_minutes: int = Field(ge=1, le=MAX_MINUTES)
    copies: int = Field(1, ge=1, le=999)
    named_people_ids: list[Id] = []
    department_ids: list[Id] = []


class RecordingOut(Schema):
    document_id: int
    number: str
    title: str
    level: int
    speaker_id: int | None
    speaker: str
    occasion: str
    recorded_on: date
    medium: RecordingMedium
    format: RecordingFormat
    duration_minutes: int
    copies: int

    @staticmethod
    def resolve_number(r: Any) -> str:
        return r.document.number

    @staticmethod
    def resolve_title(r: Any) -> str:
        return r.document.title

    @staticmethod
    def resolve_level(r: Any) -> int:
        return r.document.level

    @staticmethod
    def resolve_speaker(r: Any) -> str:
        return r.speaker.name if r.speaker else ""

    @staticmethod
    def resolve_copies(r: Any) -> int:
        return r.document.copies_count


@router.post("", response={201: DocumentDetail})
def register_recording(request: HttpRequest, payload: RecordingIn) -> Any:
    """Register a recording with what it is and its copies (AV-RECORD): never public (403,
    ``rule`` = AV-RECORD), and only by the designated department (the general office by
    default; anyone else: 403 AV-RECORD). Level, term and scope as for every document."""
    return Status(201, operations.register_recording(actor=request.auth, **payload.dict()))


@router.get("/{document_id}", response=RecordingOut)
def get_recording(request: HttpRequest, document_id: Id) -> Any:
    """What a recording is: 404 when the document is missing, not knowable or no recording."""
    return queries.recording(request.auth, document_id)
