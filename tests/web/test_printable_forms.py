"""The paper forms printed from the pages (core.paper): each linked from its item's page, each
page marked at the head and the foot with the highest level it lists and the 份号 where it
concerns one copy (CLS-MARK), with its signature lines; "not found" for a person who may not
know the item (CLS-MAC); every print in the audit log. And the register PDFs marked with the
highest level they list."""

from __future__ import annotations

import datetime
from urllib.parse import unquote

import pytest
from django.urls import reverse
from django.utils import timezone

from baomi.access.roles import Role
from baomi.approvals import operations as approvals
from baomi.approvals.models import ApprovalRequest
from baomi.carriers.models import Destruction, Envelope
from baomi.carriers.operations import circulation, dispatch, use
from baomi.carriers.operations import destruction as destruction_ops
from baomi.carriers.operations import handover as handover_ops
from baomi.core.levels import Clearance, Level
from tests.carriers import conftest as carriers
from tests.carriers.test_outgoing import dispatch_args, sealed
from tests.core.test_paper import assert_marked, pages
from tests.devices.conftest import ledger  # noqa: F401 (the fixture)
from tests.factories import audit_events
from tests.web.conftest import signed_in
from tests.web.test_device_care import cared  # noqa: F401 (the fixture)

office = carriers.office  # the fixture: an office with its clerk, leaders and readers


@pytest.fixture
def outsider(office):
    """A clerk cleared only for 秘密: every page of the clerk, none of the 机密 items."""
    return office.world.account(
        Role.CLERK, dept="office", clearance=Clearance.GENERAL, name="孙机要"
    )


def pdf(client, url: str) -> bytes:
    response = client.get(url)
    assert response.status_code == 200, response.content[:500]
    assert response["Content-Type"] == "application/pdf"
    return response.content


def printed_forms() -> list[str]:
    return [e["data"]["form"] for e in audit_events("carriers.form_printed")]


def test_the_routing_slip_lists_the_readers_in_order_with_their_lines__CIRC_SIGN(office, outsider):
    entry = office.incoming(level=Level.SECRET)
    copies = office.copies(entry)
    for reader, copy in zip(office.readers[:2], copies, strict=False):
        circulation.circulate(actor=office.clerk, copy_id=copy.pk, reader_id=reader.person_id)
    client = signed_in(office.clerk)
    html = client.get(reverse("incoming_entry", args=[entry.pk])).content.decode()
    url = reverse("print_routing_slip", args=[entry.pk])
    assert url in html and 'data-print="routing-slip"' in html
    (page,) = assert_marked(pdf(client, url), "机密★10年")
    text = page.text
    assert "呈批传阅笺" in text and entry.document.number in text and "阅文人签名" in text
    assert text.index("张一") < text.index("张二")  # in the order they were handed a copy
    assert "第001份" in text and "第002份" in text
    assert printed_forms() == ["routing_slip"]
    assert signed_in(outsider).get(url).status_code == 404  # CLS-MAC
    assert printed_forms() == ["routing_slip"]


def test_the_hand_over_list_is_signed_by_both_sides__HANDOVER(office, outsider):
    copies = office.copies(office.incoming(level=Level.TOP_SECRET, readers=[office.officer]))
    identity = {
        "from_person_id": office.clerk.person_id,
        "to_person_id": office.officer.person_id,
        "reason": "leaving",
        "copy_ids": [c.pk for c in copies],
    }
    office.approve_all(handover_ops.request_handover(actor=office.officer, **identity))
    handover = handover_ops.hand_over(actor=office.officer, **identity)
    client = signed_in(office.officer)
    url = reverse("print_handover_list", args=[handover.pk])
    assert url in client.get(reverse("handover", args=[handover.pk])).content.decode()
    printed = assert_marked(pdf(client, url), "绝密★")
    text = "".join(p.text for p in printed)
    assert "移交清单" in text and "共计 3 份" in text
    assert "移交人：王机要" in text and "接收人：周保密" in text and "监交人：" in text
    assert all(f"第00{n}份" in text for n in (1, 2, 3))
    assert signed_in(outsider).get(url).status_code == 404  # CLS-MAC
    assert signed_in(office.readers[0]).get(url).status_code == 404  # neither side


