"""JSON routes of the security files' posts, vettings, signed papers and clearance history
(PPL-VET, PPL-CLASS).

- ``GET/POST /classified-posts``, ``PUT /classified-posts/{id}``,
  ``POST /classified-posts/{id}/deactivate``: the organisation's posts (the office changes
  them; every knowing person reads them).
- ``POST /people/{id}/posts`` appoints to a post; ``POST /post-holdings/{id}/end`` ends it;
  ``GET /people/{id}/posts`` lists them.
- ``GET/POST /people/{id}/vettings``; ``GET/POST /people/{id}/papers``;
  ``GET /people/{id}/clearance-history``.

A file is read by the office (any person of its organisation) and by the person (their own);
anyone else, and another organisation's person, is "not found". A scan is sent base64-encoded
(``scan``, with ``scan_name``) within the API's request size (Django's
``DATA_UPLOAD_MAX_MEMORY_SIZE``, 413 beyond), or left out and ``kept_in`` given; the answers
say only whether a paper has a scan (``has_scan``): the page downloads it."""

from __future__ import annotations

import base64
import binascii
from datetime import date, datetime
from typing import Annotated, Any

from django.http import HttpRequest
from ninja import Router, Schema, Status
from pydantic import BeforeValidator, Field, WithJsonSchema

from baomi.core.inputs import Id, Line, Text, number
from baomi.people.models import ClassifiedPost, DocumentKind, VettingResult
from baomi.people.operations import papers as paper_operations
from baomi.people.operations import posts as operations
from baomi.people.operations import vetting as vetting_operations
from baomi.people.operations._papers import MAX_KEPT_IN, MAX_NAME, MAX_VERSION, scan_max_bytes
from baomi.people.queries import papers as paper_queries
from baomi.people.queries import posts as queries
from baomi.people.queries import vetting as vetting_queries

router = Router(tags=["people"])


class ClassifiedPostIn(Schema):
    name: Line = Field(max_length=100)
    clearance: int = number(ClassifiedPost, "clearance", ge=2, le=4)
    department_id: Id | None = None
    duties: Text = Field("", max_length=500)


class ClassifiedPostOut(Schema):
    id: int
    name: str
    clearance: int
    department_id: int | None
    duties: str
    active: bool
    holders: int = 0


class AppointIn(Schema):
    post_id: Id
    since: date


class EndHoldingIn(Schema):
    until: date | None = None


class PostHoldingOut(Schema):
    id: int
    person_id: int
    post_id: int
    post_name: str = Field(alias="post.name")
    since: date
    until: date | None


class VettingIn(Schema):
    """``items`` maps each checklist item's key (GET /vetting-items) to ``{"ok": true|false,
    "note": "..."}``; a failed vetting is recorded too."""

    reviewer_id: Id
    reviewed_on: date
    result: VettingResult
    items: dict[str, Any]
    note: Text = Field("", max_length=500)
    post_id: Id | None = None


class VettingOut(Schema):
    id: int
    person_id: int
    post_id: int | None
    reviewer_id: int
    reviewed_on: date
    result: str
    items: dict[str, Any]
    note: str
    recorded_at: datetime


class VettingItemOut(Schema):
    key: str
    text: str


def _scan_text(value: Any) -> Any:
    """A base64 text no longer than the largest scan encodes to (422 before decoding)."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise ValueError("the scan is a base64 text")
    if len(value) > (scan_max_bytes() + 2) // 3 * 4:
        raise ValueError("the scanned file is too large")
    try:
        return base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError):
        raise ValueError("the scan is not valid base64") from None


Scan = Annotated[
    bytes | None,
    BeforeValidator(_scan_text),
    WithJsonSchema({"type": "string", "format": "base64", "nullable": True}),
]


class PaperIn(Schema):
    """A confidentiality agreement or a responsibility letter the person signed: the scan
    (``scan``, base64 of a PDF, JPEG or PNG) or where the paper is kept (``kept_in``), or
    both. The commitment letter on leaving is recorded with the exit case."""

    kind: DocumentKind
    signed_on: date
    version: Line = Field(max_length=MAX_VERSION)
    kept_in: Line = Field("", max_length=MAX_KEPT_IN)
    scan: Scan = None
    scan_name: Line | None = Field(None, max_length=MAX_NAME)


class PaperOut(Schema):
    id: int
    person_id: int
    kind: str
    signed_on: date
    version: str
    kept_in: str
    scan_name: str
    scan_type: str
    has_scan: bool
    recorded_at: datetime

    @staticmethod
    def resolve_has_scan(obj: Any) -> bool:
        return bool(obj.scan_type)


class ClearanceChangeOut(Schema):
    id: int
    person_id: int
    old: int
    new: int
    changed_by_id: int | None
    changed_at: datetime


@router.get("/classified-posts", response=list[ClassifiedPostOut])
def classified_posts(request: HttpRequest) -> Any:
    """The organisation's classified posts with how many hold each now."""
    return queries.posts(request.auth)


