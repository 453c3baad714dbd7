"""The demo's classified posts, vettings and signed papers (PPL-VET, PPL-CLASS): posts of
each class in the departments (机要员 核心, 保密员 重要, 研发岗 一般 …); every cleared person
of the demo was vetted (passed, reviewed by the security officer 孙立, his own by 周洁) and
signed the 保密协议 five years ago, the core ones the 涉密人员保密责任书 too, and most hold a
post since then. Recorded as the installer (clearances granted before baomi)."""

from __future__ import annotations

import datetime

from django.utils import timezone

from baomi.core.levels import Clearance
from baomi.org.models import Department, Employment, Person
from baomi.people.operations import papers, posts, vetting
from baomi.people.queries.vetting import ITEM_KEYS
from baomi.seams.demo import Demo

C = Clearance
# (post, class, department, duties, staff numbers of its holders)
POSTS = [
    ("领导岗", C.CORE, "领导班子", "单位领导，知悉绝密级事项", ["A001", "A002", "A003"]),
    ("分管领导岗", C.IMPORTANT, "领导班子", "分管保密工作", ["A004"]),
    ("机要员", C.CORE, "总经理办公室", "机要文件收发、登记、保管", ["B002"]),
    ("办公室主任岗", C.IMPORTANT, "总经理办公室", "文件审核、签发", ["B001"]),
    ("文书", C.GENERAL, "总经理办公室", "文件印制、分发", ["B003"]),
    ("保密员", C.IMPORTANT, "保密办公室", "保密管理、检查、台账", ["C001"]),
    ("保密干事", C.GENERAL, "保密办公室", "涉密载体、设备管理", ["C002", "C003"]),
    ("财务主管", C.IMPORTANT, "财务部", "涉密经费", ["D001"]),
    ("研发岗", C.GENERAL, "技术部", "涉密科研项目", ["E002", "E003", "E004", "E006"]),
    ("技术主管", C.IMPORTANT, "技术部", "涉密科研项目负责", ["E001"]),
    ("人事主管", C.IMPORTANT, "人力资源部", "涉密人员档案", ["G001"]),
]
REVIEWER, REVIEWER_OF_REVIEWER = "C001", "C002"


def build(demo: Demo) -> None:
    if not demo.created:
        return
    organisation_id = demo.organisation.pk
    year = timezone.localdate().year - 5
    vetted_on = datetime.date(year, 3, 1)
    signed_on = datetime.date(year, 3, 5)
    since = datetime.date(year, 3, 10)
    departments = dict(
        Department.objects.filter(organisation_id=organisation_id).values_list("name", "pk")
    )
    cleared = list(
        Person.objects.filter(organisation_id=organisation_id, employment=Employment.ACTIVE)
        .exclude(clearance=Clearance.NONE)
        .order_by("staff_number")
    )
    people = {p.staff_number: p for p in cleared}
    for person in cleared:
        reviewer = REVIEWER_OF_REVIEWER if person.staff_number == REVIEWER else REVIEWER
        vetting.record_vetting(
            actor=None,
            person_id=person.pk,
            reviewer_id=people[reviewer].pk,
            reviewed_on=vetted_on,
            result="passed",
            items={key: {"ok": True, "note": ""} for key in ITEM_KEYS},
        )
        papers.record_paper(
            actor=None,
            person_id=person.pk,
            kind="agreement",
            signed_on=signed_on,
            version=f"{year}版",
            kept_in="保密办公室档案柜",
        )
        if person.clearance == Clearance.CORE:
            papers.record_paper(
                actor=None,
                person_id=person.pk,
                kind="responsibility",
                signed_on=signed_on,
                version=f"{year}版",
                kept_in="保密办公室档案柜",
            )
    for name, clearance, department, duties, holders in POSTS:
        post = posts.create_post(
            actor=None,
            organisation_id=organisation_id,
            name=name,
            clearance=clearance,
            department_id=departments.get(department),
            duties=duties,
        )
        for number in holders:
            if number in people:
                posts.appoint(actor=None, person_id=people[number].pk, post_id=post.pk, since=since)
