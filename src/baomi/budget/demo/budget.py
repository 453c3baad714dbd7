"""The demo's confidentiality budget (BUDGET): this year's, set up by the security officer
(孙立) — the management budget of 5万 (publicity 1万, education 1万, training 3万) and the
special budget of 20万 (technical protection 15万, physical protection 5万) — with a dozen
expenses spread from 1 January to today, one of them entered twice by mistake and reversed."""

from __future__ import annotations

import datetime

from django.utils import timezone

from baomi.budget.models import BudgetLine
from baomi.budget.operations import budget as ops
from baomi.seams.demo import Demo

LINES = [
    ("management", "publicity", "保密宣传", "10000"),
    ("management", "education", "保密教育", "10000"),
    ("management", "training", "保密培训", "30000"),
    ("special", "technical", "技术防护（检查工具、监管系统）", "150000"),
    ("special", "physical", "物理防护（保密柜、门禁、监控）", "50000"),
]

# (category, amount, purpose, payee), in the order of their days.
EXPENSES = [
    ("publicity", "2400.00", "保密宣传月展板制作", "华星广告公司"),
    ("education", "1800.00", "《保密法》学习读本采购", "新华书店"),
    ("training", "6000.00", "市保密局专家授课讲课费", ""),
    ("technical", "38000.00", "保密检查工具采购（终端检查）", "国信安科技有限公司"),
    ("physical", "12600.00", "涉密档案室密码保密柜两台", "金盾保险柜厂"),
    ("training", "4500.00", "保密干部外出培训费", "省保密教育培训中心"),
    ("publicity", "980.50", "保密警示教育宣传册印刷", "华星广告公司"),
    ("technical", "26000.00", "涉密计算机三合一系统升级", "国信安科技有限公司"),
    ("physical", "8800.00", "要害部位门禁系统维护", "安居电子"),
    ("education", "1200.00", "保密知识竞赛奖品", ""),
    ("technical", "9600.00", "屏蔽机柜检测", "国信安科技有限公司"),
    ("physical", "8800.00", "要害部位门禁系统维护（重复录入）", "安居电子"),
]


def build(demo: Demo) -> None:
    if not demo.created:
        return
    officer = demo.accounts["secofficer"]
    today = timezone.localdate()
    budget = ops.set_up_budget(
        actor=officer,
        year=today.year,
        lines=[{"part": p, "category": c, "description": d, "planned": a} for p, c, d, a in LINES],
    )
    lines = {line.category: line for line in BudgetLine.objects.filter(budget=budget)}
    start = datetime.date(today.year, 1, 1)
    span = (today - start).days
    recorded = []
    for n, (category, amount, purpose, payee) in enumerate(EXPENSES, start=1):
        recorded.append(
            ops.record_expense(
                actor=officer,
                line_id=lines[category].pk,
                spent_on=start + datetime.timedelta(days=span * n // len(EXPENSES)),
                amount=amount,
                purpose=purpose,
                voucher=f"记-{today.year}-{n:03d}",
                payee=payee,
            )
        )
    ops.correct_expense(
        actor=officer,
        expense_id=recorded[-1].pk,
        voucher=f"记-{today.year}-{len(EXPENSES):03d}红",
        reason="重复录入，红字冲销",
    )
