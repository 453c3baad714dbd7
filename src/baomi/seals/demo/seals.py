"""The demo's seals (SEAL-LOG): the 公章, the 合同专用章 and the pad of 介绍信, all kept by the
confidential clerk 杨帆 (clerk) in the general office's safe. 朱琳 (staff) and 蒋涛 (director)
asked to use them; the office director 陈静 (office) approved and the clerk logged the uses (a
letter of introduction with its number); one request still waits for 陈静. The 公章 was taken
out to a contract signing, approved by 陈静 and the head of the organisation 李志强 (leader),
and is back. The clerk confirmed the lock-ups of the past working days except the last one,
which the seal's page and the clerk's home panel flag."""

from __future__ import annotations

import datetime

from django.utils import timezone

from baomi.accounts.models import Account
from baomi.approvals import operations as approvals
from baomi.org import queries as org_queries
from baomi.seals.models import SealKind
from baomi.seals.operations import seals as ops
from baomi.seams.demo import Demo

SINCE_DAYS = 14


def _grant(request_id: int, steps: list[int]) -> None:
    """Each approver (by person) approves the request in turn."""
    for person_id in steps:
        approver = Account.objects.filter(person_id=person_id, is_active=True).first()
        approvals.decide(actor=approver, request_id=request_id, approve=True)


def _approved(item) -> None:
    _grant(item.approval_id, [s.approver_id for s in item.approval.steps.order_by("order")])


def build(demo: Demo) -> None:
    if not demo.created:
        return
    clerk, staff, director = (demo.accounts[n] for n in ("clerk", "staff", "director"))
    keeper = demo.people["B002"]
    today = timezone.localdate()
    since = today - datetime.timedelta(days=SINCE_DAYS)
    seals = {
        kind: ops.register_seal(
            actor=None,
            organisation_id=demo.organisation.pk,
            name=name,
            kind=kind,
            number=number,
            keeper_id=keeper.pk,
            location="总经理办公室 保险柜一号",
            since=since,
        )
        for kind, name, number in (
            (SealKind.OFFICIAL, "示例单位公章", "GZ-001"),
            (SealKind.CONTRACT, "示例单位合同专用章", "HT-001"),
            (SealKind.LETTER, "示例单位介绍信", "JSX-2026"),
        )
    }
    for actor, kind, document, impressions, recipient, letter in (
        (staff, SealKind.OFFICIAL, "关于研发一室项目结题的报告", 2, "市科技局", ""),
        (director, SealKind.CONTRACT, "设备采购合同（技术部）", 4, "某设备供应商", ""),
        (staff, SealKind.LETTER, "前往市档案馆查阅档案", 1, "市档案馆", "JSX-2026-007"),
    ):
        use = ops.request_use(
            actor=actor,
            seal_id=seals[kind].pk,
            document=document,
            impressions=impressions,
            recipient=recipient,
        )
        _approved(use)
        ops.log_use(actor=clerk, use_id=use.pk, letter_number=letter)
    # One request waits for the office director.
    ops.request_use(
        actor=director,
        seal_id=seals[SealKind.OFFICIAL].pk,
        document="技术部年度保密工作总结",
        impressions=1,
        recipient="上级保密工作部门",
    )
    # The official seal went out to a contract signing and is back.
    out = ops.request_take_out(
        actor=director,
        seal_id=seals[SealKind.OFFICIAL].pk,
        destination="某设备供应商（合同签约现场）",
        purpose="现场签订设备采购合同",
        due_back_at=timezone.now() + datetime.timedelta(hours=4),
    )
    _approved(out)
    ops.hand_out(actor=clerk, take_out_id=out.pk)
    ops.return_seal(actor=clerk, take_out_id=out.pk)
    # The lock-ups of the past working days, but for the last one (flagged).
    calendar = org_queries.calendar(demo.organisation.pk)
    days = [
        since + datetime.timedelta(days=n)
        for n in range(SINCE_DAYS)
        if calendar.is_working_day(since + datetime.timedelta(days=n))
    ]
    for day in days[:-1]:
        for item in seals.values():
            ops.confirm_locked(actor=clerk, seal_id=item.pk, day=day)
