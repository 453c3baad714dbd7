"""JSON routes of the secrecy review before release (PUB-REVIEW). Files are sent as multipart
form data (field ``file``, at most PUBLICATION_MAX_BYTES; a .docx, .xlsx, PDF or text file,
recognised by its bytes). The operations make every check: a refusal by the rule answers 403
naming PUB-REVIEW (or ROLE-SEPARATION), a step out of order 409, bad input 422 naming the field;
a submission the caller may not know answers 404 like a missing one."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import HttpRequest
from ninja import File, Form, Query, Router, Schema, Status
from ninja.files import UploadedFile
from pydantic import Field

from baomi.core.inputs import Id, Line, Offset, Text, text
from baomi.publication.models import Kind, Submission, SubmissionState, Verdict
from baomi.publication.operations import _files
from baomi.publication.operations import review as ops
from baomi.publication.queries import review as queries

router = Router(tags=["publication"])


class SubmissionIn(Schema):
    kind: Kind
    title: Line = text(Submission, "title", min_length=1)
    outlet: Line = text(Submission, "outlet", min_length=1)
    purpose: Line = text(Submission, "purpose", "")


class ScannerFindingOut(Schema):
    kind: str
    match: str
    level: str
    location: str
    snippet: str


class ReviewOut(Schema):
    reviewer_id: int
    reviewed_at: datetime
    verdict: str
    findings_text: str
    changes_required: str
    justifications: list[str]


class VersionOut(Schema):
    id: int
    number: int
    filename: str
    content_type: str
    size: int
    sha256: str
    uploaded_at: datetime
    findings: list[ScannerFindingOut]
    skipped: list[str]
    approval_id: int | None
    review: ReviewOut | None = None

    @staticmethod
    def resolve_review(version: Any) -> Any:
        return queries.review_of(version)


class SubmissionOut(Schema):
    id: int
    kind: str
    title: str
    outlet: str
    purpose: str
    department_id: int
    submitted_by_id: int
    submitted_at: datetime
    state: str
    status: str
    released_version_id: int | None
    released_sha256: str
    released_at: datetime | None
    released_by_id: int | None

    @staticmethod
    def resolve_status(item: Submission) -> str:
        return queries.status(item)


class SubmissionDetailOut(SubmissionOut):
    versions: list[VersionOut]
    next_steps: list[str]


class ReviewIn(Schema):
    verdict: Verdict
    findings_text: Text = Field("", max_length=ops.MAX_TEXT)
    changes_required: Text = Field("", max_length=ops.MAX_TEXT)
    justifications: list[Text] = Field(default_factory=list, max_length=1000)
    version_number: int | None = Field(None, ge=1, le=2**31 - 1)


class ReleasedOut(Schema):
    id: int
    title: str
    outlet: str
    released_at: datetime | None
    released_by_id: int | None


class VerifyOut(Schema):
    sha256: str
    size: int
    released: list[ReleasedOut]
    submitted: int


def _read(file: UploadedFile) -> tuple[bytes, str]:
    limit = _files.max_bytes()
    if file.size is not None and file.size > limit:
        raise _files.too_large()
    return file.read(limit + 1), file.name or ""


def _detail(request: HttpRequest, submission_id: int) -> Submission:
    item = queries.submission(request.auth, submission_id)
    item.next_steps = queries.next_steps(request.auth, item)  # type: ignore[attr-defined]
    return item


@router.post("/publication/submissions", response={201: SubmissionDetailOut})
def submit(request: HttpRequest, payload: Form[SubmissionIn], file: File[UploadedFile]) -> Any:
    """Submit one's own department's material for the secrecy review (multipart: the fields
    and ``file``); the file is scanned at once (``versions[0].findings``)."""
    content, name = _read(file)
    item = ops.submit(actor=request.auth, file=content, filename=name, **payload.dict())
    return Status(201, _detail(request, item.pk))


class SubmissionQuery(Schema):
    state: SubmissionState | None = None
    mine: bool = False
    offset: Offset = 0
    limit: int = Field(queries.PAGE_SIZE, ge=1, le=queries.MAX_PAGE_SIZE)


@router.get("/publication/submissions", response=list[SubmissionOut])
def submissions(request: HttpRequest, query: Query[SubmissionQuery]) -> Any:
    """The submissions the caller may know (their own; the reviewers' organisation's; those
    they are asked to approve), newest first: ``limit`` (50, at most 100) from ``offset``."""
    found = queries.submissions(request.auth, state=query.state or "", mine=query.mine)
    return list(found[query.offset : query.offset + query.limit])


@router.get("/publication/submissions/{submission_id}", response=SubmissionDetailOut)
def submission(request: HttpRequest, submission_id: Id) -> Any:
    """One submission with its versions (hash, findings, review) and ``next_steps``."""
    return _detail(request, submission_id)


@router.post(
    "/publication/submissions/{submission_id}/versions", response={201: SubmissionDetailOut}
)
def add_version(request: HttpRequest, submission_id: Id, file: File[UploadedFile]) -> Any:
    """The submitter sends a new version (multipart ``file``), scanned again; an approval of
    an earlier version is withdrawn."""
    content, name = _read(file)
    ops.add_version(actor=request.auth, submission_id=submission_id, file=content, filename=name)
    return Status(201, _detail(request, submission_id))


@router.post("/publication/submissions/{submission_id}/review", response=SubmissionDetailOut)
def review(request: HttpRequest, submission_id: Id, payload: ReviewIn) -> Any:
    """The reviewer's verdict on the latest version: 403 PUB-REVIEW to clear a version with
    scanner findings without a justification for each; 403 ROLE-SEPARATION on one's own."""
    ops.review(actor=request.auth, submission_id=submission_id, **payload.dict())
    return _detail(request, submission_id)


@router.post("/publication/submissions/{submission_id}/release", response=SubmissionDetailOut)
def release(request: HttpRequest, submission_id: Id) -> Any:
    """Record the release of the latest version: 403 PUB-REVIEW unless it was cleared and
    approved for exactly its hash."""
    ops.release(actor=request.auth, submission_id=submission_id)
    return _detail(request, submission_id)


@router.post("/publication/submissions/{submission_id}/withdraw", response=SubmissionDetailOut)
def withdraw(request: HttpRequest, submission_id: Id) -> Any:
    ops.withdraw_submission(actor=request.auth, submission_id=submission_id)
    return _detail(request, submission_id)


@router.post("/publication/verify", response=VerifyOut)
def verify(request: HttpRequest, file: File[UploadedFile]) -> Any:
    """Whether a file (multipart ``file``) is exactly a released version: its SHA-256 and the
    released submissions the caller may know with that hash."""
    content, _name = _read(file)
    return queries.verify(request.auth, content)
