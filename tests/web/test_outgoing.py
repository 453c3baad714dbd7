"""The outgoing workflow's pages (JOURNEYS §2): the draft with the catalogue's level and term,
then one page per document where every step done stays visible above the next step's form:
review chain, sign-off, print approval, print run, seal, dispatch, signed receipts."""

from __future__ import annotations

import datetime
from typing import Any

from django.urls import reverse
from django.utils import timezone

from baomi.access.roles import Role
from baomi.approvals.models import ApprovalRequest
from baomi.carriers.models import CatalogueEntry, Copy, CopyState, Document, Envelope, Stage
from baomi.carriers.operations import dispatch, outgoing
from baomi.core.levels import Level
from tests.carriers import conftest as carriers
from tests.web.conftest import post_refused, signed_in

office = carriers.office  # the fixture: an office with its clerk, leaders and readers
RECIPIENTS = ["市保密局", "市档案局"]


def drafter(office):
    return office.readers[0]


def steps(doc: Document) -> str:
    return reverse("outgoing_document", args=[doc.pk])


def draft_data(office, **kw: Any) -> dict[str, Any]:
    data = {
        "title": "关于年度保密检查的通知",
        "main_to": "各部门",
        "cc": "市保密局",
        "level": int(Level.SECRET),
        "term_years": 10,
        "urgency": "normal",
        "carrier_type": "paper",
        "named_people": [office.clerk.person_id],
    }
    data.update(kw)
    return data


def drafted(office) -> Document:
    return outgoing.draft_document(
        actor=drafter(office),
        title="关于年度保密检查的通知",
        level=Level.SECRET,
        term_years=10,
        main_to="各部门",
        named_people_ids=[office.clerk.person_id],
    )


def signed(office) -> Document:
    doc = drafted(office)
    office.approve_all(outgoing.submit_draft(actor=drafter(office), document_id=doc.pk))
    return outgoing.sign_off(actor=drafter(office), document_id=doc.pk)


def print_approved(office) -> Document:
    doc = signed(office)
    office.approve_all(
        outgoing.request_print(
            actor=drafter(office),
            document_id=doc.pk,
            number="科发〔2026〕7号",
            copies=4,
            recall_date=timezone.localdate() + datetime.timedelta(days=30),
            distribution=RECIPIENTS,
        )
    )
    return doc


def print_data(office, **kw: Any) -> dict[str, Any]:
    data = {
        "copies": 4,
        "printed_by": office.clerk.person_id,
        "proofread_by": office.officer.person_id,
        "workstation": "涉密计算机 BM-01",
        "waste_sheets": 3,
        "master": "deleted",
    }
    data.update(kw)
    return data


def sealed(office) -> Document:
    doc = print_approved(office)
    outgoing.print_run(
        actor=office.clerk,
        document_id=doc.pk,
        copies=4,
        printed_by_id=office.clerk.person_id,
        proofread_by_id=office.officer.person_id,
        workstation="BM-01",
        waste_sheets=0,
        master="deleted",
    )
    return dispatch.seal(actor=office.clerk, document_id=doc.pk, file_copy_number=4)


def status(html: str, step: str) -> str:
    return html.split(f'data-step="{step}" data-status="')[1].split('"')[0]


def test_every_role_that_knows_items_opens_the_outgoing_pages(office, world):
    auditor = world.account(Role.AUDITOR)
    for account in (drafter(office), office.clerk, office.leader):
        client = signed_in(account)
        assert client.get(reverse("outgoing")).status_code == 200
        assert client.get(reverse("outgoing_draft")).status_code == 200
    assert signed_in(auditor).get(reverse("outgoing")).status_code == 403
    assert signed_in(auditor).get(reverse("outgoing_draft")).status_code == 403


def test_the_catalogue_fills_the_drafts_level_and_term__CLS_CATALOG(office):
    entry = CatalogueEntry.objects.create(
        organisation=office.world.organisation, matter="薪金制度", level=Level.SECRET, term_years=20
    )
    client = signed_in(drafter(office))
    html = client.get(reverse("outgoing_draft"), {"catalogue_entry": entry.pk}).content.decode()
    assert f'<option value="{int(Level.SECRET)}" selected>' in html
    assert 'name="term_years" value="20"' in html
    response = client.post(
        reverse("outgoing_draft"),
        draft_data(office, level="", term_years="", catalogue_entry=entry.pk),
    )
    doc = Document.objects.get(title="关于年度保密检查的通知")
    assert response.status_code == 303 and response.url == steps(doc)
    assert (doc.level, doc.term_years, doc.catalogue_entry, doc.stage) == (
        Level.SECRET,
        20,
        entry,
        Stage.DRAFT,
    )


def test_a_draft_below_its_sources_is_refused_with_the_clause__CLS_DERIVE(office):
    source = office.incoming(level=Level.SECRET, readers=[drafter(office)]).document
    page = reverse("outgoing_draft")
    html = post_refused(
        signed_in(drafter(office)),
        page,
        draft_data(office, level=int(Level.CONFIDENTIAL), sources=[source.pk]),
        page=page,
    )
    assert 'data-rule="CLS-DERIVE"' in html
    assert not Document.objects.filter(title="关于年度保密检查的通知").exists()


def test_a_draft_without_a_level_is_refused__CLS_MARK(office):
    page = reverse("outgoing_draft")
    html = post_refused(
        signed_in(drafter(office)), page, draft_data(office, level="", term_years=""), page=page
    )
    assert 'data-rule="CLS-MARK"' in html


