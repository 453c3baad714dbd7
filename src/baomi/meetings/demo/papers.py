"""The demo's meeting papers and minutes (MEET-DOCS, MEET-MINUTES):

- the minutes of 年度保密工作部署会 (the meetings' demo, held and closed last week), kept by
  the clerk 杨帆 — reading them asks the office director;
- 保密工作专题会 (SECRET), in session today in 保密会议室: listed, approved, checked, the
  attendees signed in, and two copies the clerk keeps handed out — one collected back, one
  still out (the meeting does not close until it is accounted for).

The copies are the clerk's, with them, at most SECRET, that the attendee may know; without
them (or without the venue) only the minutes are recorded."""

from __future__ import annotations

import datetime

from django.utils import timezone

from baomi.access.mac import can_know
from baomi.areas.models import AreaKind, SecureArea
from baomi.carriers.models import Copy, CopyState
from baomi.core.levels import Level
from baomi.meetings.demo.meetings import VENUE
from baomi.meetings.models import CheckKind
from baomi.meetings.operations import meetings as meeting_ops
from baomi.meetings.operations import minutes as minutes_ops
from baomi.meetings.operations import papers as ops
from baomi.org.models import Department, Person
from baomi.seams.demo import Demo

MINUTES = (
    "一、传达学习上级保密工作会议精神。\n"
    "二、部署本年度保密工作：涉密人员培训、涉密载体清查、要害部位检查。\n"
    "三、各部门于本月底前完成保密自查并报保密办。"
)


def build(demo: Demo) -> None:
    if not demo.created:
        return
    clerk, officer = demo.accounts["clerk"], demo.accounts["secofficer"]
    held = demo.parts.get("meetings", {}).get("held")
    if held is not None:
        minutes_ops.record_minutes(
            actor=clerk, meeting_id=held.pk, custodian_id=clerk.person_id, body=MINUTES
        )
    _today(demo, clerk, officer)


def _today(demo: Demo, clerk, officer) -> None:
    organisation_id = demo.organisation.pk
    venue = SecureArea.objects.filter(
        organisation_id=organisation_id, name=VENUE, kind=AreaKind.MEETING_ROOM, active=True
    ).first()
    people = demo.people
    # Read afresh: the demo's person objects may predate their clearances.
    wanted = [people[n].pk for n in ("A002", "C001", "D001") if n in people]
    by_pk = Person.objects.select_related("department").in_bulk(wanted)
    attendees = [by_pk[pk] for pk in wanted]
    if venue is None or not attendees:
        return
    copies = [
        c
        for c in Copy.objects.filter(
            custodian_id=clerk.person_id,
            state=CopyState.WITH_CUSTODIAN,
            document__level__lte=Level.SECRET,
            document__level__gte=Level.CONFIDENTIAL,
        )
        .select_related("document")
        .order_by("document_id", "number")
        if can_know(attendees[0], c.document)
    ]
    if len(copies) < 2:
        return
    now = timezone.localtime()
    office = Department.objects.filter(organisation_id=organisation_id, is_general_office=True)
    meeting = meeting_ops.create_meeting(
        actor=clerk,
        title="保密工作专题会",
        level=Level.SECRET,
        organiser_id=attendees[0].pk,
        department_id=office.values_list("pk", flat=True).first() or attendees[0].department_id,
        venue_id=venue.pk,
        starts_at=now + datetime.timedelta(minutes=5),
        ends_at=now + datetime.timedelta(hours=2),
    )
    for person in attendees:
        meeting_ops.add_attendee(actor=clerk, meeting_id=meeting.pk, person_id=person.pk)
    meeting_ops.approve_list(actor=officer, meeting_id=meeting.pk)
    for kind, findings in (
        (CheckKind.VENUE, "会场屏蔽设施正常，无无线设备。"),
        (CheckKind.PHONES, "收存手机3部，存放于会议室外手机柜。"),
    ):
        meeting_ops.record_check(
            actor=clerk,
            meeting_id=meeting.pk,
            kind=kind,
            checked_by_id=officer.person_id,
            findings=findings,
        )
    meeting_ops.open_meeting(actor=clerk, meeting_id=meeting.pk)
    signed = [
        meeting_ops.sign_in(actor=clerk, meeting_id=meeting.pk, person_id=p.pk) for p in attendees
    ]
    first = ops.hand_out(
        actor=clerk, meeting_id=meeting.pk, attendee_id=signed[0].pk, copy_id=copies[0].pk
    )
    ops.hand_out(actor=clerk, meeting_id=meeting.pk, attendee_id=signed[0].pk, copy_id=copies[1].pk)
    ops.collect(actor=clerk, paper_id=first.pk)
    demo.parts["meeting_papers"] = {"meeting": meeting}
