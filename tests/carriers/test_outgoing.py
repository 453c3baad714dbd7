"""发文: the outgoing workflow from draft to the recipient's signature (DRAFT-*, PRINT-*, OUT-*),
with classification from the catalogue and from sources at drafting (CLS-CATALOG, CLS-DERIVE)."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.utils import timezone, translation

from baomi.access.mac import can_know
from baomi.access.roles import Role
from baomi.approvals.models import ApprovalRequest, State
from baomi.carriers.models import (
    CatalogueEntry,
    Copy,
    CopyState,
    Document,
    DocumentKind,
    Envelope,
    PrintRun,
    Stage,
    Urgency,
)
from baomi.carriers.operations import dispatch, outgoing
from baomi.core.errors import InvalidInput, NotFound, RuleViolation
from baomi.core.levels import Clearance, Level
from baomi.org import operations as org
from tests.factories import World, audit_events, prepare_leaving

L = Level
RECIPIENTS = ["市保密局", "市档案局", "区委办公室"]


def refused(rule_id: str, call: Any, **kwargs: Any) -> RuleViolation:
    """Call an operation, expect its refusal by ``rule_id``, and find the refusal audited."""
    with pytest.raises(RuleViolation) as exc:
        call(**kwargs)
    assert exc.value.rule_id == rule_id, exc.value
    refusal = audit_events("operation.refused")[-1]["data"]
    assert (refusal["operation"], refusal["rule"]) == (call.__name__, rule_id)
    return exc.value


def drafter(office):
    return office.readers[0]


def draft(office, **kw: Any) -> Document:
    """A SECRET draft by a tech reader, naming the general office's clerk who will print it."""
    fields: dict[str, Any] = {
        "title": "关于年度保密检查的通知",
        "level": L.SECRET,
        "term_years": 10,
        "main_to": "各部门",
        "cc": "市保密局",
        "subject_words": "保密 检查 通知",
        "named_people_ids": [office.clerk.person_id],
    }
    fields.update(kw)
    return outgoing.draft_document(actor=drafter(office), **fields)


def signed(office, **kw: Any) -> Document:
    doc = draft(office, **kw)
    office.approve_all(outgoing.submit_draft(actor=drafter(office), document_id=doc.pk))
    return outgoing.sign_off(actor=drafter(office), document_id=doc.pk)


def print_request(office, doc: Document, **kw: Any) -> dict[str, Any]:
    args: dict[str, Any] = {
        "actor": drafter(office),
        "document_id": doc.pk,
        "number": "科发〔2026〕7号",
        "copies": 4,
        "recall_date": timezone.localdate() + datetime.timedelta(days=30),
        "distribution": RECIPIENTS[:2],
    }
    args.update(kw)
    return args


def ask_print(office, doc: Document, **kw: Any) -> ApprovalRequest:
    return outgoing.request_print(**print_request(office, doc, **kw))


def print_args(office, doc: Document, **kw: Any) -> dict[str, Any]:
    args: dict[str, Any] = {
        "actor": office.clerk,
        "document_id": doc.pk,
        "copies": 4,
        "printed_by_id": office.clerk.person_id,
        "proofread_by_id": office.officer.person_id,
        "workstation": "涉密计算机 BM-01",
        "waste_sheets": 3,
        "master": "deleted",
    }
    args.update(kw)
    return args


def printed(office, **kw: Any) -> Document:
    doc = signed(office, **kw)
    office.approve_all(ask_print(office, doc))
    outgoing.print_run(**print_args(office, doc))
    doc.refresh_from_db()
    return doc


def sealed(office, **kw: Any) -> Document:
    doc = printed(office, **kw)
    return dispatch.seal(actor=office.clerk, document_id=doc.pk, file_copy_number=4)


def dispatch_args(office, doc: Document, **kw: Any) -> dict[str, Any]:
    args: dict[str, Any] = {
        "actor": office.clerk,
        "document_id": doc.pk,
        "envelopes": [
            {"recipient": RECIPIENTS[0], "copy_numbers": [1], "addressee_only": True},
            {"recipient": RECIPIENTS[1], "copy_numbers": [2], "addressee_only": False},
        ],
        "kept_copy_numbers": [3],
        "method": "confidential_post",
    }
    args.update(kw)
    return args


def states(doc: Document) -> list[tuple[int, str, int | None]]:
    return [(c.number, c.state, c.holder_id) for c in Copy.objects.filter(document=doc)]


