"""The outgoing workflow through /api/v1: draft, review chain, sign-off, print approval and
print run, seal, dispatch, the recipient's signature (DRAFT-*, PRINT-*, OUT-*), with the
operations' checks and CLS-MAC non-disclosure."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.utils import timezone

from baomi.access.roles import Role
from baomi.approvals.models import ApprovalRequest
from baomi.carriers.models import Copy, Document, Envelope, PrintRun, Stage
from baomi.carriers.operations import classification
from baomi.core.levels import Clearance, Level
from tests.api.carriers import hidden_like_missing, invalid, refused
from tests.carriers import conftest as carriers
from tests.factories import audit_events

# The office of tests/carriers/conftest.py, as a fixture of this module.
office = carriers.office
L = Level
RECIPIENTS = ["市保密局", "市档案局"]
RECALL = (timezone.localdate() + datetime.timedelta(days=30)).isoformat()


def drafter(api, office):
    return api(office.readers[0])


def approved(office, answer) -> dict[str, Any]:
    """Every approver of the request answered (201) grants it."""
    assert answer.status_code == 201, answer.content
    office.approve_all(ApprovalRequest.objects.get(pk=answer.json()["id"]))
    return answer.json()


def draft_body(office, **kw) -> dict[str, Any]:
    body = {
        "title": "关于年度保密检查的通知",
        "level": L.SECRET,
        "term_years": 10,
        "main_to": "各部门",
        "cc": "市保密局",
        "named_people_ids": [office.clerk.person_id],
    }
    body.update(kw)
    return body


def drafted(api, office, **kw) -> int:
    r = drafter(api, office).post("/drafts", draft_body(office, **kw))
    assert r.status_code == 201, r.content
    return r.json()["id"]


def signed(api, office) -> int:
    doc = drafted(api, office)
    approved(office, drafter(api, office).post(f"/documents/{doc}/submit", {"reason": "请审核"}))
    assert drafter(api, office).post(f"/documents/{doc}/sign-off").status_code == 200
    return doc


def print_request(**kw) -> dict[str, Any]:
    body = {"number": "科发〔2026〕7号", "copies": 4, "recall_date": RECALL}
    body.update({"distribution": RECIPIENTS, **kw})
    return body


def print_body(office, **kw) -> dict[str, Any]:
    body = {
        "copies": 4,
        "printed_by_id": office.clerk.person_id,
        "proofread_by_id": office.officer.person_id,
        "workstation": "涉密计算机 BM-01",
        "waste_sheets": 3,
        "master": "deleted",
    }
    body.update(kw)
    return body


def print_approved(api, office) -> int:
    doc = signed(api, office)
    approved(office, drafter(api, office).post(f"/documents/{doc}/print-requests", print_request()))
    return doc


def sealed(api, office) -> int:
    doc = print_approved(api, office)
    clerk = api(office.clerk)
    assert clerk.post(f"/documents/{doc}/print", print_body(office)).status_code == 201
    assert clerk.post(f"/documents/{doc}/seal", {"file_copy_number": 4}).status_code == 200
    return doc


def dispatch_body(**kw) -> dict[str, Any]:
    body = {
        "envelopes": [
            {"recipient": RECIPIENTS[0], "copy_numbers": [1], "addressee_only": True},
            {"recipient": RECIPIENTS[1], "copy_numbers": [2]},
        ],
        "kept_copy_numbers": [3],
        "method": "confidential_post",
    }
    body.update(kw)
    return body


def stage(doc: int) -> str:
    return Document.objects.get(pk=doc).stage


# The whole way ------------------------------------------------------------------------------


def test_draft_to_signed_receipt__DRAFT_CHAIN(office, api):
    """Draft → review chain → sign-off → print approval → print run → seal → dispatch →
    signed receipt, each step an API call."""
    author, clerk = drafter(api, office), api(office.clerk)
    r = author.post("/drafts", draft_body(office))
    assert r.status_code == 201, r.content
    draft = r.json()
    assert (draft["kind"], draft["stage"], draft["main_to"]) == ("outgoing", "draft", "各部门")
    assert draft["number"] == f"草稿 {draft['id']}"
    doc = draft["id"]

    review = approved(office, author.post(f"/documents/{doc}/submit", {"reason": "请审核"}))
    assert review["rule_id"] == "DRAFT-CHAIN"
    assert [s["approver_id"] for s in review["steps"]] == [
        office.tech_head.person_id,
        office.leader.person_id,
        office.head.person_id,
    ]
    signed_off = author.post(f"/documents/{doc}/sign-off").json()
    assert (signed_off["stage"], signed_off["signed_off_by_id"]) == (
        "signed",
        office.head.person_id,
    )

    asked = approved(office, author.post(f"/documents/{doc}/print-requests", print_request()))
    assert asked["rule_id"] == "PRINT-APPROVE" and asked["params"]["recall_date"] == RECALL
    run = clerk.post(f"/documents/{doc}/print", print_body(office))
    assert run.status_code == 201, run.content
    assert (run.json()["copies"], run.json()["master"]) == (4, "deleted")
    sealed_doc = clerk.post(f"/documents/{doc}/seal", {"file_copy_number": 4}).json()
    assert (sealed_doc["stage"], sealed_doc["number"], sealed_doc["copies_count"]) == (
        "sealed",
        "科发〔2026〕7号",
        4,
    )
    assert sealed_doc["distribution"] == RECIPIENTS and sealed_doc["recall_date"] == RECALL

    sent = clerk.post(f"/documents/{doc}/dispatch", dispatch_body())
    assert sent.status_code == 201, sent.content
    first, second = sent.json()
    assert (first["recipient"], first["copy_numbers"], first["addressee_only"]) == (
        RECIPIENTS[0],
        [1],
        True,
    )
    assert (first["level"], first["contents"], second["copy_numbers"]) == (
        L.SECRET,
        "科发〔2026〕7号",
        [2],
    )
    assert stage(doc) == Stage.DISPATCHED
    receipt = clerk.post(
        f"/envelopes/{first['id']}/signature",
        {"signed_by_name": "刘处长", "signed_by_title": "办公室主任", "head_or_designee": True},
    )
    assert receipt.status_code == 200 and receipt.json()["signed_at"], receipt.content
    assert [c.state for c in Copy.objects.filter(document_id=doc).order_by("number")] == [
        "dispatched",
        "dispatched",
        "with_custodian",
        "archived",
    ]
    assert len(audit_events("carriers.dispatch_signed")) == 1


# Drafting and the review chain --------------------------------------------------------------


def test_a_draft_names_whom_it_is_addressed_to__DRAFT_FORM(office, api):
    refused(drafter(api, office).post("/drafts", draft_body(office, main_to=" ")), "DRAFT-FORM")
    assert not Document.objects.exists()


def test_a_draft_is_never_below_its_catalogue_entry__CLS_CATALOG(office, api):
    entry = classification.add_catalogue_entry(
        actor=office.officer, matter="薪酬", level=L.SECRET, term_years=10
    )
    body = draft_body(office, level=L.CONFIDENTIAL, catalogue_entry_id=entry.pk)
    refused(drafter(api, office).post("/drafts", body), "CLS-CATALOG")
    assert not Document.objects.exists()


@pytest.mark.parametrize(
    "bad",
    [
        {"title": None},
        {"title": "长" * 301},
        {"urgency": "asap"},
        {"source_document_ids": "all"},
        {"level": "x"},
    ],
)
def test_malformed_draft_is_422(office, api, bad):
    invalid(drafter(api, office).post("/drafts", draft_body(office, **bad)))
    assert not Document.objects.exists()


def test_sign_off_needs_the_granted_chain__DRAFT_CHAIN(office, api):
    doc = drafted(api, office)
    refused(drafter(api, office).post(f"/documents/{doc}/sign-off"), "DRAFT-CHAIN")
    assert stage(doc) == Stage.DRAFT


def test_submitting_twice_is_a_conflict__DRAFT_CHAIN(office, api):
    doc = drafted(api, office)
    assert drafter(api, office).post(f"/documents/{doc}/submit").status_code == 201
    refused(drafter(api, office).post(f"/documents/{doc}/submit"), "DRAFT-CHAIN", 409)


def test_someone_elses_draft_is_not_found__CLS_MAC(office, api):
    """A reader outside the draft's scope gets the answer of a missing document."""
    doc = drafted(api, office)
    other = api(office.readers[1])
    for verb in ("submit", "sign-off"):
        hidden_like_missing(
            other, "POST", f"/documents/{doc}/{verb}", f"/documents/{doc + 1000}/{verb}"
        )
    assert not ApprovalRequest.objects.exists()


