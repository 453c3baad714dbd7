"""Reads of documents, always filtered by what the asking person may know (CLS-MAC)."""

from __future__ import annotations

import functools
from typing import Any

from django.db.models import F, Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from baomi.access.actor import Actor
from baomi.access.mac import Knowing
from baomi.access.policy import known_rows
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
    return known_rows(
        actor,
        "carriers.documents",
        _known_rows,
        limit=limit,
        offset=offset,
        search=search,
        level=level,
    )


# The columns of a document in a list.
COLUMNS = ("id", "number", "title", "issuer", "level", "term_years", "registered_at")


def _known_rows(knowing: Knowing, search: str, level: int | None) -> QuerySet[Any]:
    return _narrowed(DOCUMENTS.known_to(knowing), search, level).values(*COLUMNS)


def document(actor: Actor, document_id: int) -> Document:
    """One document, its read recorded; "not found" when it is missing or not knowable."""
    doc = DOCUMENTS.known(actor).filter(pk=document_id).first()
    if doc is None:
        raise NotFound(_("No such document."))
    # Staged, not chained: a read takes no lock on the audit chain (baomi.audit.recorder).
    stage_event(actor=actor, action=VIEWED, subject=doc)
    return doc


def document_read(actor: Actor, document_id: int) -> dict[str, Any]:
    """``document`` as the API's detail answers it: the row (``DETAIL_COLUMNS``, the rank
    floor's key as ``rank_floor``) with its scope's ``department_ids`` and ``person_ids``, its
    read staged; "not found" when it is missing or not knowable (CLS-MAC). Three queries each
    compiled once (``core.prepared``), not built per request."""
    rows = known_rows(actor, "carriers.document", _known_row, limit=1, document_id=document_id)
    if not rows:
        raise NotFound(_("No such document."))
    row = rows[0]
    for name, column in (("department_ids", "department_id"), ("person_ids", "person_id")):
        found = prepared.rows(
            f"carriers.document.{name}",  # the column in the key: it names no parameter
            functools.partial(_scope_ids, column),
            limit=MAX_SCOPE,
            document_id=document_id,
        )
        row[name] = [scope[column] for scope in found]
    stage_event(actor=actor, action=VIEWED, subject=("carriers.document", document_id))
    return row


# The columns of a document's detail, and at most how many of each kind of scope entry it
# lists (more than any organisation has departments or a document names people).
DETAIL_COLUMNS = (*COLUMNS, "issued_by_id", "registered_by_id", "scope_all")
MAX_SCOPE = 100_000


def _known_row(knowing: Knowing, document_id: int) -> QuerySet[Any]:
    return (
        DOCUMENTS.known_to(knowing)
        .filter(pk=document_id)
        .values(*DETAIL_COLUMNS, rank_floor=F("scope_rank_floor__key"))
    )


_SCOPES = {
    "department_id": Document.scope_departments.through,
    "person_id": Document.scope_people.through,
}


def _scope_ids(column: str, document_id: int) -> QuerySet[Any]:
    """The ids of one kind of a known document's scope (``column`` names the kind)."""
    return _SCOPES[column].objects.filter(document_id=document_id).order_by(column).values(column)


def lock_document(actor: Actor, document_id: int) -> Document:
    """Lock a document row for an operation; "not found" when the actor may not know it."""
    doc = DOCUMENTS.known(actor).filter(pk=document_id).select_for_update(of=("self",)).first()
    if doc is None:
        raise NotFound(_("No such document."))
    return doc
