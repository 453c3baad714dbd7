"""An approval says everything it authorises (the registered ``ApprovalOperation.sentence``),
in Chinese: copies and their number, the borrower and the due date, the print run with its
level, recall date and every recipient, the successor of a hand-over, every copy and asset of
a destruction. The requests are opened through the operations, so the parameters they store
are the ones the sentence reads."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone, translation

from baomi.access.roles import Role
from baomi.carriers.operations import destruction, handover, use
from baomi.core.levels import Clearance, Level
from baomi.devices.models import AssetType
from baomi.devices.operations import disposal
from baomi.org import operations as org
from baomi.seams.approvals import parameters_sentence
from tests.carriers import conftest as carriers
from tests.devices.fixtures import make_asset

# The office of tests/carriers/conftest.py, as a fixture of this module.
office = carriers.office


def said(actor, request) -> str:
    with translation.override("zh-hans"):
        return parameters_sentence(actor, request.operation, request.params)


def in_zh(actor, operation, params) -> str:
    with translation.override("zh-hans"):
        return parameters_sentence(actor, operation, params)


@pytest.fixture
def secret(office):
    return office.incoming(level=Level.SECRET, copies=4, title="年度保密工作要点")


def test_a_loan_names_the_borrower_the_due_date_and_the_purpose__LOAN_APPROVE(office, secret):
    reader = office.readers[0]
    due = timezone.localdate() + datetime.timedelta(days=3)
    request = use.request_loan(
        actor=reader,
        copy_id=office.copies(secret)[0].pk,
        borrower_id=reader.person_id,
        due_date=due,
        purpose="查阅参考",
    )
    assert said(office.tech_head, request) == (
        f"借给{reader.person.name}，{due.isoformat()}前归还，用途：查阅参考"
    )


def test_a_reproduction_names_its_number_of_copies_and_method__COPY_APPROVE(office, secret):
    request = use.request_reproduction(
        actor=office.readers[0], copy_id=office.copies(secret)[0].pk, count=2, method="photocopy"
    )
    assert said(office.tech_head, request) == "复印2份。"


def test_a_take_out_names_who_where_until_when_and_why__CARRY_APPROVE(office, secret):
    reader = office.readers[0]
    due = timezone.localdate() + datetime.timedelta(days=1)
    request = use.request_take_out(
        actor=reader,
        copy_id=office.copies(secret)[0].pk,
        destination="市保密局",
        due_date=due,
        purpose="汇报工作",
    )
    assert said(office.leader, request) == (
        f"{reader.person.name}携带外出至市保密局，{due.isoformat()}前带回，用途：汇报工作"
    )


def test_a_destruction_lists_every_copy__DESTROY_APPROVE(office, secret):
    other = office.incoming(level=Level.SECRET, copies=2, title="季度检查通知")
    copies = office.copies(secret)[2:] + office.copies(other)[:1]
    request = destruction.request_destruction(
        actor=office.clerk, copy_ids=[c.pk for c in copies], reason="过期"
    )
    sentence = said(office.clerk, request)
    assert "年度保密工作要点" in sentence and "3、4" in sentence
    assert "季度检查通知" in sentence and "3" in sentence.split("季度检查通知")[0]


def test_a_destruction_counts_the_copies_the_approver_may_not_know__CLS_MAC(office, world):
    """The leader is outside a top-secret document's scope: its title is not told."""
    hidden = office.incoming(level=Level.TOP_SECRET, copies=1, title="绝密事项", readers=[])
    request = destruction.request_destruction(
        actor=office.clerk, copy_ids=[office.copies(hidden)[0].pk], reason="过期"
    )
    outsider = world.account(Role.LEADER, dept="tech", clearance=Clearance.GENERAL)
    sentence = said(outsider, request)
    assert "绝密事项" not in sentence and "1" in sentence


def test_a_hand_over_names_the_successor_and_every_copy__HANDOVER(office, secret):
    successor = office.readers[1]  # in the document's scope
    copies = office.copies(secret)
    request = handover.request_handover(
        actor=office.clerk,
        from_person_id=office.clerk.person_id,
        to_person_id=successor.person_id,
        reason="post_change",
        copy_ids=[c.pk for c in copies],
    )
    sentence = said(office.clerk, request)
    assert (
        successor.person.name in sentence
        and "年度保密工作要点" in sentence
        and "1、2、3、4" in sentence
    )