def test_the_whole_workflow_through_the_pages__DRAFT_CHAIN__PRINT_APPROVE__OUT_SIGN(office):
    """Draft → review → sign-off → print approval → print → seal → dispatch → signature,
    each step one form on the document's page, the steps done shown above it."""
    writer = signed_in(drafter(office))
    writer.post(reverse("outgoing_draft"), draft_data(office))
    doc = Document.objects.get(title="关于年度保密检查的通知")
    html = writer.get(steps(doc)).content.decode()
    assert status(html, "draft") == "done" and status(html, "review") == "current"
    assert 'data-form="submit"' in html

    assert (
        writer.post(reverse("outgoing_submit", args=[doc.pk]), {"reason": "请审"}).status_code
        == 303
    )
    office.approve_all(ApprovalRequest.objects.get(operation="sign_off"))
    html = writer.get(steps(doc)).content.decode()
    assert status(html, "review") == "done" and status(html, "sign_off") == "current"
    writer.post(reverse("outgoing_sign_off", args=[doc.pk]))
    doc.refresh_from_db()
    assert (doc.stage, doc.signed_off_by) == (Stage.SIGNED, office.head.person)

    recall = timezone.localdate() + datetime.timedelta(days=30)
    html = writer.get(steps(doc)).content.decode()
    assert status(html, "print_approval") == "current" and 'data-form="print-request"' in html
    writer.post(
        reverse("outgoing_print_request", args=[doc.pk]),
        {
            "number": "科发〔2026〕7号",
            "copies": 4,
            "recall_date": recall.isoformat(),
            "distribution": "\n".join(RECIPIENTS),
        },
    )
    office.approve_all(ApprovalRequest.objects.get(operation="print_run"))

    clerk = signed_in(office.clerk)
    html = clerk.get(steps(doc)).content.decode()
    assert status(html, "print") == "current" and 'data-form="print"' in html
    assert 'data-form="print"' not in writer.get(steps(doc)).content.decode()  # the clerk prints
    assert (
        clerk.post(reverse("outgoing_print", args=[doc.pk]), print_data(office)).status_code == 303
    )
    assert Copy.objects.filter(document=doc).count() == 4

    clerk.post(reverse("outgoing_seal", args=[doc.pk]), {"file_copy_number": 4})
    html = clerk.get(steps(doc)).content.decode()
    assert status(html, "seal") == "done" and 'data-form="dispatch"' in html
    clerk.post(
        reverse("outgoing_dispatch", args=[doc.pk]),
        {
            "copies_0": "1",
            "only_0": "on",
            "copies_1": "2",
            "kept": "3",
            "method": "confidential_post",
        },
    )
    envelopes = list(Envelope.objects.filter(document=doc).order_by("pk"))
    assert [(e.recipient, e.addressee_only) for e in envelopes] == [
        (RECIPIENTS[0], True),
        (RECIPIENTS[1], False),
    ]
    for envelope in envelopes:
        clerk.post(
            reverse("envelope_sign", args=[envelope.pk]),
            {"signed_by_name": "陈主任", "signed_by_title": "办公室主任", "head_or_designee": "on"},
        )
    html = clerk.get(steps(doc)).content.decode()
    assert all(
        status(html, step) == "done"
        for step in ("draft", "review", "sign_off", "print_approval", "print", "seal")
    )
    assert status(html, "dispatch") == "done" and status(html, "receipt") == "done"
    assert "陈主任" in html and "科发〔2026〕7号" in html
    assert [c.state for c in Copy.objects.filter(document=doc).order_by("number")] == [
        CopyState.DISPATCHED,
        CopyState.DISPATCHED,
        CopyState.WITH_CUSTODIAN,
        CopyState.ARCHIVED,
    ]


def test_signing_off_before_the_chain_has_approved_is_refused__DRAFT_CHAIN(office):
    doc = drafted(office)
    outgoing.submit_draft(actor=drafter(office), document_id=doc.pk)
    html = post_refused(
        signed_in(drafter(office)), reverse("outgoing_sign_off", args=[doc.pk]), page=steps(doc)
    )
    assert 'data-rule="DRAFT-CHAIN"' in html
    doc.refresh_from_db()
    assert doc.stage == Stage.DRAFT


def test_printing_more_than_approved_is_refused__PRINT_COUNT(office):
    doc = print_approved(office)
    html = post_refused(
        signed_in(office.clerk),
        reverse("outgoing_print", args=[doc.pk]),
        print_data(office, copies=5),
        page=steps(doc),
    )
    assert 'data-rule="PRINT-COUNT"' in html
    assert not Copy.objects.filter(document=doc).exists()


def test_a_copy_neither_sent_nor_kept_is_refused__OUT_CHECK(office):
    doc = sealed(office)
    html = post_refused(
        signed_in(office.clerk),
        reverse("outgoing_dispatch", args=[doc.pk]),
        {"copies_0": "1", "copies_1": "2", "kept": "", "method": "confidential_post"},
        page=steps(doc),
    )
    assert 'data-rule="OUT-CHECK"' in html
    assert not Envelope.objects.exists()


def test_staff_may_not_print(office):
    """Printing is the register keeper's work: the page guard answers 403, nothing printed."""
    doc = print_approved(office)
    response = signed_in(drafter(office)).post(
        reverse("outgoing_print", args=[doc.pk]), print_data(office)
    )
    assert response.status_code == 403
    assert not Copy.objects.filter(document=doc).exists()


def test_a_draft_the_actor_may_not_know_is_not_found__CLS_MAC(office):
    doc = drafted(office)
    client = signed_in(office.readers[2])
    assert client.get(steps(doc)).status_code == 404
    assert client.post(reverse("outgoing_submit", args=[doc.pk])).status_code == 404
    assert not ApprovalRequest.objects.exists()
