"""Reads of documents, always filtered by what the asking person may know (CLS-MAC)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from baomi.access.actor import Actor
from baomi.access.mac import Knowing, knower, knowing_filter
from baomi.audit.actions import register_action
from baomi.audit.recorder import stage_event
from baomi.carriers.models import Document
from baomi.carriers.policies import DOCUMENTS
from baomi.core import prepared
from baomi.core.errors import NotFound

VIEWED = register_action("carriers.document_viewed", gettext_lazy("Document viewed"))


def documents(actor: Actor, *, search: str = "", level: int | None = None) -> QuerySet[Document]:
    """The documents ``actor`` may know, newest first; ``search`` matches number or title."""
    return _narrowed(DOCUMENTS.known(actor), search, level)


def _narrowed(qs: QuerySet[Document], search: str, level: int | None) -> QuerySet[Document]:
    if search:
        qs = qs.filter(Q(number__icontains=search) | Q(title__icontains=search))
    if level is not None:
        qs = qs.filter(level=level)
    return qs.order_by("-pk")


def documents_page(
    actor: Actor, *, search: str = "", level: int | None = None, offset: int, limit: int
) -> list[dict[str, Any]]:
    """``documents`` from ``offset``, at most ``limit``, as rows of ``columns``: the query
    the list route runs on every request, compiled once per shape (``core.prepared``) with
    the person's CLS-MAC values (``Knowing``) as its parameters."""
    person = knower(actor)
    if person is None:
        return []
    return prepared.rows(
        "carriers.documents",
        _known_rows,
        limit=limit,
        offset=offset,
        knowing=Knowing.of(person),
        search=search,
        level=level,
    )


# The columns of a document in a list.
COLUMNS = ("id", "number", "title", "issuer", "level", "term_years", "registered_at")


def _known_rows(knowing: Knowing, search: str, level: int | None) -> QuerySet[Any]:
    known = Document._default_manager.filter(knowing_filter(knowing, Document))
    return _narrowed(known, search, level).values(*COLUMNS)


def document(actor: Actor, document_id: int) -> Document:
    """One document, its read recorded; "not found" when it is missing or not knowable."""
    doc = DOCUMENTS.known(actor).filter(pk=document_id).first()
    if doc is None:
        raise NotFound(_("No such document."))
    # Staged, not chained: a read takes no lock on the audit chain (baomi.audit.recorder).
    stage_event(actor=actor, action=VIEWED, subject=doc)
    return doc


def lock_document(actor: Actor, document_id: int) -> Document:
    """Lock a document row for an operation; "not found" when the actor may not know it."""
    doc = DOCUMENTS.known(actor).filter(pk=document_id).select_for_update(of=("self",)).first()
    if doc is None:
        raise NotFound(_("No such document."))
    return doc
