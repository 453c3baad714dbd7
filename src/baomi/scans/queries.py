"""Reads of scan records, for the security office only (READ_SCAN_REPORTS): the masked
findings still say where marked files lie, so they are themselves sensitive.

A role without the permission is refused (AccessDenied) before any record is looked up, so
the refusal says nothing about which records exist. A record of another organisation answers
"not found", exactly like a missing one. Opening a record is recorded in the audit log."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from baomi.access.actor import Actor
from baomi.access.roles import Permission, require
from baomi.audit.actions import register_action
from baomi.audit.recorder import stage_event
from baomi.core.errors import NotFound
from baomi.scans.models import ScanFinding, ScanRecord, ScanSkip
from baomi.scans.policies import SCAN_RECORDS

VIEWED = register_action("scans.report_viewed", gettext_lazy("Scan report viewed"))


def scan_records(actor: Actor, *, department_id: int | None = None) -> QuerySet[ScanRecord]:
    """The scan records of the actor's organisation, newest first, optionally of one
    department."""
    require(actor, Permission.READ_SCAN_REPORTS)
    found = SCAN_RECORDS.known(actor)
    if department_id is not None:
        found = found.filter(department_id=department_id)
    return found.select_related("department", "submitted_by__person").order_by("-pk")


def scan_record(actor: Actor, record_id: int) -> ScanRecord:
    """One scan record, its read recorded; "not found" when it is missing or of another
    organisation."""
    record = scan_records(actor).filter(pk=record_id).first()
    if record is None:
        raise NotFound(_("No such scan report."))
    # Staged, not chained: a read takes no lock on the audit chain (baomi.audit.recorder).
    stage_event(actor=actor, action=VIEWED, subject=record)
    return record


def findings(record: ScanRecord, *, level: int | None = None) -> QuerySet[ScanFinding]:
    """The findings of a record obtained from ``scan_record``, in report order, optionally
    of one level."""
    found = ScanFinding.objects.filter(record=record)
    return found.filter(level=level) if level is not None else found


def skips(record: ScanRecord) -> QuerySet[ScanSkip]:
    """The skipped files of a record obtained from ``scan_record``, in report order."""
    return ScanSkip.objects.filter(record=record)
