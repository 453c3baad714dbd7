"""The demo organisation (示例单位): departments, ranks, ~30 people with every clearance class,
one login per role, incoming documents at each level with their copies — routed, some out with
readers, the rest locked in the registry's cabinet — the classification catalogue, and a draft
awaiting review. Idempotent."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass

from django.utils import timezone

from baomi.access.roles import Role
from baomi.accounts import operations as accounts
from baomi.accounts.models import Account
from baomi.carriers.operations import circulation, classification, incoming, outgoing
from baomi.core.errors import RuleViolation
from baomi.core.levels import Clearance, Level
from baomi.devices.operations import away, ledger, media, upkeep
from baomi.org import operations as org
from baomi.org.models import Organisation, StaffRole
from baomi.rulebook import operations as rulebook
from baomi.web.bootstrap import RANKS

ORG_NAME = "示例单位"
PASSWORD = "Baomi-demo-2026"

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
# (username, role, staff number)
LOGINS = [
    ("admin", Role.SYSADMIN, "C004"),
    ("secofficer", Role.SECURITY_OFFICER, "C001"),
    ("auditor", Role.AUDITOR, "C005"),
    ("clerk", Role.CLERK, "B002"),
    ("leader", Role.LEADER, "A002"),
    ("director", Role.LEADER, "E001"),
    ("staff", Role.STAFF, "E004"),
    ("office", Role.LEADER, "B001"),
]
# (number, title, level, term, issuer, copies, readers named in the scope)
DOCUMENTS = [
    ("示单发〔2026〕1号", "关于2026年度经营目标的决定", Level.TOP_SECRET, 30, "示例单位", 2, []),
    ("示单发〔2026〕7号", "2026年度薪酬调整方案", Level.SECRET, 20, "人力资源部", 3, ["E001"]),
    (
        "市保密〔2026〕12号",
        "关于开展保密自查自评工作的通知",
        Level.CONFIDENTIAL,
        10,
        "市保密局",
        3,
        ["E004", "D002"],
    ),
    ("示单办〔2026〕3号", "办公区域安全管理规定", Level.INTERNAL, None, "总经理办公室", 2, []),
    ("示单发〔2026〕9号", "新产品市场推广方案", Level.CONFIDENTIAL, 5, "市场部", 2, ["E004"]),
]
CABINET = "机要室1号保密柜"
# (number, type, level, network, custodian's staff number, location, serial)
EQUIPMENT = [
    ("JSJ-001", "desktop", Level.SECRET, "isolated", "B002", "机要室", "SN-D-1001"),
    ("JSJ-002", "desktop", Level.PUBLIC, "internet", "E004", "研发一室", "SN-D-1002"),
    ("JSJ-003", "laptop", Level.CONFIDENTIAL, "none", "E001", "技术部", "SN-L-2001"),
    ("U-001", "usb_stick", Level.SECRET, "none", "B002", "机要室保密柜", "SN-U-3001"),
    ("U-002", "usb_stick", Level.PUBLIC, "none", "E004", "研发一室", "SN-U-3002"),
    ("DY-001", "printer", Level.SECRET, "isolated", "B002", "机要室", "SN-P-4001"),
]
REPAIR_VENDOR = "示例市保密技术服务中心"


@dataclass
class Demo:
    organisation: Organisation
    created: bool


def build() -> Demo:
    existing = Organisation.objects.filter(name=ORG_NAME).first()
    if existing is not None:
        return Demo(existing, created=False)
    o = org.create_organisation(actor=None, name=ORG_NAME)
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
    people = {}
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
    heads = {
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
    for dept, number in heads.items():
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
    officers = {
        "总经理办公室": "B003",
        "财务部": "D002",
        "技术部": "E002",
        "研发一室": "E004",
        "研发二室": "E006",
        "市场部": "F001",
        "人力资源部": "G002",
        "保密办公室": "C003",
    }
    for dept, number in officers.items():
        org.appoint(
            actor=None,
            person_id=people[number].pk,
            role=StaffRole.DEPARTMENT_OFFICER,
            department_id=depts[dept].pk,
        )
    for username, role, number in LOGINS:
        accounts.create_account(
            actor=None,
            username=username,
            role=role,
            password=PASSWORD,
            person_id=people[number].pk,
            one_time=False,
        )
    _paper_trail(o, people)
    _equipment(people)
    return Demo(o, created=True)


def _paper_trail(o: Organisation, people: dict) -> None:
    """Incoming documents with their copies: routed to the office director, who names the
    readers; a copy out with the director (login ``director``) and one with ``staff``; the
    rest locked in the cabinet. The catalogue of secrets, and a draft awaiting review."""
    clerk = Account.objects.get(username="clerk")
    office = Account.objects.get(username="office")
    entries = {}
    for number, title, level, term, issuer, copies, readers in DOCUMENTS:
        entries[number] = incoming.register_incoming(
            actor=clerk,
            number=number,
            title=title,
            level=level,
            term_years=term,
            issuer=issuer,
            copies=copies,
            named_people_ids=[people[r].pk for r in readers],
        )
    for number, *_rest, readers in DOCUMENTS:
        if readers:
            entry = entries[number]
            incoming.route(actor=clerk, entry_id=entry.pk)
            incoming.instruct(
                actor=office,
                entry_id=entry.pk,
                instruction="请阅",
                reader_ids=[people[r].pk for r in readers],
            )
    out = {
        "示单发〔2026〕7号": "director",
        "市保密〔2026〕12号": "staff",
    }
    for number, username in out.items():
        reader = Account.objects.get(username=username)
        first = entries[number].document.copies.order_by("number").first()
        circulation.circulate(actor=clerk, copy_id=first.pk, reader_id=reader.person_id)
        circulation.confirm_receipt(actor=reader, copy_id=first.pk)
    in_cabinet = [
        c.pk
        for entry in entries.values()
        for c in entry.document.copies.filter(holder=clerk.person)
    ]
    circulation.store(actor=clerk, copy_ids=in_cabinet, location=CABINET)
    classification.seed_catalogue(actor=None, organisation_id=o.pk)
    staff = Account.objects.get(username="staff")
    draft = outgoing.draft_document(
        actor=staff,
        title="研发一室2026年保密自查报告",
        level=Level.CONFIDENTIAL,
        term_years=5,
        main_to="保密办公室",
        subject_words="保密 自查 报告",
    )
    outgoing.submit_draft(actor=staff, document_id=draft.pk, reason="请审核")


def _equipment(people: dict) -> None:
    """A small equipment ledger: a classified desktop and printer in the registry, an
    internet desktop and an unclassified stick in R&D, a classified stick used on the
    classified desktop, and one refused cross use (MEDIA-NO-CROSS) waiting as an alert."""
    officer = Account.objects.get(username="secofficer")
    clerk = Account.objects.get(username="clerk")
    assets = {}
    for number, type_, level, network, keeper, location, serial in EQUIPMENT:
        assets[number] = ledger.register_asset(
            actor=officer,
            type=type_,
            number=number,
            serial=serial,
            level=int(level),
            network=network,
            custodian_id=people[keeper].pk,
            location=location,
        )
    media.record_media_use(
        actor=clerk, computer_id=assets["JSJ-001"].pk, medium_identifier="U-001", purpose="拷贝"
    )
    # Refused, and kept as evidence: the alert the security office finds in the demo.
    with contextlib.suppress(RuleViolation):
        media.record_media_use(
            actor=clerk,
            computer_id=assets["JSJ-001"].pk,
            medium_identifier="U-002",
            purpose="拷贝",
        )
    _care(officer, clerk, assets)


def _care(officer: Account, clerk: Account, assets: dict) -> None:
    """The equipment's care: the designated repair vendor (DEV-REPAIR), the classified
    desktop's antivirus and its important files backed up once this month (DEV-BACKUP), the
    laptop's repair awaiting the office director, and the registry's integrity review."""
    rulebook.set_rule(actor=officer, rule_id="DEV-REPAIR", params={"vendors": [REPAIR_VENDOR]})
    today = timezone.localdate()
    desktop = assets["JSJ-001"].pk
    ledger.update_asset(actor=officer, asset_id=desktop, important_data=True)
    upkeep.record_av_update(actor=clerk, computer_id=desktop, signatures_on=today, product="瑞星")
    upkeep.record_backup(actor=clerk, computer_id=desktop, on=today, target="U-001")
    away.request_repair(
        actor=officer, asset_id=assets["JSJ-003"].pk, vendor=REPAIR_VENDOR, fault="键盘失灵"
    )
    upkeep.record_integrity_review(
        actor=clerk,
        department_id=clerk.person.department_id,
        reviewed_on=today,
        findings="机要室计算机文件、数据整理审查，未发现异常。",
    )


def logins() -> list[tuple[str, str, str]]:
    """(username, role label, person name) of every demo login."""
    rows = []
    for username, role, _number in LOGINS:
        account = Account.objects.filter(username=username).select_related("person").first()
        if account is not None:
            rows.append((username, str(Role(role).label), account.display_name))
    return rows
