"""Filing a report of ``baomi scan`` as a scan record (the only change of this app)."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from baomi.access.actor import Actor
from baomi.access.mac import knower
from baomi.access.roles import Permission, require
from baomi.audit.actions import register_action
from baomi.audit.operation import operation
from baomi.audit.recorder import record_event
from baomi.core.errors import AccessDenied, InvalidInput, NotFound
from baomi.org.models import Department
from baomi.scans.models import ScanFinding, ScanRecord, ScanSkip
from baomi.scans.report import LEVELS, read_report

FILED = register_action("scans.report_filed", gettext_lazy("Scan report filed"))
BATCH = 2000


@operation
def file_scan_report(*, actor: Actor, department_id: int, report: list[Any]) -> ScanRecord:
    """File the JSON report of ``baomi scan`` (one object per line, as ``--json`` prints it) as
    a scan record of a department of the actor's organisation, with its findings and skipped
    files as rows; the actor is who ran the scan. Any knowing role may file one (staff check
    their own computers, clerks and the security office inspect); the record is audited
    without its findings, which only the security office reads (``scans.queries``).

    A malformed, oversized or unsupported report is refused with InvalidInput; a department
    of another organisation is "not found" like a missing one."""
    require(actor, Permission.FILE_SCAN_REPORT)
    person = knower(actor)
    if person is None:  # an account whose person has left files nothing
        raise AccessDenied(_("Your role does not permit this operation."))
    if isinstance(department_id, bool) or not isinstance(department_id, int):
        raise InvalidInput(_("Name the department by its id."), field="department_id")
    department = Department.objects.filter(
        organisation_id=person.organisation_id, pk=department_id
    ).first()
    if department is None:
        raise NotFound(_("No such department."))
    parsed = read_report(report)
    summary = parsed.summary
    record = ScanRecord.objects.create(
        organisation_id=person.organisation_id,
        department=department,
        host=summary.host,
        started_at=parsed.started_at,
        finished_at=parsed.finished_at,
        paths=summary.paths,
        keyword_list=summary.keyword_list,
        keyword_list_sha256=summary.keyword_list_sha256,
        files_scanned=summary.files_scanned,
        files_cached=summary.files_cached,
        bytes_scanned=summary.bytes_scanned,
        finding_count=summary.findings,
        skipped_count=summary.skipped,
        by_level=summary.by_level,
        report_version=summary.report_version,
        submitted_by=actor,
        submitted_at=timezone.now(),
    )
    ScanFinding.objects.bulk_create(
        (
            ScanFinding(
                record=record,
                path=f.path,
                format=f.format,
                kind=f.kind,
                match=f.match,
                level=LEVELS[f.level] if f.level else None,
                location=f.location,
                snippet=f.snippet,
            )
            for f in parsed.findings
        ),
        batch_size=BATCH,
    )
    ScanSkip.objects.bulk_create(
        (ScanSkip(record=record, path=s.path, reason=s.reason) for s in parsed.skipped),
        batch_size=BATCH,
    )
    record_event(
        actor=actor,
        action=FILED,
        subject=record,
        data={
            # Not the host: a computer's name is often its asset number (audit bodies hold
            # ids, never an item's identifying text); the record keeps it.
            "department_id": department.pk,
            "findings": summary.findings,
            "skipped": summary.skipped,
            "by_level": summary.by_level,
            "keyword_list_sha256": summary.keyword_list_sha256,
            "report_version": summary.report_version,
        },
    )
    return record
