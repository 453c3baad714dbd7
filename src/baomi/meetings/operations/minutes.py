"""The minutes of a classified meeting (MEET-MINUTES): a classified item of the meeting's
level kept by a named custodian; whoever reads them — the custodian too — first has the
office director's approval, used up by the reading, and each reading is logged.

- ``record_minutes`` (MANAGE_MEETINGS): once the meeting opened, once per meeting; the
  custodian is cleared for the meeting's level (CLS-MAC).
- ``request_reading``: the reader asks for themselves (cleared for the level, CLS-MAC); the
  approvers are the rule's ``approvers`` (the office director) found in the chart from the
  reader, who never approves their own reading (``approvals.approvers``).
- ``read_minutes``: uses one granted approval of this reader for these minutes and logs the
  reading; the text is returned by this operation only, so every reading is one approval and
  one line of the log (a page shows the text in the answer to that POST, never on a GET)."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from baomi.access.actor import Actor
from baomi.access.mac import knower
from baomi.access.roles import Permission, require
from baomi.approvals.models import ApprovalRequest
from baomi.approvals.operations import consume_approval, open_request
from baomi.audit.actions import register_action
from baomi.audit.operation import operation
from baomi.audit.recorder import record_event
from baomi.core.errors import AccessDenied, Conflict, NotFound
from baomi.core.levels import Level
from baomi.core.text import bounded_text
from baomi.meetings.models import Meeting, MeetingState, Minutes, MinutesReading
from baomi.meetings.operations.papers import lock_meeting
from baomi.meetings.policies import MINUTES
from baomi.meetings.queries.minutes import OPERATION, SUBJECT, reading_params
from baomi.org.models import Person
from baomi.org.posts import person_in
from baomi.rulebook import book

RULE = "MEET-MINUTES"
BODY_LENGTH = 20000

RECORDED = register_action("meetings.minutes_recorded", gettext_lazy("Meeting minutes recorded"))
READ = register_action("meetings.minutes_read", gettext_lazy("Meeting minutes read"))


def _cleared(meeting: Meeting, person: Person) -> None:
    """CLS-MAC: ``person`` is active and cleared for the meeting's level."""
    book.require(
        meeting.organisation_id,
        "CLS-MAC",
        person.is_active and person.clearance >= meeting.level,
        _("%(name)s is not cleared for %(level)s items.")
        % {"name": person.name, "level": Level(meeting.level).label},
    )


@operation
def record_minutes(*, actor: Actor, meeting_id: int, custodian_id: int, body: str) -> Minutes:
    """Record the meeting's minutes and who keeps them (MEET-MINUTES): once the meeting has
    opened, once; the custodian is cleared for the meeting's level (CLS-MAC)."""
    require(actor, Permission.MANAGE_MEETINGS)
    body = bounded_text(body, "body", BODY_LENGTH, required=True, multiline=True)
    meeting = lock_meeting(actor, meeting_id)
    book.require(
        meeting.organisation_id,
        RULE,
        meeting.state in (MeetingState.OPEN, MeetingState.ENDED, MeetingState.CLOSED),
        _("Minutes are recorded once the meeting has opened."),
        conflict=True,
    )
    if Minutes.objects.filter(meeting=meeting).exists():
        raise Conflict(_("The minutes of this meeting are recorded already."))
    custodian = person_in(meeting.organisation_id, custodian_id)
    _cleared(meeting, custodian)
    minutes = Minutes.objects.create(
        meeting=meeting,
        custodian=custodian,
        body=body,
        recorded_by=actor,
        recorded_at=timezone.now(),
    )
    record_event(
        actor=actor,
        action=RECORDED,
        subject=minutes,
        organisation_id=meeting.organisation_id,
        # The body is never in the audit log: it is classified at the meeting's level.
        data={
            "meeting": meeting.pk,
            "custodian": custodian.pk,
            "length": len(body),
            "rules": [RULE],
        },
    )
    return minutes


def _minutes(actor: Actor, minutes_id: Any, *, lock: bool = False) -> tuple[Minutes, Person]:
    """The minutes ``actor`` may know (``MINUTES``) and the reader, cleared for their level
    (CLS-MAC); "not found" otherwise."""
    reader = knower(actor)
    if reader is None:
        raise AccessDenied(_("Your role does not permit this operation."))
    qs = MINUTES.known(actor).select_related("meeting")
    if lock:
        qs = qs.select_for_update(of=("self",))
    found = qs.filter(pk=minutes_id).first() if isinstance(minutes_id, int) else None
    if found is None:
        raise NotFound(_("No such minutes."))
    _cleared(found.meeting, reader)
    return found, reader


@operation
def request_reading(*, actor: Actor, minutes_id: int, reason: str = "") -> ApprovalRequest:
    """Ask to read the minutes (MEET-MINUTES): the office director approves, never the reader
    themselves; the reader is cleared for the meeting's level (CLS-MAC)."""
    require(actor, Permission.REQUEST_APPROVAL)
    minutes, reader = _minutes(actor, minutes_id)
    reason = bounded_text(reason, "reason", 300)
    return open_request(
        actor=actor,
        rule_id=RULE,
        operation_name=OPERATION,
        subject=(SUBJECT, minutes.pk),
        params=reading_params(reader),
        reason=reason,
    )


@operation
def read_minutes(*, actor: Actor, minutes_id: int) -> str:
    """Read the minutes (MEET-MINUTES): uses one granted approval of this reader for them —
    refused without one — logs the reading and returns the text. Each reading needs its own
    approval (none where the organisation switched the rule off; the reading is logged)."""
    require(actor, Permission.KNOW_ITEMS)
    minutes, reader = _minutes(actor, minutes_id, lock=True)
    org = minutes.meeting.organisation_id
    approval = consume_approval(
        actor=actor,
        rule_id=RULE,
        operation_name=OPERATION,
        subject=(SUBJECT, minutes.pk),
        params=reading_params(reader),
    )
    reading = MinutesReading.objects.create(
        minutes=minutes, reader=reader, approval=approval, read_at=timezone.now()
    )
    record_event(
        actor=actor,
        action=READ,
        subject=minutes,
        organisation_id=org,
        data={
            "meeting": minutes.meeting_id,
            "reading": reading.pk,
            "approval": approval.pk if approval else None,
            "rules": [RULE],
        },
    )
    return minutes.body
