"""The demo's incidents (INC-RECORD): no copy is reported lost in the demo, so no loss incident
is opened (a loss reported on a copy's page opens one); one minor violation this year — a
staff member of the tech department left a notebook of the department's internal notes on
their desk overnight, found at the evening check by the security officer — recorded with the
remedy (批评教育, the notebook locked away), investigated and closed."""

from __future__ import annotations

import datetime

from django.utils import timezone

from baomi.core.levels import Level
from baomi.incidents.models import PersonRole
from baomi.incidents.operations import incidents as ops
from baomi.seams.demo import Demo


def build(demo: Demo) -> None:
    if not demo.created:
        return
    officer = demo.accounts["secofficer"]
    staff = demo.accounts["staff"]
    discovered = timezone.now() - datetime.timedelta(days=20)
    if discovered.year != timezone.localdate().year:
        discovered = timezone.now() - datetime.timedelta(hours=6)
    item = ops.record_incident(
        actor=officer,
        kind="violation",
        serious=False,
        level=Level.INTERNAL,
        title="下班后工作笔记本遗留办公桌",
        account="下班后例行检查时，发现技术部一名工作人员将工作笔记本遗留在办公桌上，未锁入文件柜。",
        occurred_at=discovered - datetime.timedelta(hours=3),
        discovered_at=discovered,
        place="技术部办公室",
        people=[{"person_id": staff.person_id, "role": PersonRole.RESPONSIBLE}],
        remedies="当即将笔记本锁入文件柜，并对当事人进行批评教育。",
    )
    ops.record_investigation(
        actor=officer,
        incident_id=item.pk,
        result="经核查，笔记本未涉及国家秘密，未造成泄密后果，系个人疏忽。",
        sanctions="批评教育，部门内通报。",
    )
    ops.close_incident(actor=officer, incident_id=item.pk)