def test_the_destruction_list_has_a_line_per_supervisor__DESTROY_WITNESS(office, outsider):
    copies = office.copies(office.incoming(level=Level.SECRET, copies=2))
    office.approve_all(
        destruction_ops.request_destruction(
            actor=office.clerk, copy_ids=[c.pk for c in copies], reason="过期"
        )
    )
    destruction_ops.destroy(
        actor=office.clerk,
        copy_ids=[c.pk for c in copies],
        method="shredding",
        place="保密室碎纸机",
        operator_id=office.clerk.person_id,
        witness_ids=[office.officer.person_id, office.director.person_id],
    )
    destroyed = Destruction.objects.get()
    client = signed_in(office.clerk)
    url = reverse("print_destruction_list", args=[destroyed.pk])
    assert url in client.get(reverse("destruction")).content.decode()
    (page,) = assert_marked(pdf(client, url), "机密★")
    text = page.text
    assert "销毁清单" in text and "保密室碎纸机" in text and "共计 2 项" in text
    assert text.count("监销人：") == 2
    assert "监销人：周保密" in text and "监销人：李主任" in text and "销毁人：王机要" in text
    assert "第001份" in text and "第002份" in text
    assert printed_forms() == ["destruction"]
    assert signed_in(outsider).get(url).status_code == 404  # CLS-MAC


def test_the_loan_form_names_the_borrower_the_due_date_and_the_approvers__LOAN_APPROVE(
    office, outsider
):
    copy = office.copies(office.incoming(level=Level.SECRET))[1]
    due = timezone.localdate() + datetime.timedelta(days=5)
    request = use.request_loan(
        actor=office.readers[0],
        copy_id=copy.pk,
        borrower_id=office.readers[0].person_id,
        due_date=due,
        purpose="起草报告",
    )
    office.approve_all(request)
    client = signed_in(office.clerk)
    url = reverse("print_approval_form", args=[copy.pk, request.pk])
    assert url in client.get(reverse("copy_use", args=[copy.pk])).content.decode()
    (page,) = assert_marked(pdf(client, url), "机密★10年", "第002份")
    text = page.text
    assert "借阅登记单" in text and f"{due:%Y-%m-%d}" in text and "起草报告" in text
    assert "借阅人：张一" in text
    approvers = [s.approver.name for s in request.steps.all()]
    assert approvers and all(f"审批人：{name}" in text for name in approvers)
    assert signed_in(outsider).get(url).status_code == 404  # CLS-MAC
    other = office.copies(office.incoming(level=Level.SECRET))[0]
    wrong = reverse("print_approval_form", args=[other.pk, request.pk])
    assert client.get(wrong).status_code == 404  # the request is about another copy


def test_the_reproduction_form_says_how_many_copies__COPY_APPROVE(office):
    copy = office.copies(office.incoming(level=Level.CONFIDENTIAL))[0]
    request = use.request_reproduction(
        actor=office.clerk, copy_id=copy.pk, count=2, method="photocopy", reason="会议"
    )
    (page,) = assert_marked(
        pdf(signed_in(office.clerk), reverse("print_approval_form", args=[copy.pk, request.pk])),
        "秘密★10年",
        "第001份",
    )
    assert "复制审批单" in page.text and "复印" in page.text and "复制份数" in page.text


def test_the_envelope_cover_and_the_receipt_of_a_dispatched_envelope__OUT_ENVELOPE__OUT_SIGN(
    office, outsider
):
    doc = sealed(office)
    dispatch.dispatch(**dispatch_args(office, doc))
    envelope = Envelope.objects.get(
        recipient=dispatch_args(office, doc)["envelopes"][0]["recipient"]
    )
    client = signed_in(office.clerk)
    html = client.get(reverse("outgoing_document", args=[doc.pk])).content.decode()
    cover_url = reverse("print_envelope_cover", args=[envelope.pk])
    receipt_url = reverse("print_envelope_receipt", args=[envelope.pk])
    assert cover_url in html and receipt_url in html
    (cover,) = assert_marked(pdf(client, cover_url), "机密★", "第001份")
    assert "亲收" in cover.text and envelope.recipient in cover.text and doc.number in cover.text
    (receipt,) = assert_marked(pdf(client, receipt_url), "机密★10年", "第001份")
    assert "签收回执" in receipt.text and "签收人：" in receipt.text
    assert signed_in(outsider).get(cover_url).status_code == 404  # CLS-MAC
    assert signed_in(outsider).get(receipt_url).status_code == 404


