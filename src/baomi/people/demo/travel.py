"""The demo's travel abroad (PPL-ABROAD): 朱琳 (staff) went to Singapore for a conference —
approved by her head of department and the leader in charge, briefed by the security officer,
her passport handed out and back, returned early and reported (all today: a request is never
for past days); 沈阳's request, recorded by the security office, waits for 蒋涛 (director) and
杨帆's own request (core) for the head of the organisation (leader), so those logins have it in
their inbox. The office keeps the three passports."""

from __future__ import annotations

import datetime

from django.utils import timezone

from baomi.accounts.models import Account
from baomi.approvals import operations as approvals
from baomi.people.operations import travel as ops
from baomi.seams.demo import Demo


def _grant(request_id: int, steps: list[int]) -> None:
    """Each approver (by person) approves the request in turn."""
    for person_id in steps:
        approver = Account.objects.filter(person_id=person_id, is_active=True).first()
        approvals.decide(actor=approver, request_id=request_id, approve=True)


def build(demo: Demo) -> None:
    if not demo.created:
        return
    officer = demo.accounts["secofficer"]
    staff, clerk = demo.accounts["staff"], demo.accounts["clerk"]
    people = demo.people
    today = timezone.localdate()
    passports = {
        number: ops.register_passport(
            actor=officer, person_id=people[number].pk, number=passport, expires=expires
        )
        for number, passport, expires in (
            ("E004", "E58213476", datetime.date(today.year + 6, 5, 31)),
            ("E002", "E39127750", datetime.date(today.year + 3, 11, 30)),
            ("B002", "E77410263", datetime.date(today.year + 8, 2, 28)),
        )
    }
    trip = ops.request_travel(
        actor=staff,
        destination="新加坡",
        purpose="参加国际学术会议并作报告",
        departs=today,
        returns=today + datetime.timedelta(days=5),
    )
    _grant(trip.approval_id, [s.approver_id for s in trip.approval.steps.order_by("order")])
    ops.record_briefing(
        actor=officer,
        travel_id=trip.pk,
        briefing="不携带涉密载体出境；不在境外谈论工作秘密；遇策反、询问及时报告。",
    )
    ops.hand_out_passport(actor=officer, passport_id=passports["E004"].pk, travel_id=trip.pk)
    ops.depart(actor=staff, travel_id=trip.pk)
    ops.record_return(actor=staff, travel_id=trip.pk)
    ops.return_passport(actor=officer, passport_id=passports["E004"].pk)
    ops.file_report(
        actor=staff,
        travel_id=trip.pk,
        report="会议期间未携带涉密资料，未接触可疑人员，无需报告的事项。",
    )
    ops.request_travel(
        actor=officer,
        person_id=people["E002"].pk,
        destination="德国慕尼黑",
        purpose="设备验收培训",
        departs=today + datetime.timedelta(days=20),
        returns=today + datetime.timedelta(days=30),
    )
    ops.request_travel(
        actor=clerk,
        destination="中国香港",
        purpose="探亲",
        departs=today + datetime.timedelta(days=40),
        returns=today + datetime.timedelta(days=45),
    )
