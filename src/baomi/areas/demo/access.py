"""The demo's visitors and access log (AREA-ACCESS), after the areas' demo (the areas looked
up by name): 李卫东 of the 上级机关 (市国家保密局), hosted by the security officer 孙立, enters
档案室 escorted by 陈静, granted on the spot by its keeper 杨帆 (``clerk``) and out again; 王海
of a supplier (华信办公设备有限公司), hosted by 赵敏, signed in and out; 朱琳 (``staff``,
一般) asked ahead by the security office for today, approved by the head of 总经理办公室 陈静
(``office``), logged by the keeper escorted by 陈静 and still inside."""

from __future__ import annotations

import datetime

from django.utils import timezone

from baomi.approvals.operations import decide
from baomi.areas.models import IdKind, SecureArea
from baomi.areas.operations import access as ops
from baomi.areas.operations import visitors as visitor_ops
from baomi.org.models import Person
from baomi.seams.demo import Demo


def build(demo: Demo) -> None:
    if not demo.created:
        return
    officer = demo.accounts["secofficer"]
    keeper = demo.accounts["clerk"]  # 杨帆 keeps 档案室
    head = demo.accounts["office"]  # 陈静 heads 总经理办公室, assigned to 档案室
    organisation_id = demo.organisation.pk
    archive = SecureArea.objects.filter(organisation_id=organisation_id, name="档案室").first()
    if archive is None:
        return
    people = dict(
        Person.objects.filter(organisation_id=organisation_id).values_list("staff_number", "pk")
    )
    now = timezone.now()
    earlier = now - datetime.timedelta(hours=2)
    inspector = visitor_ops.register_visitor(
        actor=officer,
        name="李卫东",
        id_kind=IdKind.ID_CARD,
        id_number="110105198003071234",
        unit="市国家保密局（上级机关）",
        host_id=people["C001"],
        purpose="保密工作检查",
        arrived_at=earlier,
    )
    supplier = visitor_ops.register_visitor(
        actor=officer,
        name="王海",
        id_kind=IdKind.ID_CARD,
        id_number="310115198507162025",
        unit="华信办公设备有限公司",
        host_id=people["B003"],
        purpose="文印设备例行维护（不进入涉密场所）",
        arrived_at=earlier,
    )
    visit = ops.log_entry(
        actor=keeper,
        area_id=archive.pk,
        visitor_id=inspector.pk,
        purpose="检查档案室保密管理",
        escort_id=people["B001"],
        on_the_spot=True,
        entered_at=earlier + datetime.timedelta(minutes=10),
    )
    ops.log_exit(actor=keeper, entry_id=visit.pk, left_at=earlier + datetime.timedelta(minutes=50))
    visitor_ops.sign_out_visitor(
        actor=officer, visitor_id=supplier.pk, left_at=earlier + datetime.timedelta(minutes=90)
    )
    asked = ops.request_entry(
        actor=officer,
        area_id=archive.pk,
        person_id=people["E004"],
        day=timezone.localdate(),
        purpose="查阅项目归档资料",
    )
    for step in asked.steps.order_by("order"):
        if step.approver_id == head.person_id:
            decide(actor=head, request_id=asked.pk, approve=True)
    ops.log_entry(
        actor=keeper,
        area_id=archive.pk,
        person_id=people["E004"],
        purpose="查阅项目归档资料",
        escort_id=people["B001"],
    )
