"""Reads of the outgoing workflow (JOURNEYS §2): an outgoing document's print run
(PRINT-REGISTER), its printed copies and its sealed file copy (OUT-FILE). Everything is
read through CLS-MAC: nothing for a document the actor may not know."""

from __future__ import annotations

from django.db.models import QuerySet

from baomi.access.actor import Actor
from baomi.carriers.models import Copy, Document, PrintRun
from baomi.carriers.policies import DOCUMENTS
from baomi.carriers.queries.copies import known_copies


def printed_copies(actor: Actor, document_id: int) -> QuerySet[Copy]:
    """The copies printed of a document (reproductions left out), by number."""
    return (
        known_copies(actor).filter(document_id=document_id, reproduced_from=None).order_by("number")
    )


def file_copy(actor: Actor, document_id: int) -> Copy | None:
    """The copy sealed as the file copy of a document, if any."""
    return known_copies(actor).filter(document_id=document_id, timeline__action="sealed").first()


def sources(actor: Actor, document: Document) -> tuple[list[Document], int]:
    """The documents ``document`` was derived from (CLS-DERIVE) that the actor may know, by
    number, and how many others it has: those are counted, never named (a reader of the
    derived document need not be in its sources' scopes)."""
    every = document.sources.order_by("number")
    known = list(every.filter(pk__in=DOCUMENTS.known(actor).values("pk")))
    return known, every.count() - len(known)


def print_run(actor: Actor, document_id: int) -> PrintRun | None:
    """The print register's line of a document, if it was printed."""
    visible = DOCUMENTS.known(actor).filter(pk=document_id).values("pk")
    return (
        PrintRun.objects.filter(document__in=visible)
        .select_related("printed_by", "proofread_by", "recorded_by")
        .first()
    )
