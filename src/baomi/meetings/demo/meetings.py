"""The demo's classified meetings (MEET-ATTEND, MEET-PHONES, MEET-SWEEP), in 保密会议室 (the
secure areas' demo puts it on the list; without it there is no venue and nothing is built):

- 年度保密工作部署会 (SECRET), held last week: organised by 李志强 for 总经理办公室, listed
  by the clerk 杨帆, the list approved by the security officer 孙立, the venue checked and the
  phones collected before it, everyone signed in, ended, swept and closed (recorded today,
  after the fact: opening, sign-in and the end carry today's time);
- 技术方案评审会 (CONFIDENTIAL), in three days: organised by 蒋涛 for 技术部, its list drawn
  up by the clerk and awaiting approval — the director's (蒋涛) or the security officer's.

``demo.parts["meetings"]`` keeps both for the papers' and minutes' demo."""

from __future__ import annotations

import datetime

from django.utils import timezone

from baomi.areas.models import AreaKind, SecureArea
from baomi.core.levels import Level
from baomi.meetings.models import CheckKind
from baomi.meetings.operations import meetings as ops
from baomi.org.models import Department
from baomi.seams.demo import Demo

VENUE = "保密会议室"


def _at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def build(demo: Demo) -> None:
    if not demo.created:
        return
    organisation_id = demo.organisation.pk
    venue = SecureArea.objects.filter(
        organisation_id=organisation_id, name=VENUE, kind=AreaKind.MEETING_ROOM, active=True
    ).first()
    if venue is None:
        return
    clerk, officer = demo.accounts["clerk"], demo.accounts["secofficer"]
    people = demo.people
    departments = dict(
        Department.objects.filter(organisation_id=organisation_id).values_list("name", "pk")
    )
    today = timezone.localdate()

    held_day = today - datetime.timedelta(days=7)
    held = ops.create_meeting(
        actor=clerk,
        title="年度保密工作部署会",
        level=Level.SECRET,
        organiser_id=people["A002"].pk,
        department_id=departments["总经理办公室"],
        venue_id=venue.pk,
        starts_at=_at(held_day, 9, 30),
        ends_at=_at(held_day, 11, 30),
    )
    listed = ["A002", "B001", "C001", "E001", "D001"]
    for number in listed:
        ops.add_attendee(actor=clerk, meeting_id=held.pk, person_id=people[number].pk)
    ops.approve_list(actor=officer, meeting_id=held.pk)
    ops.record_check(
        actor=clerk,
        meeting_id=held.pk,
        kind=CheckKind.VENUE,
        checked_by_id=people["C001"].pk,
        findings="门窗、屏蔽设施、干扰器正常；无无线设备、无录音录像设备。",
        checked_at=_at(held_day, 8, 30),
    )
    ops.record_check(
        actor=clerk,
        meeting_id=held.pk,
        kind=CheckKind.PHONES,
        checked_by_id=people["B002"].pk,
        findings="收存手机5部，存放于会议室门外手机柜（上锁），会后发还。",
        checked_at=_at(held_day, 9, 20),
    )
    ops.open_meeting(actor=clerk, meeting_id=held.pk)
    for number in listed:
        ops.sign_in(actor=clerk, meeting_id=held.pk, person_id=people[number].pk)
    ops.end_meeting(actor=clerk, meeting_id=held.pk)
    ops.record_check(
        actor=clerk,
        meeting_id=held.pk,
        kind=CheckKind.SWEEP,
        checked_by_id=people["C001"].pk,
        findings="会场检查完毕，无遗留文件、记录本及其他涉密载体。",
    )
    ops.close_meeting(actor=clerk, meeting_id=held.pk)

    coming_day = today + datetime.timedelta(days=3)
    coming = ops.create_meeting(
        actor=clerk,
        title="技术方案评审会",
        level=Level.CONFIDENTIAL,
        organiser_id=people["E001"].pk,
        department_id=departments["技术部"],
        venue_id=venue.pk,
        starts_at=_at(coming_day, 14, 30),
        ends_at=_at(coming_day, 16, 30),
    )
    for number in ("E001", "E002", "E003", "E004"):
        ops.add_attendee(actor=clerk, meeting_id=coming.pk, person_id=people[number].pk)
    demo.parts["meetings"] = {"held": held, "coming": coming}