def test_copy_labels_carry_each_copy_number_and_a_qr_code(office, outsider):
    doc = office.incoming(level=Level.SECRET, copies=3).document
    client = signed_in(office.clerk)
    url = reverse("print_labels", args=[doc.pk])
    assert url in client.get(reverse("document", args=[doc.pk])).content.decode()
    (page,) = assert_marked(pdf(client, url), "机密★10年")
    assert all(f"第00{n}份" in page.text for n in (1, 2, 3)) and doc.number in page.text
    assert signed_in(outsider).get(url).status_code == 404  # CLS-MAC


def test_a_register_listing_a_top_secret_title_is_marked_top_secret__CLS_MARK(office):
    office.incoming(level=Level.SECRET)
    office.incoming(level=Level.TOP_SECRET, readers=[office.officer])
    url = reverse("register", args=["incoming"])
    printed = assert_marked(pdf(signed_in(office.clerk), f"{url}?format=pdf"), "绝密★")
    assert "机密" in "".join(p.text for p in printed)
    only_secret = f"{url}?format=pdf&level={int(Level.SECRET)}"
    secret = pages(pdf(signed_in(office.clerk), only_secret))
    assert not any("绝密" in p.text for p in secret)
    assert_marked(pdf(signed_in(office.clerk), only_secret), "机密★")


def test_a_disposal_prints_its_destruction_list__DESTROY_WITNESS(cared):  # noqa: F811
    officer = signed_in(cared.officer)
    stick = cared.stick
    officer.post(
        reverse("disposal_request", args=[stick.pk]), {"outcome": "destroyed", "reason": "损坏"}
    )
    request = ApprovalRequest.objects.get(rule_id="DESTROY-APPROVE", state="pending")
    approvals.decide(actor=cared.leader, request_id=request.pk, approve=True)
    officer.post(
        reverse("dispose", args=[stick.pk]),
        {
            "outcome": "destroyed",
            "method": "shredded",
            "place": "定点销毁中心",
            "operator": cared.office.person_id,
            "witnesses": [cared.officer.person_id, cared.director.person_id],
        },
    )
    care = officer.get(reverse("device_care")).content.decode()
    url = care.split('data-print="destruction-list"')[0].rsplit('href="', 1)[1].split('"')[0]
    (page,) = assert_marked(pdf(officer, url), "机密★")
    assert "销毁清单" in page.text and "U-S1" in page.text and page.text.count("监销人：") == 2
    assert "销毁人：" in page.text and "定点销毁中心" in page.text
    assert [e["data"]["form"] for e in audit_events("devices.form_printed")] == ["destruction"]
    assert signed_in(cared.office).get(url).status_code in (403, 404)


def test_the_equipment_ledger_pdf_is_marked_with_its_highest_level__CLS_MARK(cared):  # noqa: F811
    officer = signed_in(cared.officer)
    content = pdf(officer, f"{reverse('devices')}?format=pdf")
    assert_marked(content, "机密★")
    unclassified = pdf(officer, f"{reverse('devices')}?format=pdf&level=0")
    assert not any("★" in p.text for p in pages(unclassified))


def test_a_printed_form_is_saved_under_its_chinese_title(office):
    """呈批传阅笺_12.pdf: the form's title and the item, as RFC 5987's UTF-8 filename*."""
    entry = office.incoming(level=Level.SECRET)
    response = signed_in(office.clerk).get(reverse("print_routing_slip", args=[entry.pk]))
    name = unquote(response["Content-Disposition"].split("filename*=UTF-8''")[1])
    assert name == f"呈批传阅笺_{entry.pk}.pdf"