# --- the whole way ------------------------------------------------------------------------


def test_the_outgoing_workflow_from_draft_to_signed_receipt(office, world):
    """Draft → review chain → sign-off → print approval → print run → seal → dispatch →
    signed receipt, every step on the record."""
    doc = draft(office)
    assert (doc.kind, doc.stage, doc.drafting_department_id) == (
        DocumentKind.OUTGOING,
        Stage.DRAFT,
        drafter(office).person.department_id,
    )
    assert doc.number == f"草稿 {doc.pk}"  # provisional until the print approval fixes it

    review = outgoing.submit_draft(actor=drafter(office), document_id=doc.pk, reason="请审核")
    assert [s.approver for s in review.steps.all()] == [
        office.tech_head.person,
        office.leader.person,
        office.head.person,
    ]
    assert can_know(office.tech_head.person, doc)  # approvers read what they approve
    assert office.approve_all(review).state == State.GRANTED
    doc = outgoing.sign_off(actor=drafter(office), document_id=doc.pk)
    assert (doc.stage, doc.signed_off_by, doc.issued_by) == (
        Stage.SIGNED,
        office.head.person,
        office.head.person,
    )
    assert doc.signed_off_at is not None

    recall = timezone.localdate() + datetime.timedelta(days=30)
    approval = office.approve_all(ask_print(office, doc))
    assert approval.params == {
        "number": "科发〔2026〕7号",
        "level": L.SECRET,
        "copies": 4,
        "recall_date": recall.isoformat(),
        "distribution": RECIPIENTS[:2],
    }
    assert [s.approver for s in approval.steps.all()] == [office.leader.person]

    run = outgoing.print_run(**print_args(office, doc))
    doc.refresh_from_db()
    assert (doc.stage, doc.number, doc.copies_count, doc.recall_date, doc.distribution) == (
        Stage.PRINTED,
        "科发〔2026〕7号",
        4,
        recall,
        RECIPIENTS[:2],
    )
    assert (run.printed_by, run.proofread_by, run.copies, run.approval) == (
        office.clerk.person,
        office.officer.person,
        4,
        approval,
    )
    copies = list(Copy.objects.filter(document=doc))
    assert [c.label for c in copies] == [f"第{n}份（共4份）" for n in range(1, 5)]
    assert {(c.custodian_id, c.holder_id, c.state) for c in copies} == {
        (office.clerk.person_id, office.clerk.person_id, CopyState.WITH_CUSTODIAN)
    }

    doc = dispatch.seal(actor=office.clerk, document_id=doc.pk, file_copy_number=4)
    assert (doc.stage, doc.sealed_by) == (Stage.SEALED, office.clerk)

    courier = world.person(dept="office", clearance=Clearance.CORE)
    envelopes = dispatch.dispatch(
        **dispatch_args(office, doc, method="courier", courier_id=courier.pk)
    )
    doc.refresh_from_db()
    assert doc.stage == Stage.DISPATCHED
    assert states(doc) == [
        (1, CopyState.DISPATCHED, None),
        (2, CopyState.DISPATCHED, None),
        (3, CopyState.WITH_CUSTODIAN, office.clerk.person_id),
        (4, CopyState.ARCHIVED, None),
    ]
    assert [e.courier for e in envelopes] == [courier, courier]

    signed_for = dispatch.sign_dispatch(
        actor=office.clerk,
        envelope_id=envelopes[0].pk,
        signed_by_name="陈主任",
        signed_by_title="市保密局办公室主任",
        head_or_designee=True,
    )
    assert (signed_for.signed_by_name, signed_for.signed_by_title) == (
        "陈主任",
        "市保密局办公室主任",
    )
    assert signed_for.signed_at is not None
    assert [e.action for e in copies[0].timeline.all()] == [
        "printed",
        "dispatched",
        "dispatch_signed",
    ]
    steps = ("drafted", "draft_submitted", "signed_off", "print_requested", "printed")
    steps += ("sealed", "dispatched", "dispatch_signed")
    assert [len(audit_events(f"carriers.{step}")) for step in steps] == [1] * len(steps)
    assert audit_events("carriers.printed")[0]["data"]["master"] == "deleted"  # PRINT-WASTE


# --- drafting -------------------------------------------------------------------------------