# Printing -----------------------------------------------------------------------------------


def test_printing_needs_an_approval__PRINT_APPROVE(office, api):
    doc = signed(api, office)
    refused(api(office.clerk).post(f"/documents/{doc}/print", print_body(office)), "PRINT-APPROVE")
    assert not PrintRun.objects.exists() and not Copy.objects.filter(document_id=doc).exists()


def test_exactly_the_approved_copies_are_printed__PRINT_COUNT(office, api):
    doc = print_approved(api, office)
    r = api(office.clerk).post(f"/documents/{doc}/print", print_body(office, copies=5))
    refused(r, "PRINT-COUNT")
    assert stage(doc) == Stage.SIGNED and not PrintRun.objects.exists()


def test_printer_and_proofreader_differ__PRINT_REGISTER(office, api):
    doc = print_approved(api, office)
    body = print_body(office, proofread_by_id=office.clerk.person_id)
    refused(api(office.clerk).post(f"/documents/{doc}/print", body), "PRINT-REGISTER")
    assert not PrintRun.objects.exists()


def test_the_master_is_deleted_or_encrypted__PRINT_WASTE(office, api):
    doc = print_approved(api, office)
    body = print_body(office, master="kept on a USB stick")
    refused(api(office.clerk).post(f"/documents/{doc}/print", body), "PRINT-WASTE")
    assert not PrintRun.objects.exists()