def test_a_print_run_names_copies_number_level_recall_date_and_every_recipient__PRINT_APPROVE(
    office,
):
    params = {
        "number": "示发〔2026〕3号",
        "level": Level.SECRET,
        "copies": 9,
        "recall_date": "2027-01-31",
        "distribution": ["财务部", "技术部", "市场部"],
    }
    sentence = in_zh(office.leader, "print_run", params)
    for part in ("9", "示发〔2026〕3号", "机密", "2027-01-31", "财务部、技术部、市场部"):
        assert part in sentence


@pytest.mark.parametrize(
    ("operation", "params", "expected"),
    [
        ("sign_off", {"level": Level.SECRET, "term_years": 10}, "按机密签发，保密期限10年。"),
        ("print_outside", {"number": "示发〔2026〕3号"}, "在办公室以外印制示发〔2026〕3号。"),
        ("reclassify", {"kind": "declassify", "to_level": None, "to_term": None}, "解密。"),
        (
            "reclassify",
            {"kind": "downgrade", "to_level": Level.CONFIDENTIAL, "to_term": None},
            "降为秘密。",
        ),
    ],
)
def test_the_sentences_of_the_carriers_other_approvals(office, operation, params, expected):
    assert in_zh(office.leader, operation, params) == expected


def test_widening_the_scope_names_the_person__CLS_NO_WIDEN(office):
    reader = office.readers[1]
    sentence = in_zh(office.head, "widen_scope", {"person_id": reader.person_id})
    assert sentence == f"将{reader.person.name}列入知悉范围。"


@pytest.fixture
def assets(world):
    leader = world.account(Role.LEADER, dept="root", rank="general_manager", name="陈分管")
    officer = world.account(Role.SECURITY_OFFICER, dept="office", clearance=Clearance.CORE)
    for dept in ("office", "tech"):
        org.set_department_leaders(
            actor=None,
            department_id=world.departments[dept].pk,
            head_id=None,
            leader_in_charge_id=leader.person_id,
        )
    sticks = [
        make_asset(world.organisation.pk, AssetType.USB_STICK, number=n)
        for n in ("ZC-0012", "ZC-0013")
    ]
    return officer, leader, sticks


def test_a_disposal_lists_every_asset_to_its_approver__DESTROY_APPROVE(assets):
    officer, leader, sticks = assets
    request = disposal.request_disposal(
        actor=officer, asset_ids=[s.pk for s in sticks], outcome="destroyed", reason="损坏"
    )
    sentence = said(leader, request)
    assert "ZC-0012" in sentence and "ZC-0013" in sentence


@pytest.mark.parametrize(
    ("operation", "params", "expected"),
    [
        ("repair", {"vendor": "某维修中心"}, "送某维修中心维修。"),
        (
            "lend_asset",
            {"borrower": "市保密局", "due_back": "2027-01-05"},
            "借给市保密局，2027-01-05前归还。",
        ),
        ("sanitise", {"level": Level.SECRET}, "对存储过机密信息的介质进行保密技术处理。"),
    ],
)
def test_the_sentences_of_the_equipments_other_approvals(assets, operation, params, expected):
    officer, _leader, _sticks = assets
    assert in_zh(officer, operation, params) == expected


def test_a_standalone_use_names_the_person_and_the_level__DEV_STANDALONE(assets):
    officer, leader, _sticks = assets
    sentence = in_zh(officer, "standalone", {"person": leader.person_id, "level": Level.SECRET})
    assert sentence == "陈分管在该计算机上处理机密信息。"


def test_an_archive_consultation_names_every_document__ARCH_ACCESS(office, secret, world):
    other = office.incoming(level=Level.TOP_SECRET, copies=1, title="绝密事项", readers=[])
    params = {"documents": sorted([secret.document.pk, other.document.pk])}
    sentence = in_zh(office.readers[0], "read_archives", params)
    assert secret.document.number in sentence and "年度保密工作要点" in sentence
    # A document the reader may not know is counted, not named (CLS-MAC).
    assert "绝密事项" not in sentence and other.document.number not in sentence