def test_a_draft_records_its_form__DRAFT_FORM(office):
    doc = draft(office, is_public=False, urgency=Urgency.URGENT, number="科发〔2026〕草1")
    assert (doc.title, doc.main_to, doc.cc, doc.level, doc.is_public, doc.subject_words) == (
        "关于年度保密检查的通知",
        "各部门",
        "市保密局",
        L.SECRET,
        False,
        "保密 检查 通知",
    )
    assert (doc.number, doc.urgency) == ("科发〔2026〕草1", Urgency.URGENT)
    assert doc.drafting_department == drafter(office).person.department


def test_a_draft_without_an_addressee_is_refused__DRAFT_FORM(office):
    refused(
        "DRAFT-FORM",
        outgoing.draft_document,
        actor=drafter(office),
        title="无主送",
        level=L.SECRET,
        term_years=10,
    )
    assert not Document.objects.exists()


def test_a_draft_without_a_level_is_refused__CLS_MARK(office):
    refused(
        "CLS-MARK", outgoing.draft_document, actor=drafter(office), title="无密级", main_to="各部门"
    )
    assert not Document.objects.exists()


@pytest.fixture
def salaries(office) -> CatalogueEntry:
    return CatalogueEntry.objects.create(
        organisation=office.world.organisation,
        matter="薪金制度",
        level=L.SECRET,
        term_years=20,
        examples="工资方案",
    )


def test_a_catalogue_entry_gives_the_level_and_term__CLS_CATALOG(office, salaries):
    doc = draft(office, level=None, term_years=None, catalogue_entry_id=salaries.pk)
    assert (doc.level, doc.term_years, doc.catalogue_entry, doc.basis) == (
        L.SECRET,
        20,
        salaries,
        "薪金制度",
    )


def test_a_draft_below_its_catalogue_level_is_refused__CLS_CATALOG(office, salaries):
    refused(
        "CLS-CATALOG",
        outgoing.draft_document,
        actor=drafter(office),
        title="工资",
        main_to="各部门",
        level=L.CONFIDENTIAL,
        term_years=10,
        catalogue_entry_id=salaries.pk,
    )
    assert not Document.objects.exists()


def test_an_unused_or_foreign_catalogue_entry_is_not_found__CLS_CATALOG(office, salaries):
    other = CatalogueEntry.objects.create(
        organisation=World.build().organisation, matter="配方", level=L.TOP_SECRET, term_years=30
    )
    CatalogueEntry.objects.filter(pk=salaries.pk).update(active=False)
    for entry in (salaries, other):
        with pytest.raises(NotFound):
            draft(office, catalogue_entry_id=entry.pk)


def test_a_derived_draft_takes_the_highest_level_and_longest_term__CLS_DERIVE(office):
    low = office.incoming(level=L.CONFIDENTIAL, term_years=5).document
    high = office.incoming(level=L.SECRET, term_years=15).document
    doc = draft(office, level=None, term_years=None, source_document_ids=[low.pk, high.pk])
    assert (doc.level, doc.term_years) == (L.SECRET, 15)
    assert set(doc.sources.all()) == {low, high}


@pytest.mark.parametrize(
    ("level", "term"), [(L.CONFIDENTIAL, 15), (L.SECRET, 10)], ids=["level", "term"]
)
def test_a_derived_draft_below_its_sources_is_refused__CLS_DERIVE(office, level, term):
    source = office.incoming(level=L.SECRET, term_years=15).document
    refused(
        "CLS-DERIVE",
        outgoing.draft_document,
        actor=drafter(office),
        title="摘编",
        main_to="各部门",
        level=level,
        term_years=term,
        source_document_ids=[source.pk],
    )
    assert Document.objects.filter(kind=DocumentKind.OUTGOING).count() == 0


def test_a_source_the_drafter_may_not_know_is_not_found__CLS_DERIVE(office):
    hidden = office.incoming(readers=[office.readers[1]]).document
    with pytest.raises(NotFound):
        draft(office, source_document_ids=[hidden.pk])


def test_a_cipher_telegram_is_never_printed_into_a_document__CIPHER(office):
    telegram = office.incoming(carrier_type="cipher").document
    refused(
        "CIPHER",
        outgoing.draft_document,
        actor=drafter(office),
        title="转发电报",
        main_to="各部门",
        source_document_ids=[telegram.pk],
    )
    assert not Document.objects.filter(kind=DocumentKind.OUTGOING).exists()


# --- review chain and sign-off --------------------------------------------------------------


