"""Reads of documents, always filtered by what the asking person may know (CLS-MAC)."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from baomi.access.actor import Actor
from baomi.audit.actions import register_action
from baomi.audit.recorder import stage_event
from baomi.carriers.models import Document
from baomi.carriers.policies import DOCUMENTS
from baomi.core.errors import NotFound

VIEWED = register_action("carriers.document_viewed", gettext_lazy("Document viewed"))


def documents(actor: Actor, *, search: str = "", level: int | None = None) -> QuerySet[Document]:
    """The documents ``actor`` may know, newest first; ``search`` matches number or title."""
    qs = DOCUMENTS.known(actor)
    if search:
        qs = qs.filter(Q(number__icontains=search) | Q(title__icontains=search))
    if level is not None:
        qs = qs.filter(level=level)
    return qs.order_by("-pk")


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
