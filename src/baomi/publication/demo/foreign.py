"""The demo's foreign press and visits (PRESS-FOREIGN): a foreign news agency's phone interview,
recorded and refused; a visit of a foreign trade delegation, approved by the head of the
organisation with its talking points, scope and route, hosted by 朱琳."""

from __future__ import annotations

import datetime

from django.utils import timezone

from baomi.accounts.models import Account
from baomi.approvals import operations as approvals
from baomi.publication.models import ForeignKind
from baomi.publication.operations import foreign as ops
from baomi.seams.demo import Demo


def build(demo: Demo) -> None:
    if not demo.created:
        return
    officer, staff = demo.accounts["secofficer"], demo.accounts["staff"]
    today = timezone.localdate()
    ops.record_foreign(
        actor=staff,
        kind=ForeignKind.PHONE,
        party="某境外通讯社",
        country="美国",
        contact="来电自称驻京记者",
        subject="询问新产品研发进度及合作单位",
        starts=today,
    )
    visit = ops.record_foreign(
        actor=officer,
        kind=ForeignKind.VISIT,
        party="德国工商代表团",
        country="德国",
        contact="市商务局外事处陪同",
        subject="参观公司展厅和生产线，洽谈销售合作",
        starts=today + datetime.timedelta(days=7),
        talking_points="介绍公司概况、已公开上市的产品和销售合作意向；不涉及研发项目、客户名单和技术参数。",
        scope="一楼展厅、一号装配车间（参观通道内）、三楼会议室",
        route="东门—一楼展厅—一号车间参观通道—三楼会议室—东门",
        host_ids=[staff.person_id],
    )
    for step in visit.approval.steps.order_by("order"):
        approver = Account.objects.filter(person_id=step.approver_id, is_active=True).first()
        approvals.decide(actor=approver, request_id=visit.approval_id, approve=True)
