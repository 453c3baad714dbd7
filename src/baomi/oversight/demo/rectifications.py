"""The demo's rectifications (INSP-RECTIFY): one from last month, done by its owner and
verified by the security office (closed), and one whose due date has passed without being
done — overdue ten days, so it is escalated to its department's head and the security office
and shows on their home pages."""

from __future__ import annotations

import datetime

from django.utils import timezone

from baomi.oversight.operations import rectifications as ops
from baomi.seams.demo import Demo


def build(demo: Demo) -> None:
    if not demo.created:
        return
    officer = demo.accounts.get("secofficer")
    staff = demo.accounts.get("staff")
    if officer is None or staff is None:
        return
    today = timezone.localdate()
    closed = ops.open_rectification(
        actor=officer,
        owner_id=staff.person_id,
        due=today + datetime.timedelta(days=14),
        rule_id="MEDIA-REGISTERED",
        description="两个移动存储介质未造册登记：补登并贴标识。",
    )
    ops.mark_done(actor=staff, rectification_id=closed.pk, note="已补登介质台账并粘贴密级标识。")
    ops.verify(actor=officer, rectification_id=closed.pk, accept=True, note="现场核对无误。")
    ops.open_rectification(
        actor=None,
        organisation_id=demo.organisation.pk,
        owner_id=staff.person_id,
        due=today - datetime.timedelta(days=10),
        rule_id="LOAN-DUE",
        description="个人手中涉密纸质文件未及时清退：清理并交回保密室。",
    )
