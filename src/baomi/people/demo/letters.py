"""The demo's responsibility letters and assessment (RESP-ANNUAL, RESP-ASSESS): this year's
letters prepared by the security officer (孙立) between the head of the organisation (李志强,
leader) and each department head — 领导班子 included, headed by 王建国. Each head signed on
their own login, but 市场部's head, whose signature the office recorded from paper, and 技术部's
head 蒋涛 (director), whose part still waits on his home page. Last month's assessment of 财务部
and a commendation of its security officer 褚磊."""

from __future__ import annotations

import datetime

from django.utils import timezone

from baomi.people.operations import assessment as assessment_ops
from baomi.people.operations import letters as ops
from baomi.people.queries.assessment import DEFAULT_SHEET
from baomi.seams.demo import Demo

# The department whose head has not signed yet, and the one signed on paper.
AWAITING, ON_PAPER = "技术部", "市场部"


def build(demo: Demo) -> None:
    if not demo.created:
        return
    accounts = demo.accounts
    officer, head = accounts.get("secofficer"), accounts.get("leader")
    if officer is None or head is None:
        return
    today = timezone.localdate()
    prepared = ops.prepare_letters(actor=officer, year=today.year)
    by_person = {a.person_id: a for a in accounts.values()}
    paper_day = min(today, datetime.date(today.year, 1, 10))
    for letter in prepared.created:
        department = letter.department.name
        signer = by_person.get(letter.second_id)
        if department == AWAITING:
            ops.sign_letter(actor=head, letter_id=letter.pk)
            continue
        if department == ON_PAPER or signer is None:
            ops.record_paper_signature(
                actor=officer, letter_id=letter.pk, part="second", signed_on=paper_day
            )
        else:
            ops.sign_letter(actor=signer, letter_id=letter.pk)
        ops.sign_letter(actor=head, letter_id=letter.pk)
    finance = next((x.department for x in prepared.created if x.department.name == "财务部"), None)
    if finance is not None:
        last_month = (today.replace(day=1) - datetime.timedelta(days=1)).replace(day=1)
        scores = {item.key: item.points for item in DEFAULT_SHEET}
        scores["carriers"] -= 3
        assessment_ops.assess_department(
            actor=officer,
            department_id=finance.pk,
            period="month",
            starts=last_month,
            scores=scores,
            note="涉密载体登记有一处未及时更新，已整改。",
        )
    if "D002" in demo.people:
        assessment_ops.record_merit(
            actor=officer,
            kind="commendation",
            person_id=demo.people["D002"].pk,
            given_on=today,
            reason="部门保密员工作认真，本年度涉密载体管理无差错。",
        )