def test_a_normative_draft_goes_to_the_general_office_after_the_department__DRAFT_CHAIN(office):
    doc = draft(office, normative=True)
    review = outgoing.submit_draft(actor=drafter(office), document_id=doc.pk)
    assert [(s.approver_kind, s.approver) for s in review.steps.all()] == [
        ("department_head", office.tech_head.person),
        ("office_director", office.director.person),
        ("leader_in_charge", office.leader.person),
        ("organisation_head", office.head.person),
    ]


def test_a_draft_is_not_signed_off_before_the_chain_has_approved__DRAFT_CHAIN(office):
    doc = draft(office)
    review = outgoing.submit_draft(actor=drafter(office), document_id=doc.pk)
    refused("DRAFT-CHAIN", outgoing.sign_off, actor=drafter(office), document_id=doc.pk)
    doc.refresh_from_db()
    assert (doc.stage, doc.signed_off_by) == (Stage.DRAFT, None)
    office.approve_all(review)
    outgoing.sign_off(actor=drafter(office), document_id=doc.pk)
    review.refresh_from_db()
    assert review.state == State.CONSUMED


def test_a_draft_is_sent_for_review_once__DRAFT_CHAIN(office):
    doc = draft(office)
    outgoing.submit_draft(actor=drafter(office), document_id=doc.pk)
    exc = refused("DRAFT-CHAIN", outgoing.submit_draft, actor=drafter(office), document_id=doc.pk)
    assert exc.conflict
    assert ApprovalRequest.objects.filter(operation="sign_off").count() == 1


def test_an_unsigned_draft_cannot_be_sent_to_print__DRAFT_CHAIN(office):
    doc = draft(office)
    refused("DRAFT-CHAIN", outgoing.request_print, **print_request(office, doc))
    assert not ApprovalRequest.objects.filter(operation="print_run").exists()


def test_an_approver_not_cleared_for_the_level_is_refused__CLS_MAC(office, world):
    """The approvers read the draft: one not cleared for its level cannot be asked."""
    lab = world.departments["lab"]
    low_head = world.person(dept="lab", rank="manager", clearance=Clearance.GENERAL)
    org.set_department_leaders(
        actor=None, department_id=lab.pk, head_id=low_head.pk, leader_in_charge_id=None
    )
    lab_drafter = world.account(Role.STAFF, dept="lab", clearance=Clearance.IMPORTANT)
    doc = outgoing.draft_document(
        actor=lab_drafter, title="实验室通知", level=L.SECRET, term_years=10, main_to="各部门"
    )
    refused("CLS-MAC", outgoing.submit_draft, actor=lab_drafter, document_id=doc.pk)
    assert not can_know(low_head, doc)
    assert not ApprovalRequest.objects.exists()


# --- printing -------------------------------------------------------------------------------


def test_printing_without_a_granted_approval_is_refused__PRINT_APPROVE(office):
    doc = signed(office)
    refused("PRINT-APPROVE", outgoing.print_run, **print_args(office, doc))
    ask_print(office, doc)  # requested, not yet granted
    refused("PRINT-APPROVE", outgoing.print_run, **print_args(office, doc))
    doc.refresh_from_db()
    assert (doc.stage, doc.copies_count) == (Stage.SIGNED, 0)
    assert not Copy.objects.filter(document=doc).exists()


def test_the_print_approval_fixes_number_copies_recall_and_distribution__PRINT_APPROVE(office):
    doc = signed(office)
    with pytest.raises(InvalidInput):
        ask_print(office, doc, recall_date="2000-01-01")
    with pytest.raises(InvalidInput):
        ask_print(office, doc, distribution=["市保密局", "市保密局"])
    with pytest.raises(InvalidInput):
        ask_print(office, doc, number=" ")
    request = ask_print(office, doc, copies=2)
    assert (request.rule_id, request.operation, request.params["copies"]) == (
        "PRINT-APPROVE",
        "print_run",
        2,
    )
    assert (request.subject_type, request.subject_id) == ("carriers.document", str(doc.pk))


def test_exactly_the_approved_number_of_copies_is_printed__PRINT_COUNT(office):
    doc = signed(office)
    approval = office.approve_all(ask_print(office, doc))
    exc = refused("PRINT-COUNT", outgoing.print_run, **print_args(office, doc, copies=5))
    assert "不得多印" in exc.message
    doc.refresh_from_db()
    approval.refresh_from_db()
    assert (doc.stage, approval.state) == (Stage.SIGNED, State.GRANTED)
    assert not Copy.objects.filter(document=doc).exists()
    assert not PrintRun.objects.exists()


