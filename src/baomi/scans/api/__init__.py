"""JSON routes of scan records: filing a report of ``baomi scan`` (any knowing role) and
reading the records (the security office only, READ_SCAN_REPORTS; 403 for every other role,
404 for a record of another organisation, with the same body as a missing one)."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import HttpError
from pydantic import TypeAdapter
from pydantic import ValidationError as PydanticValidationError

from baomi.core.errors import InvalidInput
from baomi.core.inputs import Id, Offset, page
from baomi.core.levels import Level
from baomi.scans import operations, queries

router = Router(tags=["scans"])

# A report may hold 100,000 findings: more than Django's limit for a request body that it
# reads itself (DATA_UPLOAD_MAX_MEMORY_SIZE), so the filing route reads its body, up to this.
MAX_BODY_BYTES = 64 * 1024 * 1024
_DEPARTMENT_ID = TypeAdapter(Id)


class ScanReportIn(Schema):
    department_id: Id = Field(description="The department whose computer was scanned")
    report: list[dict[str, Any]] = Field(
        description="The objects that 'baomi scan --json' prints, one per line, in order: "
        "findings, skipped files, and the summary last"
    )


class ScanRecordOut(Schema):
    id: int
    host: str
    department_id: int
    department: str
    started_at: datetime
    finished_at: datetime
    submitted_by_id: int
    submitted_by: str
    submitted_at: datetime
    keyword_list: str
    keyword_list_sha256: str
    files_scanned: int
    files_cached: int
    bytes_scanned: int
    findings: int = Field(alias="finding_count")
    skipped: int = Field(alias="skipped_count")
    by_level: dict[str, int]
    report_version: int

    @staticmethod
    def resolve_department(record: Any) -> str:
        return record.department.name

    @staticmethod
    def resolve_submitted_by(record: Any) -> str:
        return record.submitted_by.username


class SkippedOut(Schema):
    path: str
    reason: str


class ScanRecordDetail(ScanRecordOut):
    paths: list[str]
    skipped_files: list[SkippedOut]

    @staticmethod
    def resolve_skipped_files(record: Any) -> Any:
        return queries.skips(record)


class ScanRecordPage(Schema):
    """One page; ``next_offset`` is the offset of the next page, or null on the last one."""

    next_offset: int | None
    items: list[ScanRecordOut]


class RecordFilter(Schema):
    department_id: Id | None = None
    limit: int = Field(50, ge=1, le=500)
    offset: Offset = 0


class FindingOut(Schema):
    path: str
    format: str
    kind: str
    match: str
    level: int | None
    level_label: str | None
    location: str
    snippet: str

    @staticmethod
    def resolve_level_label(finding: Any) -> str | None:
        return None if finding.level is None else str(Level(finding.level).label)


class FindingPage(Schema):
    """One page; ``next_offset`` is the offset of the next page, or null on the last one."""

    next_offset: int | None
    items: list[FindingOut]


class FindingFilter(Schema):
    level: int | None = Field(None, ge=Level.INTERNAL, le=Level.TOP_SECRET)
    limit: int = Field(500, ge=1, le=5000)
    offset: Offset = 0


def _payload(request: HttpRequest) -> dict[str, Any]:
    """The JSON body, read here up to MAX_BODY_BYTES (413 beyond)."""
    body = request.read(MAX_BODY_BYTES + 1)
    if len(body) > MAX_BODY_BYTES:
        raise HttpError(
            413,
            _("The report is larger than %(n)d MB: scan fewer paths per report.")
            % {"n": MAX_BODY_BYTES // 2**20},
        )
    try:
        payload = json.loads(body)
    except ValueError:
        raise InvalidInput(_("The request body is not JSON.")) from None
    if not isinstance(payload, dict):
        raise InvalidInput(_("Send an object with department_id and report."))
    return payload


@router.post(
    "",
    response={201: ScanRecordOut},
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": ScanReportIn.model_json_schema()}},
        }
    },
)
def file_scan_report(request: HttpRequest) -> Any:
    """File the JSON report of ``baomi scan`` as a scan record of ``department_id``, run by the
    caller (``baomi scan --upload`` sends it). A malformed report, one of an unsupported
    ``report_version`` or with more than 100,000 findings is 422 naming the line; a body over
    64 MB is 413."""
    payload = _payload(request)
    try:  # an id no row can have is invalid input, not a database overflow
        department_id = _DEPARTMENT_ID.validate_python(payload.get("department_id"), strict=True)
    except PydanticValidationError:
        raise InvalidInput(_("Name the department by its id."), field="department_id") from None
    created = operations.file_scan_report(
        actor=request.auth,
        department_id=department_id,
        report=payload.get("report"),
    )
    return Status(201, created)


@router.get("", response=ScanRecordPage)
def list_scan_records(request: HttpRequest, filters: Query[RecordFilter]) -> Any:
    """The scan records of the caller's organisation, newest first (security office)."""
    found = queries.scan_records(request.auth, department_id=filters.department_id)
    return page(found, filters)


@router.get("/{record_id}", response=ScanRecordDetail)
def get_scan_record(request: HttpRequest, record_id: Id) -> Any:
    """One scan record with its paths and skipped files; the read is recorded."""
    return queries.scan_record(request.auth, record_id)


@router.get("/{record_id}/findings", response=FindingPage)
def list_findings(request: HttpRequest, record_id: Id, filters: Query[FindingFilter]) -> Any:
    """The findings of a scan record in report order, optionally of one level; the read is
    recorded."""
    found = queries.findings(queries.scan_record(request.auth, record_id), level=filters.level)
    return page(found, filters)


# Mounted by baomi.api under /api/v1.
ROUTERS = [("/scans", router)]
