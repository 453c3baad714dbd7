"""The demo's training (PPL-TRAINING, TRAIN-RECORD): three sessions of this year of 2 class
hours each, recorded by the security officer (孙立), one with a quiz. Most cleared people
attended all three — 6 of the 8 hours a year, so they are flagged short until 31 December —
and a few missed one; the officer signs nobody in for themselves (ROLE-SEPARATION). 蒋涛
(director) has answered the quiz and 陈静 (office) rated the first session; 朱琳 (staff) has
the quiz still to answer on her file."""

from __future__ import annotations

import datetime

from django.utils import timezone

from baomi.core.levels import Clearance
from baomi.org.models import Employment, Person
from baomi.people.operations import training as ops
from baomi.seams.demo import Demo

QUIZ = [
    {
        "text": "涉密文件借阅后，应当在什么时候归还？",
        "choices": ["用完随时", "规定的借阅期限内", "年底清退时"],
        "answer": "规定的借阅期限内",
    },
    {
        "text": "涉密计算机可以连接互联网吗？",
        "choices": ["可以", "不可以", "经领导同意可以"],
        "answer": "不可以",
    },
    {
        "text": "发现涉密载体丢失，应当怎么做？",
        "choices": ["自行寻找", "立即报告保密办公室", "等清查时说明"],
        "answer": "立即报告保密办公室",
    },
]

# (month, day, topic, trainer, place, quiz, staff numbers who missed it)
SESSIONS = [
    (3, 15, "保密法律法规解读", "市保密局 王老师", "三楼会议室", False, {"E006", "G002"}),
    (6, 14, "涉密载体管理实务", "孙立", "三楼会议室", True, set()),
    (9, 12, "涉密计算机和存储介质的使用", "吴昊", "技术部会议室", False, {"E002"}),
]


def build(demo: Demo) -> None:
    if not demo.created:
        return
    officer = demo.accounts["secofficer"]
    today = timezone.localdate()
    # Read again: the clearances are set after the people were made.
    cleared = list(
        Person.objects.filter(organisation=demo.organisation, employment=Employment.ACTIVE)
        .exclude(clearance=Clearance.NONE)
        .exclude(pk=officer.person_id)
        .order_by("staff_number")
    )
    sessions = []
    for month, day, topic, trainer, place, quiz, missed in SESSIONS:
        session = ops.record_session(
            actor=officer,
            topic=topic,
            held_on=min(today, datetime.date(today.year, month, day)),
            hours="2",
            trainer=trainer,
            place=place,
            questions=QUIZ if quiz else None,
        )
        ops.sign_in(
            actor=officer,
            session_id=session.pk,
            person_ids=[p.pk for p in cleared if p.staff_number not in missed],
        )
        sessions.append(session)
    with_quiz = sessions[1]
    ops.answer_quiz(
        actor=demo.accounts["director"],
        session_id=with_quiz.pk,
        answers={"q1": "规定的借阅期限内", "q2": "不可以", "q3": "自行寻找"},
    )
    ops.rate_session(actor=demo.accounts["office"], session_id=sessions[0].pk, rating=5)
    ops.rate_session(actor=demo.accounts["director"], session_id=sessions[0].pk, rating=4)
