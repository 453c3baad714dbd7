"""JSON routes of documents. Every answer obeys CLS-MAC: lists, counts and searches hold only
what the caller may know, and an item they may not know is "not found" like a missing one."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status

from baomi.approvals.api import RequestOut
from baomi.carriers import operations, queries
from baomi.carriers.api.schemas import Id, text
from baomi.carriers.models import Document
from baomi.core.inputs import Line, Offset, Text, window
from baomi.core.levels import Level, label
from baomi.core.outputs import Row

router = Router(tags=["documents"])


class DocumentOut(Row):
    id: int
    number: str
    title: str
    issuer: str
    level: int
    level_label: str
    term_years: int | None
    registered_at: datetime

    @staticmethod
    def resolve_level_label(doc: Any) -> str:
        # A document, or a row of a list (queries.documents_page).
        return label(doc["level"] if isinstance(doc, dict) else doc.level)


class ScopeOut(Schema):
    """知悉范围: the whole organisation, a rank floor (its rank key: that rank and above),
    departments (with their sub-departments) and named people."""

    whole_organisation: bool
    rank_floor: str | None
    department_ids: list[int]
    person_ids: list[int]


class DocumentDetail(DocumentOut):
    issued_by_id: int | None
    registered_by_id: int
    scope: ScopeOut

    @staticmethod
    def resolve_scope(doc: Any) -> dict[str, Any]:
        if isinstance(doc, dict):  # as queries.document_read answers it
            return {
                "whole_organisation": doc["scope_all"],
                "rank_floor": doc["rank_floor"],
                "department_ids": doc["department_ids"],
                "person_ids": doc["person_ids"],
            }
        return {
            "whole_organisation": doc.scope_all,
            "rank_floor": doc.scope_rank_floor.key if doc.scope_rank_floor else None,
            "department_ids": sorted(d.pk for d in doc.scope_departments.all()),
            "person_ids": sorted(p.pk for p in doc.scope_people.all()),
        }


class DocumentPage(Schema):
    """One page; ``next_offset`` is the offset of the next page, or null on the last one
    (there is no total: counting every document the caller may know checks CLS-MAC on each)."""

    next_offset: int | None
    items: list[DocumentOut]


class DocumentFilter(Schema):
    search: Line = Field("", max_length=300, description="Part of the document number or title")
    level: int | None = Field(None, ge=Level.PUBLIC, le=Level.TOP_SECRET)
    limit: int = Field(50, ge=1, le=500)
    offset: Offset = 0


class DocumentIn(Schema):
    number: Line = text(Document, "number")
    title: Line = text(Document, "title")
    level: int | None = Field(None, description="0 public … 4 top secret (CLS-MARK)")
    term_years: int | None = Field(
        None, ge=0, le=32767, description="Protection term (CLS-MARK, CLS-TERM)"
    )
    issuer: Line = text(Document, "issuer", "")
    issued_by_id: Id | None = None
    named_people_ids: list[Id] = []
    department_ids: list[Id] = []


class ScopeRequestIn(Schema):
    person_id: Id
    reason: Text = Field("", max_length=2000)


class ScopeIn(Schema):
    person_id: Id


@router.get("", response=DocumentPage)
def list_documents(request: HttpRequest, filters: Query[DocumentFilter]) -> Any:
    """The documents the caller may know (CLS-MAC), newest first, one page at a time
    (``limit``, ``offset``; ``next_offset`` null on the last page)."""
    found = queries.documents_page(
        request.auth,
        search=filters.search,
        level=filters.level,
        offset=filters.offset,
        limit=filters.limit + 1,
    )
    return window(found, filters)


@router.get("/{document_id}", response=DocumentDetail)
def get_document(request: HttpRequest, document_id: Id) -> Any:
    """One document with its scope; the read is recorded in the audit log. 404 when it is
    missing or the caller may not know it, with the same body."""
    return queries.document_read(request.auth, document_id)


@router.post("", response={201: DocumentDetail})
def register_document(request: HttpRequest, payload: DocumentIn) -> Any:
    """Register a document with its level, protection term and scope (CLS-MARK, CLS-TERM,
    CLS-SCOPE-RANK): the scope defaults to the rank floor of its level plus the named people
    and the registering person."""
    return Status(201, operations.register_document(actor=request.auth, **payload.dict()))


@router.post("/{document_id}/scope-requests", response={201: RequestOut})
def request_scope_widening(request: HttpRequest, document_id: Id, payload: ScopeRequestIn) -> Any:
    """Ask the issuer to approve adding a cleared person to the scope (CLS-NO-WIDEN)."""
    created = operations.request_scope_widening(
        actor=request.auth,
        document_id=document_id,
        person_id=payload.person_id,
        reason=payload.reason,
    )
    return Status(201, created)


@router.post("/{document_id}/scope", response=DocumentDetail)
def widen_scope(request: HttpRequest, document_id: Id, payload: ScopeIn) -> Any:
    """Add a cleared person to the scope as a named person (security officer). At or above
    CLS-NO-WIDEN's level this uses up one granted approval; without one it is refused (403,
    ``rule`` = CLS-NO-WIDEN); a person who already knows the document is 409."""
    return operations.widen_scope(
        actor=request.auth, document_id=document_id, person_id=payload.person_id
    )
