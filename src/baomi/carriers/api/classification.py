"""JSON routes of classification work (定密管理): the catalogue of what is secret
(CLS-CATALOG), the yearly review (CLS-REVIEW), downgrade, declassification and term changes by
approval (CLS-TERM), notices of changes (CLS-NOTIFY). Lists hold only documents the caller may
know, and one they may not know answers 404 like a missing one (CLS-MAC)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status

from baomi.approvals.api import RequestOut
from baomi.carriers.api.documents import DocumentPage
from baomi.carriers.api.schemas import Id, ReasonIn
from baomi.carriers.models import CatalogueEntry, ChangeKind
from baomi.carriers.operations import classification
from baomi.carriers.queries import classification as queries
from baomi.core.inputs import Line, Offset, Text, page, text
from baomi.core.levels import Level

router = Router(tags=["classification"])


class CatalogueEntryOut(Schema):
    id: int
    matter: str
    level: int
    level_label: str
    term_years: int
    examples: str
    active: bool

    @staticmethod
    def resolve_level_label(entry: Any) -> str:
        return str(Level(entry.level).label)


class CatalogueEntryIn(Schema):
    matter: Line = text(CatalogueEntry, "matter")
    level: int | None = Field(None, description="2 confidential … 4 top secret")
    term_years: int | None = Field(None, description="Within CLS-TERM's longest for the level")
    examples: Text = ""


class ChangeIn(Schema):
    """A downgrade (``to_level``, optionally ``to_term``), a declassification (to INTERNAL,
    no term) or a change of term (``to_term``)."""

    kind: ChangeKind
    to_level: int | None = None
    to_term: int | None = None
    reason: Text = ""


class ChangeOut(Schema):
    id: int
    document_id: int
    kind: ChangeKind
    from_level: int
    to_level: int
    from_term: int | None
    to_term: int | None
    reason: str
    approval_id: int | None
    decided_at: datetime


class NoticeOut(Schema):
    id: int
    document_id: int
    change_id: int | None
    text: str
    created_at: datetime
    read_at: datetime | None


class DuePage(Schema):
    limit: int = Field(50, ge=1, le=500)
    offset: Offset = 0


@router.get("/catalogue", response=list[CatalogueEntryOut])
def catalogue(request: HttpRequest, include_retired: bool = False) -> Any:
    """The organisation's catalogue of what is secret, highest level first (CLS-CATALOG):
    kinds of matters, offered to everyone who drafts or registers."""
    return queries.catalogue(request.auth, include_retired=include_retired)


@router.post("/catalogue", response={201: CatalogueEntryOut})
def add_catalogue_entry(request: HttpRequest, payload: CatalogueEntryIn) -> Any:
    """Add a matter with its level and term (CLS-CATALOG, CLS-MARK, CLS-TERM); a matter
    already listed is 409."""
    return Status(201, classification.add_catalogue_entry(actor=request.auth, **payload.dict()))


@router.post("/catalogue/{entry_id}/retire", response=CatalogueEntryOut)
def retire_catalogue_entry(request: HttpRequest, entry_id: Id) -> Any:
    """Take a matter out of use (CLS-CATALOG); once (409 after)."""
    return classification.retire_catalogue_entry(actor=request.auth, entry_id=entry_id)


@router.get("/classification/review-due", response=DocumentPage)
def review_due(request: HttpRequest, paging: Query[DuePage]) -> Any:
    """Classified documents due for their yearly review (CLS-REVIEW), longest waiting
    first."""
    return page(queries.review_due(request.auth), paging)


@router.get("/classification/term-expired", response=DocumentPage)
def term_expired(request: HttpRequest, paging: Query[DuePage]) -> Any:
    """Classified documents whose protection term has run out (CLS-TERM): to declassify or
    to extend, by approval."""
    return page(queries.term_expired(request.auth), paging)


@router.post("/documents/{document_id}/review", response={201: ChangeOut})
def review(request: HttpRequest, document_id: Id, payload: ReasonIn | None = None) -> Any:
    """The yearly review keeps the classification as it is (CLS-REVIEW); an ended term
    cannot be kept (403, CLS-TERM)."""
    change = classification.review(
        actor=request.auth, document_id=document_id, reason=payload.reason if payload else ""
    )
    return Status(201, change)


@router.post("/documents/{document_id}/reclassification-requests", response={201: RequestOut})
def request_reclassification(request: HttpRequest, document_id: Id, payload: ChangeIn) -> Any:
    """Ask the CLS-TERM approvers to approve exactly this change of level or term."""
    created = classification.request_reclassification(
        actor=request.auth, document_id=document_id, **payload.dict()
    )
    return Status(201, created)


@router.post("/documents/{document_id}/reclassify", response={201: ChangeOut})
def reclassify(request: HttpRequest, document_id: Id, payload: ChangeIn) -> Any:
    """Downgrade, declassify or change the term with a granted approval of exactly this
    change (CLS-TERM); the scope is not widened (CLS-NO-WIDEN) and everyone who holds or has
    known the document gets a notice (CLS-NOTIFY)."""
    change = classification.reclassify(
        actor=request.auth, document_id=document_id, **payload.dict()
    )
    return Status(201, change)


@router.get("/me/notices", response=list[NoticeOut])
def notices(request: HttpRequest, unread_only: bool = False) -> Any:
    """The caller's notices of changed documents they may still know, newest first
    (CLS-NOTIFY)."""
    return queries.notices(request.auth, unread_only=unread_only)


@router.post("/notices/{notice_id}/read", response=NoticeOut)
def read_notice(request: HttpRequest, notice_id: Id) -> Any:
    """Mark one's own notice read (CLS-NOTIFY); reading it again changes nothing."""
    return classification.read_notice(actor=request.auth, notice_id=notice_id)