@router.post("/classified-posts", response={201: ClassifiedPostOut})
def create_post(request: HttpRequest, payload: ClassifiedPostIn) -> Any:
    """Create a classified post (the security office)."""
    return Status(201, operations.create_post(actor=request.auth, **payload.dict()))


@router.put("/classified-posts/{post_id}", response=ClassifiedPostOut)
def update_post(request: HttpRequest, post_id: Id, payload: ClassifiedPostIn) -> Any:
    """Change a classified post (the security office; PPL-CLASS when a holder's clearance
    would no longer cover it)."""
    return operations.update_post(actor=request.auth, post_id=post_id, **payload.dict())


@router.post("/classified-posts/{post_id}/deactivate", response=ClassifiedPostOut)
def deactivate_post(request: HttpRequest, post_id: Id) -> Any:
    """Deactivate a post nobody holds (409 while someone does)."""
    return operations.deactivate_post(actor=request.auth, post_id=post_id)


@router.get("/people/{person_id}/posts", response=list[PostHoldingOut])
def holdings(request: HttpRequest, person_id: Id) -> Any:
    queries.file_person(request.auth, person_id)
    return queries.holdings_of(request.auth, person_id)


@router.post("/people/{person_id}/posts", response={201: PostHoldingOut})
def appoint(request: HttpRequest, person_id: Id, payload: AppointIn) -> Any:
    """Appoint the person to a classified post: 403 with ``rule`` PPL-VET naming what is
    missing (a passed vetting, a signed agreement), or PPL-CLASS (set the clearance first)."""
    return Status(
        201, operations.appoint(actor=request.auth, person_id=person_id, **payload.dict())
    )


@router.post("/post-holdings/{holding_id}/end", response=PostHoldingOut)
def end_holding(request: HttpRequest, holding_id: Id, payload: EndHoldingIn) -> Any:
    return operations.end_holding(actor=request.auth, holding_id=holding_id, **payload.dict())


@router.get("/vetting-items", response=list[VettingItemOut])
def vetting_items(request: HttpRequest) -> Any:
    """The checklist of a vetting: each item's key and text."""
    return [{"key": key, "text": text} for key, text in vetting_queries.VETTING_ITEMS]


@router.get("/people/{person_id}/vettings", response=list[VettingOut])
def vettings(request: HttpRequest, person_id: Id) -> Any:
    queries.file_person(request.auth, person_id)
    return vetting_queries.vettings_of(request.auth, person_id)


@router.post("/people/{person_id}/vettings", response={201: VettingOut})
def record_vetting(request: HttpRequest, person_id: Id, payload: VettingIn) -> Any:
    """Record a vetting of the person (the security office, never one's own)."""
    return Status(
        201,
        vetting_operations.record_vetting(
            actor=request.auth, person_id=person_id, **payload.dict()
        ),
    )


@router.get("/people/{person_id}/papers", response=list[PaperOut])
def papers(request: HttpRequest, person_id: Id) -> Any:
    queries.file_person(request.auth, person_id)
    return paper_queries.papers_of(request.auth, person_id)


@router.post("/people/{person_id}/papers", response={201: PaperOut})
def record_paper(request: HttpRequest, person_id: Id, payload: PaperIn) -> Any:
    """Record a paper the person signed (the security office, never one's own): 422 naming
    ``scan`` (too large, not a PDF, JPEG or PNG), ``kept_in`` (neither given), ``version``,
    ``signed_on`` (in the future) or ``kind`` (the commitment letter)."""
    return Status(
        201,
        paper_operations.record_paper(actor=request.auth, person_id=person_id, **payload.dict()),
    )


@router.get("/people/{person_id}/clearance-history", response=list[ClearanceChangeOut])
def clearance_history(request: HttpRequest, person_id: Id) -> Any:
    queries.file_person(request.auth, person_id)
    return vetting_queries.clearance_history(request.auth, person_id)
