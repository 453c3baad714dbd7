"""Loss and leaks (RULES.md §6, LOSS-REPORT): the report at once, the written report and
the investigation within their deadlines, a lost copy found again."""

from __future__ import annotations

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from baomi.access.actor import Actor
from baomi.access.roles import Permission, require
from baomi.audit.actions import register_action
from baomi.audit.operation import operation
from baomi.audit.recorder import record_event
from baomi.carriers import losses
from baomi.carriers.models import HELD_STATES, Copy, CopyState, Document, LossReport
from baomi.carriers.operations._common import (
    end_custody,
    ids_of,
    knows_all,
    lock_copies,
    lock_copy,
    lock_register_row,
    me,
    move,
    now,
    require_state,
)
from baomi.core.errors import InvalidInput, NotFound
from baomi.rulebook import book

LOSS_REPORTED = register_action("carriers.loss_reported", gettext_lazy("Loss or leak reported"))
LOSS_PROGRESS = register_action(
    "carriers.loss_progress", gettext_lazy("Loss report progress recorded")
)
FOUND = register_action("carriers.found_again", gettext_lazy("Lost copy found again"))


@operation
def report_loss(
    *,
    actor: Actor,
    copy_ids: list[int],
    discovered_at: datetime.datetime,
    circumstances: str,
    leak: bool = False,
) -> LossReport:
    """报告: anyone who may know a missing or leaked copy reports it at once (LOSS-REPORT).
    The written report is due LOSS-REPORT.report_hours after the discovery, the
    investigation's result LOSS-REPORT.investigation_days after it; the copies are lost
    (nobody holds them) until found again."""
    require(actor, Permission.KNOW_ITEMS)
    copies = lock_copies(actor, copy_ids)
    for copy in copies:
        require_state(copy, *HELD_STATES, CopyState.ARCHIVED, rule_id="LOSS-REPORT")
    at = now()
    if not isinstance(discovered_at, datetime.datetime) or timezone.is_naive(discovered_at):
        raise InvalidInput(_("Give the date and time of the discovery."), field="discovered_at")
    if discovered_at > at:
        raise InvalidInput(_("The discovery cannot lie in the future."), field="discovered_at")
    if not (circumstances or "").strip():
        raise InvalidInput(_("Describe the circumstances."), field="circumstances")
    org = copies[0].organisation_id
    hours = book.param(org, "LOSS-REPORT", "report_hours")
    days = book.param(org, "LOSS-REPORT", "investigation_days")
    report = LossReport.objects.create(
        organisation_id=org,
        leak=bool(leak),
        discovered_at=discovered_at,
        reported_at=at,
        reported_by=actor,
        circumstances=circumstances.strip(),
        written_due_at=discovered_at + datetime.timedelta(hours=hours),
        investigation_due_at=discovered_at + datetime.timedelta(days=days),
    )
    report.copies.set(copies)
    for copy in copies:
        move(
            copy,
            actor=actor,
            action="lost",
            state=CopyState.LOST,
            holder=None,
            person=me(actor),
            note=str(report.pk),
            at=at,
        )
    # INC-RECORD: the apps above open what the loss opens (an incident), in this transaction.
    losses.reported(actor=actor, report=report, copies=copies)
    record_event(
        actor=actor,
        action=LOSS_REPORTED,
        subject=report,
        data={"copies": ids_of(copies), "leak": bool(leak), "rule": "LOSS-REPORT"},
    )
    return report


@operation
def record_loss_progress(
    *,
    actor: Actor,
    report_id: int,
    written: bool = False,
    remedies: str = "",
    findings: str = "",
    concluded: bool = False,
    reported_upward: bool = False,
) -> LossReport:
    """The security officer records how a loss is handled (LOSS-REPORT): the written report
    filed, the remedies taken, the findings, the investigation concluded (with findings),
    reported upward; each step is stamped with its time once.

    Permission SET_CLEARANCE: the security officer's own permission over people and their
    clearances, which a loss investigation ends in (sanctions, clearance); READ_SCAN_REPORTS,
    the officer's other exclusive permission, is a read of scan findings, not a write."""
    require(actor, Permission.SET_CLEARANCE)
    report = lock_register_row(
        LossReport, me(actor).organisation_id, report_id, _("No such loss report.")
    )
    if not knows_all(actor, Document.objects.filter(copies__in=report.copies.all())):
        raise NotFound(_("No such loss report."))
    remedies, findings = (remedies or "").strip(), (findings or "").strip()
    if not (written or remedies or findings or concluded or reported_upward):
        raise InvalidInput(_("Record at least one step."), field="written")
    book.require(
        report.organisation_id,
        "LOSS-REPORT",
        report.concluded_at is None or not (findings or concluded),
        _("The investigation has already been concluded."),
        conflict=True,
    )
    at = now()
    fields = []
    if remedies:
        report.remedies = remedies
        fields.append("remedies")
    if findings:
        report.findings = findings
        fields.append("findings")
    if concluded and not report.findings:
        raise InvalidInput(_("Record the findings of the investigation."), field="findings")
    for flag, field in (
        (written, "written_at"),
        (concluded, "concluded_at"),
        (reported_upward, "reported_upward_at"),
    ):
        if flag and getattr(report, field) is None:
            setattr(report, field, at)
            fields.append(field)
    report.save(update_fields=fields)
    record_event(
        actor=actor,
        action=LOSS_PROGRESS,
        subject=report,
        data={
            "steps": sorted(fields),
            "written_late": bool(written and report.written_at > report.written_due_at),
            "concluded_late": bool(concluded and report.concluded_at > report.investigation_due_at),
            "rule": "LOSS-REPORT",
        },
    )
    return report


@operation
def found_again(*, actor: Actor, copy_id: int) -> Copy:
    """A lost copy is found: back with its custodian (LOSS-REPORT); a period away from the
    custodian during which it was lost ends now. The report stays open for investigation."""
    require(actor, Permission.REGISTER_ITEMS)
    copy = lock_copy(actor, copy_id)
    require_state(copy, CopyState.LOST, rule_id="LOSS-REPORT")
    at = now()
    end_custody(copy, actor, at)
    move(
        copy,
        actor=actor,
        action="found",
        state=CopyState.WITH_CUSTODIAN,
        holder=copy.custodian,
        person=copy.custodian,
        at=at,
    )
    record_event(actor=actor, action=FOUND, subject=copy, data={"rule": "LOSS-REPORT"})
    return copy
