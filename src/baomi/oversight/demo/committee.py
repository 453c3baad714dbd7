"""The demo's security committee (COMMITTEE): this year's first meeting, held in March, with
the chair (李志强), the members 张秀英, 陈静 and 孙立 (the security office's head, who records
it) present and 朱琳 (staff) invited; it decided two things — the media register brought up
to date by 朱琳, done and verified by the security office, and the annual confidentiality
commitments re-signed under 陈静, still open. The second
meeting of the year is not held, so the deadline flags it (due by 31 December)."""

from __future__ import annotations

import datetime

from django.utils import timezone

from baomi.oversight.operations import committee as ops
from baomi.oversight.operations import rectifications
from baomi.seams.demo import Demo

AGENDA = "一、通报上年度保密自查情况；二、部署本年度保密工作要点；三、研究涉密载体管理整改事项。"
MINUTES = (
    "会议由主任委员李志强主持。保密办公室通报了上年度自查发现的问题，"
    "会议研究确定了本年度保密工作要点，并对整改事项作出决定。"
)


def build(demo: Demo) -> None:
    if not demo.created:
        return
    officer = demo.accounts.get("secofficer")
    staff = demo.accounts.get("staff")
    if officer is None or staff is None:
        return
    people = demo.people
    today = timezone.localdate()
    attendees = [people[n].pk for n in ("A002", "A003", "B001", "C001", "E004") if n in people]
    meeting = ops.record_meeting(
        actor=officer,
        held_on=min(today, datetime.date(today.year, 3, 20)),
        agenda=AGENDA,
        minutes=MINUTES,
        attendee_ids=attendees,
        decisions=[
            {
                "text": "各部门对移动存储介质重新造册登记，补贴密级标识。",
                "owner_id": staff.person_id,
                "due": today + datetime.timedelta(days=10),
            },
            {
                "text": "组织全体涉密人员重新签订年度保密承诺书。",
                "owner_id": people["B001"].pk,
                "due": today + datetime.timedelta(days=20),
            },
        ],
    )
    first = meeting.decisions.order_by("pk").first()
    task = first.rectification if first is not None else None
    if task is not None:
        rectifications.mark_done(
            actor=staff, rectification_id=task.pk, note="已完成介质重新登记并补贴标识。"
        )
        rectifications.verify(
            actor=officer, rectification_id=task.pk, accept=True, note="抽查台账与实物一致。"
        )