@pytest.mark.parametrize("copies", [3, 1])
def test_fewer_copies_than_approved_are_refused__PRINT_COUNT(office, copies):
    """Exactly the approved number is printed: one copy fewer than the four approved is
    refused as surely as one more, and the approval stays for the run of exactly four."""
    doc = signed(office)
    approval = office.approve_all(ask_print(office, doc))
    refused("PRINT-COUNT", outgoing.print_run, **print_args(office, doc, copies=copies))
    approval.refresh_from_db()
    assert approval.state == State.GRANTED
    assert not PrintRun.objects.exists() and not Copy.objects.filter(document=doc).exists()
    run = outgoing.print_run(**print_args(office, doc, copies=4))
    assert run.copies == 4 == Copy.objects.filter(document=doc).count()


def test_an_approval_used_once_cannot_print_twice__PRINT_COUNT(office):
    doc = signed(office)
    approval = office.approve_all(ask_print(office, doc))
    outgoing.print_run(**print_args(office, doc))
    approval.refresh_from_db()
    assert approval.state == State.CONSUMED
    with translation.override("en"):
        exc = refused("PRINT-COUNT", outgoing.print_run, **print_args(office, doc))
    doc.refresh_from_db()  # numbered by its print approval
    assert (
        exc.conflict and exc.message == f"{doc.number} has been printed, 4 copies: no extra copies."
    )
    refused("PRINT-COUNT", outgoing.request_print, **print_request(office, doc))
    assert Copy.objects.filter(document=doc).count() == 4


def test_a_master_neither_deleted_nor_encrypted_is_refused__PRINT_WASTE(office):
    doc = signed(office)
    office.approve_all(ask_print(office, doc))
    refused("PRINT-WASTE", outgoing.print_run, **print_args(office, doc, master="kept"))
    assert not Copy.objects.filter(document=doc).exists()
    run = outgoing.print_run(**print_args(office, doc, master="encrypted", waste_sheets=7))
    assert (run.master, run.waste_sheets) == ("encrypted", 7)


def test_the_printer_and_the_proofreader_are_two_people__PRINT_REGISTER(office):
    doc = signed(office)
    office.approve_all(ask_print(office, doc))
    clerk = office.clerk.person_id
    refused("PRINT-REGISTER", outgoing.print_run, **print_args(office, doc, proofread_by_id=clerk))
    assert not PrintRun.objects.exists()
    run = outgoing.print_run(**print_args(office, doc))
    assert (run.printed_by_id, run.proofread_by_id) == (clerk, office.officer.person_id)
    assert can_know(office.officer.person, doc)  # the proofreader reads it


def test_a_printer_not_cleared_for_the_level_is_refused__CLS_MAC(office, world):
    doc = signed(office)
    office.approve_all(ask_print(office, doc))
    typist = world.person(dept="office", clearance=Clearance.GENERAL)
    refused("CLS-MAC", outgoing.print_run, **print_args(office, doc, printed_by_id=typist.pk))
    assert not can_know(typist, doc)


def test_printing_outside_the_general_office_or_off_a_workstation_is_refused__PRINT_PLACE(office):
    doc = signed(office)
    office.approve_all(ask_print(office, doc))
    tech = office.readers[1].person_id
    for args in ({"printed_by_id": tech}, {"workstation": " "}, {"outside": True}):
        refused("PRINT-PLACE", outgoing.print_run, **print_args(office, doc, **args))
    assert not Copy.objects.filter(document=doc).exists()


def test_printing_outside_needs_the_heads_approval__PRINT_PLACE(office):
    doc = signed(office)
    office.approve_all(ask_print(office, doc, outside=True))
    outside = ApprovalRequest.objects.get(operation="print_outside", subject_id=str(doc.pk))
    assert [s.approver for s in outside.steps.all()] == [office.head.person]
    args = print_args(office, doc, outside=True, printed_by_id=office.readers[1].person_id)
    refused("PRINT-PLACE", outgoing.print_run, **args)  # the head has not approved yet
    office.approve_all(outside)
    run = outgoing.print_run(**args)
    outside.refresh_from_db()
    assert (run.outside, outside.state) == (True, State.CONSUMED)


