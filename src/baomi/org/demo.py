"""The demo organisation's chart (示例单位): the organisation, its departments and ranks, ~30
people with every clearance class, the department heads and leaders in charge, and the
security staff. The first demo builder: when the organisation exists already, it marks the
demo as present and the later builders add nothing."""

from __future__ import annotations

from baomi.core.levels import Clearance
from baomi.org import operations as org
from baomi.org.models import Organisation, StaffRole
from baomi.org.ranks import RANKS
from baomi.seams.demo import Demo

ORG_NAME = "示例单位"

# (name, parent, general office?)
DEPARTMENTS = [
    ("领导班子", None, False),
    ("总经理办公室", None, True),
    ("保密办公室", None, False),
    ("财务部", None, False),
    ("技术部", None, False),
    ("研发一室", "技术部", False),
    ("研发二室", "技术部", False),
    ("市场部", None, False),
    ("人力资源部", None, False),
]
C = Clearance
# (staff number, name, department, rank, clearance, probation)
PEOPLE = [
    ("A001", "王建国", "领导班子", "board", C.CORE, False),
    ("A002", "李志强", "领导班子", "general_manager", C.CORE, False),
    ("A003", "张秀英", "领导班子", "supervisor", C.CORE, False),
    ("A004", "刘德明", "领导班子", "director", C.IMPORTANT, False),
    ("B001", "陈静", "总经理办公室", "manager", C.IMPORTANT, False),
    ("B002", "杨帆", "总经理办公室", "staff", C.CORE, False),
    ("B003", "赵敏", "总经理办公室", "staff", C.GENERAL, False),
    ("C001", "孙立", "保密办公室", "manager", C.IMPORTANT, False),
    ("C002", "周洁", "保密办公室", "staff", C.GENERAL, False),
    ("C003", "吴昊", "保密办公室", "staff", C.GENERAL, False),
    ("C004", "郑毅", "保密办公室", "staff", C.NONE, False),
    ("D001", "冯雪", "财务部", "manager", C.IMPORTANT, False),
    ("D002", "褚磊", "财务部", "staff", C.GENERAL, False),
    ("D003", "卫红", "财务部", "staff", C.NONE, False),
    ("E001", "蒋涛", "技术部", "director", C.IMPORTANT, False),
    ("E002", "沈阳", "技术部", "manager", C.GENERAL, False),
    ("E003", "韩梅", "研发一室", "manager", C.GENERAL, False),
    ("E004", "朱琳", "研发一室", "staff", C.GENERAL, False),
    ("E005", "秦岭", "研发一室", "staff", C.NONE, True),
    ("E006", "许诺", "研发二室", "manager", C.GENERAL, False),
    ("E007", "何平", "研发二室", "staff", C.NONE, False),
    ("E008", "吕方", "研发二室", "staff", C.NONE, True),
    ("F001", "施展", "市场部", "manager", C.GENERAL, False),
    ("F002", "孔亮", "市场部", "staff", C.NONE, False),
    ("F003", "曹颖", "市场部", "staff", C.NONE, False),
    ("G001", "严肃", "人力资源部", "manager", C.IMPORTANT, False),
    ("G002", "华英", "人力资源部", "staff", C.GENERAL, False),
    ("G003", "金鑫", "人力资源部", "staff", C.NONE, False),
    ("B004", "魏然", "总经理办公室", "staff", C.NONE, False),
    ("C005", "陶然", "保密办公室", "staff", C.NONE, False),
]
# Department → its head's staff number.
HEADS = {
    "领导班子": "A001",
    "总经理办公室": "B001",
    "保密办公室": "C001",
    "财务部": "D001",
    "技术部": "E001",
    "研发一室": "E003",
    "研发二室": "E006",
    "市场部": "F001",
    "人力资源部": "G001",
}
# Department → its security officer's staff number (部门保密员).
OFFICERS = {
    "总经理办公室": "B003",
    "财务部": "D002",
    "技术部": "E002",
    "研发一室": "E004",
    "研发二室": "E006",
    "市场部": "F001",
    "人力资源部": "G002",
    "保密办公室": "C003",
}


def build(demo: Demo) -> None:
    """The organisation and its chart; ``demo.people`` by staff number. Idempotent: an
    organisation of the demo's name is left as it is (``demo.created`` stays False)."""
    existing = Organisation.objects.filter(name=ORG_NAME).first()
    if existing is not None:
        demo.organisation, demo.created = existing, False
        return
    o = org.create_organisation(actor=None, name=ORG_NAME)
    demo.organisation, demo.created = o, True
    ranks = {
        key: org.create_rank(actor=None, organisation_id=o.pk, key=key, name=name, seniority=s)
        for key, name, s in RANKS
    }
    depts = {}
    for name, parent, office in DEPARTMENTS:
        depts[name] = org.create_department(
            actor=None,
            organisation_id=o.pk,
            name=name,
            parent_id=depts[parent].pk if parent else None,
            is_general_office=office,
        )
    people = demo.people
    for number, name, dept, rank, clearance, probation in PEOPLE:
        p = org.create_person(
            actor=None,
            department_id=depts[dept].pk,
            rank_id=ranks[rank].pk,
            name=name,
            staff_number=number,
            on_probation=probation,
        )
        if clearance != Clearance.NONE:
            org.set_clearance(actor=None, person_id=p.pk, clearance=clearance)
        people[number] = p
    org.set_organisation_head(actor=None, organisation_id=o.pk, person_id=people["A002"].pk)
    for dept, number in HEADS.items():
        org.set_department_leaders(
            actor=None,
            department_id=depts[dept].pk,
            head_id=people[number].pk,
            leader_in_charge_id=people["A004" if dept in {"技术部", "市场部"} else "A003"].pk,
        )
    org.appoint(actor=None, person_id=people["A002"].pk, role=StaffRole.COMMITTEE_CHAIR)
    for number in ("A003", "C001", "B001"):
        org.appoint(actor=None, person_id=people[number].pk, role=StaffRole.COMMITTEE_MEMBER)
    org.appoint(actor=None, person_id=people["C001"].pk, role=StaffRole.OFFICE_HEAD)
    org.appoint(actor=None, person_id=people["C002"].pk, role=StaffRole.OFFICE_MEMBER)
    for dept, number in OFFICERS.items():
        org.appoint(
            actor=None,
            person_id=people[number].pk,
            role=StaffRole.DEPARTMENT_OFFICER,
            department_id=depts[dept].pk,
        )