@pytest.mark.parametrize(
    "bad",
    [
        {"recall_date": "next month"},
        {"copies": "four"},
        {"distribution": "市保密局"},
        {"distribution": ["长" * 201]},
    ],
)
def test_malformed_print_request_is_422(office, api, bad):
    doc = signed(api, office)
    invalid(drafter(api, office).post(f"/documents/{doc}/print-requests", print_request(**bad)))


def test_a_recall_date_in_the_past_is_422(office, api):
    doc = signed(api, office)
    body = print_request(recall_date="2020-01-01")
    assert invalid(drafter(api, office).post(f"/documents/{doc}/print-requests", body))[
        "field"
    ] == ("recall_date")


# Seal, dispatch, signature ------------------------------------------------------------------


def test_sealing_twice_is_a_conflict__OUT_SEAL(office, api):
    doc = sealed(api, office)
    refused(
        api(office.clerk).post(f"/documents/{doc}/seal", {"file_copy_number": 3}), "OUT-SEAL", 409
    )


def test_never_by_ordinary_post__OUT_COURIER(office, api):
    doc = sealed(api, office)
    r = api(office.clerk).post(f"/documents/{doc}/dispatch", dispatch_body(method="post"))
    refused(r, "OUT-COURIER")
    assert stage(doc) == Stage.SEALED and not Envelope.objects.exists()


def test_every_copy_sent_kept_or_filed_once__OUT_CHECK(office, api):
    doc = sealed(api, office)
    r = api(office.clerk).post(f"/documents/{doc}/dispatch", dispatch_body(kept_copy_numbers=[]))
    refused(r, "OUT-CHECK")
    strangers = dispatch_body(
        envelopes=[{"recipient": "某公司", "copy_numbers": [1, 2]}], kept_copy_numbers=[3]
    )
    refused(api(office.clerk).post(f"/documents/{doc}/dispatch", strangers), "OUT-CHECK")
    assert not Envelope.objects.exists()


def test_malformed_dispatch_is_422(office, api):
    doc = sealed(api, office)
    invalid(api(office.clerk).post(f"/documents/{doc}/dispatch", dispatch_body(envelopes="all")))
    bad = dispatch_body(envelopes=[{"copy_numbers": [1]}])
    invalid(api(office.clerk).post(f"/documents/{doc}/dispatch", bad))


def test_a_classified_envelope_is_signed_by_the_head_or_designee__OUT_SIGN(office, api):
    doc = sealed(api, office)
    clerk = api(office.clerk)
    envelope = clerk.post(f"/documents/{doc}/dispatch", dispatch_body()).json()[0]["id"]
    body = {"signed_by_name": "某科员", "signed_by_title": "科员", "head_or_designee": False}
    refused(clerk.post(f"/envelopes/{envelope}/signature", body), "OUT-SIGN")
    assert Envelope.objects.get(pk=envelope).signed_at is None


def test_an_envelope_of_an_unknowable_document_is_not_found__CLS_MAC(office, api):
    doc = sealed(api, office)
    envelope = api(office.clerk).post(f"/documents/{doc}/dispatch", dispatch_body()).json()[0]
    other_clerk = api(office.world.account(Role.CLERK, dept="office", clearance=Clearance.CORE))
    body = {"signed_by_name": "刘", "signed_by_title": "主任", "head_or_designee": True}
    hidden_like_missing(
        other_clerk,
        "POST",
        f"/envelopes/{envelope['id']}/signature",
        f"/envelopes/{envelope['id'] + 1000}/signature",
        body=body,
    )