# --- seal, dispatch, signature --------------------------------------------------------------


def test_sealing_keeps_the_file_copy__OUT_SEAL(office):
    doc = sealed(office)
    file_copy = Copy.objects.get(document=doc, number=4)
    assert (file_copy.state, file_copy.holder, file_copy.location) == (
        CopyState.ARCHIVED,
        None,
        "存档份",
    )
    assert [e.action for e in file_copy.timeline.all()] == ["printed", "sealed"]
    assert doc.sealed_at is not None


def test_only_the_general_office_seals__OUT_SEAL(office, world):
    tech_clerk = world.account(Role.CLERK, dept="tech", clearance=Clearance.CORE)
    doc = printed(office, named_people_ids=[office.clerk.person_id, tech_clerk.person_id])
    refused("OUT-SEAL", dispatch.seal, actor=tech_clerk, document_id=doc.pk, file_copy_number=1)
    doc.refresh_from_db()
    assert doc.stage == Stage.PRINTED
    assert Copy.objects.get(document=doc, number=1).state == CopyState.WITH_CUSTODIAN


def test_an_unsealed_document_is_not_dispatched__OUT_SEAL(office):
    doc = printed(office)
    refused("OUT-SEAL", dispatch.dispatch, **dispatch_args(office, doc))
    assert not Envelope.objects.exists()


@pytest.mark.parametrize(
    "change",
    [
        {"kept_copy_numbers": []},  # copy 3 is missing
        {"kept_copy_numbers": [3, 1]},  # copy 1 sent and kept
        {"kept_copy_numbers": [3, 4]},  # the file copy counted twice
        {
            "envelopes": [
                {"recipient": RECIPIENTS[0], "copy_numbers": [1, 2], "addressee_only": False},
                {"recipient": RECIPIENTS[1], "copy_numbers": [2], "addressee_only": False},
            ]
        },
        {
            "envelopes": [
                {"recipient": RECIPIENTS[2], "copy_numbers": [1, 2], "addressee_only": False}
            ]
        },
    ],
    ids=["missing", "sent-and-kept", "file-copy-twice", "sent-twice", "not-in-distribution"],
)
def test_copies_and_recipients_are_checked_before_dispatch__OUT_CHECK(office, change):
    doc = sealed(office)
    before = states(doc)
    refused("OUT-CHECK", dispatch.dispatch, **dispatch_args(office, doc, **change))
    doc.refresh_from_db()
    assert (doc.stage, states(doc)) == (Stage.SEALED, before)
    assert not Envelope.objects.exists()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            {"kept_copy_numbers": []},
            "3 copies should go out, 2 did. Copy no. 3 was neither sent nor kept.",
        ),
        (
            {"kept_copy_numbers": [3, 1]},
            "1 copy should go out, 2 did. Copy no. 1 is sent, kept or filed more than once.",
        ),
        (
            {
                "kept_copy_numbers": [],
                "envelopes": [{"recipient": RECIPIENTS[0], "copy_numbers": [1]}],
            },
            "3 copies should go out, 1 did. Copies no. 2, 3 were neither sent nor kept.",
        ),
    ],
    ids=["one-missing", "sent-and-kept", "two-missing"],
)
def test_the_dispatch_refusal_counts_the_copies__OUT_CHECK(office, change, message):
    """OUT-CHECK says what is wrong in numbers: how many should go out, how many did, and
    which copies are unaccounted for or counted twice (copy 4 is the file copy)."""
    doc = sealed(office)
    with translation.override("en"):
        refusal = refused("OUT-CHECK", dispatch.dispatch, **dispatch_args(office, doc, **change))
    assert refusal.message == message


def test_an_unknown_copy_number_is_not_found__OUT_CHECK(office):
    doc = sealed(office)
    with pytest.raises(NotFound):
        dispatch.dispatch(**dispatch_args(office, doc, kept_copy_numbers=[3, 9]))


def test_envelopes_carry_level_urgency_addressee_marks_and_number__OUT_ENVELOPE(office):
    doc = sealed(office, urgency=Urgency.VERY_URGENT)
    first, second = dispatch.dispatch(**dispatch_args(office, doc))
    assert [
        (e.recipient, e.level, e.urgency, e.addressee_only, e.contents) for e in (first, second)
    ] == [
        (RECIPIENTS[0], L.SECRET, Urgency.VERY_URGENT, True, "科发〔2026〕7号"),
        (RECIPIENTS[1], L.SECRET, Urgency.VERY_URGENT, False, "科发〔2026〕7号"),
    ]
    assert [c.number for c in first.copies.all()] == [1]


