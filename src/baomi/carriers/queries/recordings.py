"""Reads of recordings (AV-RECORD): what a recording is, for a document the reader may know
(CLS-MAC); the list of recordings is the recordings register (``carriers.registers``)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from baomi.access.actor import Actor
from baomi.carriers.models import RecordingDetails
from baomi.carriers.policies import DOCUMENTS
from baomi.core.errors import NotFound


def recording(actor: Actor, document_id: int) -> RecordingDetails:
    """The recording details of a document ``actor`` may know; "not found" when the document
    is missing, not knowable or no recording."""
    found = (
        RecordingDetails.objects.select_related("document", "speaker")
        .filter(document_id=document_id, document__in=DOCUMENTS.known(actor).values("pk"))
        .first()
    )
    if found is None:
        raise NotFound(_("No such recording."))
    return found


def recording_of(document_id: int) -> RecordingDetails | None:
    """The recording details of a document already read through CLS-MAC (its detail page),
    or None when it is no recording."""
    return (
        RecordingDetails.objects.select_related("speaker").filter(document_id=document_id).first()
    )