@pytest.mark.parametrize(
    "courier",
    ["post", "missing", "not-cleared", "left"],
)
def test_only_designated_couriers_or_confidential_mail_carry_it__OUT_COURIER(
    office, world, courier
):
    doc = sealed(office)
    if courier == "post":
        change: dict[str, Any] = {"method": "ordinary_post"}
    elif courier == "missing":
        change = {"method": "courier"}
    else:
        person = world.person(
            dept="office",
            clearance=Clearance.GENERAL if courier == "not-cleared" else Clearance.CORE,
        )
        if courier == "left":
            prepare_leaving(person.pk)
            org.mark_left(actor=None, person_id=person.pk)
        change = {"method": "courier", "courier_id": person.pk}
    before = states(doc)
    refused("OUT-COURIER", dispatch.dispatch, **dispatch_args(office, doc, **change))
    assert (states(doc), Envelope.objects.count()) == (before, 0)


def test_a_courier_on_probation_carries_nothing_classified__PPL_PROBATION(office, world):
    doc = sealed(office)
    person = world.person(dept="office", clearance=Clearance.CORE, on_probation=True)
    change = {"method": "courier", "courier_id": person.pk}
    before = states(doc)
    refused("PPL-PROBATION", dispatch.dispatch, **dispatch_args(office, doc, **change))
    assert (states(doc), Envelope.objects.count()) == (before, 0)
    org.end_probation(actor=None, person_id=person.pk, on=timezone.localdate())
    assert len(dispatch.dispatch(**dispatch_args(office, doc, **change))) >= 1


def test_a_classified_envelope_is_signed_for_by_the_head_or_designee__OUT_SIGN(office):
    doc = sealed(office)
    envelope = dispatch.dispatch(**dispatch_args(office, doc))[0]
    args = {
        "actor": office.clerk,
        "envelope_id": envelope.pk,
        "signed_by_name": "门卫",
        "signed_by_title": "传达室",
        "head_or_designee": False,
    }
    refused("OUT-SIGN", dispatch.sign_dispatch, **args)
    envelope.refresh_from_db()
    assert (envelope.signed_at, envelope.signed_by_name) == (None, "")
    dispatch.sign_dispatch(**{**args, "signed_by_name": "陈主任", "head_or_designee": True})
    envelope.refresh_from_db()
    assert envelope.signed_by_name == "陈主任"


def test_an_internal_envelope_is_signed_for_by_whoever_receives_it__OUT_SIGN(office):
    doc = sealed(office, level=L.INTERNAL, term_years=None)
    envelope = dispatch.dispatch(**dispatch_args(office, doc))[0]
    signed_for = dispatch.sign_dispatch(
        actor=office.clerk,
        envelope_id=envelope.pk,
        signed_by_name="收发员",
        signed_by_title="收发室",
        head_or_designee=False,
    )
    assert (signed_for.level, signed_for.signed_by_name) == (L.INTERNAL, "收发员")


def test_signing_for_an_envelope_twice_is_a_conflict__OUT_SIGN(office):
    doc = sealed(office)
    envelope = dispatch.dispatch(**dispatch_args(office, doc))[0]
    args = {
        "actor": office.clerk,
        "envelope_id": envelope.pk,
        "signed_by_name": "陈主任",
        "signed_by_title": "办公室主任",
        "head_or_designee": True,
    }
    dispatch.sign_dispatch(**args)
    exc = refused("OUT-SIGN", dispatch.sign_dispatch, **{**args, "signed_by_name": "别人"})
    assert exc.conflict
    envelope.refresh_from_db()
    assert envelope.signed_by_name == "陈主任"


def test_an_envelope_of_a_document_the_actor_may_not_know_is_not_found__CLS_MAC(office, world):
    doc = sealed(office)
    envelope = dispatch.dispatch(**dispatch_args(office, doc))[0]
    other_clerk = world.account(Role.CLERK, dept="office", clearance=Clearance.CORE)
    with pytest.raises(NotFound):
        dispatch.sign_dispatch(
            actor=other_clerk,
            envelope_id=envelope.pk,
            signed_by_name="陈主任",
            signed_by_title="办公室主任",
            head_or_designee=True,
        )
