"""A copy's page (RULES.md §5): anyone who may know it asks to reproduce, borrow or take it
out; its custodian carries out what was approved in one click, takes it to a meeting; the
fax register's form. Refusals show the clause that refused."""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils import timezone

from baomi.access.roles import Role
from baomi.approvals.models import ApprovalRequest, State
from baomi.carriers.models import Copy, CopyState, Custody, FaxEntry, Reproduction
from baomi.core.levels import Level
from tests.carriers import conftest as carriers
from tests.web.conftest import post_refused, signed_in

office = carriers.office  # the fixture: an office with its clerk, leaders and readers


def in_days(n: int) -> str:
    return (timezone.localdate() + datetime.timedelta(days=n)).isoformat()


def first_copy(office, **kw) -> Copy:
    return office.copies(office.incoming(**kw))[0]


def page(copy: Copy) -> str:
    return reverse("copy_use", args=[copy.pk])


def test_the_document_page_links_each_copy_to_its_page(office):
    copy = first_copy(office)
    html = signed_in(office.readers[0]).get(reverse("document", args=[copy.document_id]))
    html = html.content.decode()
    assert f'data-use="{copy.pk}"' in html and page(copy) in html


def test_the_copy_page_is_for_those_who_may_know_it__CLS_MAC(office, world):
    copy = first_copy(office, readers=office.readers[:1])
    assert signed_in(office.readers[0]).get(page(copy)).status_code == 200
    assert signed_in(office.readers[1]).get(page(copy)).status_code == 404  # outside the scope
    assert signed_in(world.account(Role.AUDITOR)).get(page(copy)).status_code == 403
    html = signed_in(office.clerk).get(page(copy)).content.decode()
    assert 'id="custodian"' in html  # the custodian's forms
    assert 'id="custodian"' not in signed_in(office.readers[0]).get(page(copy)).content.decode()


def test_a_reader_borrows_and_the_custodian_lends_in_one_click__LOAN_APPROVE(office):
    copy = first_copy(office)
    reader = office.readers[0]
    response = signed_in(reader).post(
        reverse("copy_loan_request", args=[copy.pk]),
        {"borrower": reader.person_id, "due_date": in_days(3), "purpose": "起草参考"},
    )
    assert response.status_code == 303 and response.url == page(copy)
    office.approve_all(ApprovalRequest.objects.get(operation="lend"))
    clerk = signed_in(office.clerk)
    html = clerk.get(page(copy)).content.decode()
    assert 'data-action="lend"' in html
    response = clerk.post(
        reverse("copy_lend", args=[copy.pk]),
        {"borrower": reader.person_id, "due_date": in_days(3), "purpose": "起草参考"},
    )
    assert response.status_code == 303
    copy.refresh_from_db()
    assert (copy.state, copy.holder_id) == (CopyState.ON_LOAN, reader.person_id)
    assert ApprovalRequest.objects.get(operation="lend").state == State.CONSUMED


def test_lending_without_approval_is_refused_with_the_clause__LOAN_APPROVE(office):
    copy = first_copy(office)
    html = post_refused(
        signed_in(office.clerk),
        reverse("copy_lend", args=[copy.pk]),
        {"borrower": office.readers[0].person_id, "due_date": in_days(3), "purpose": "参考"},
        page=page(copy),
    )
    assert 'data-rule="LOAN-APPROVE"' in html
    copy.refresh_from_db()
    assert copy.state == CopyState.WITH_CUSTODIAN and not Custody.objects.exists()


def test_an_approved_reproduction_is_registered_from_the_copy_page__COPY_APPROVE(office):
    copy = first_copy(office, level=Level.SECRET)
    signed_in(office.readers[0]).post(
        reverse("copy_reproduction_request", args=[copy.pk]),
        {"count": 2, "method": "photocopy", "reason": "会议用"},
    )
    office.approve_all(ApprovalRequest.objects.get(operation="reproduce"))
    clerk = signed_in(office.clerk)
    assert 'data-action="reproduce"' in clerk.get(page(copy)).content.decode()
    response = clerk.post(
        reverse("copy_reproduce", args=[copy.pk]),
        {"count": 2, "method": "photocopy", "made_by": office.clerk.person_id},
    )
    assert response.status_code == 303
    assert Reproduction.objects.get().count == 2
    assert Copy.objects.filter(reproduced_from=copy).count() == 2


def test_reproducing_without_approval_is_refused__COPY_APPROVE(office):
    copy = first_copy(office, level=Level.SECRET)
    html = post_refused(
        signed_in(office.clerk),
        reverse("copy_reproduce", args=[copy.pk]),
        {"count": 1, "method": "photocopy", "made_by": office.clerk.person_id},
        page=page(copy),
    )
    assert 'data-rule="COPY-APPROVE"' in html
    assert not Reproduction.objects.exists()


def test_a_top_secret_item_without_an_issuer_is_not_reproduced__COPY_TS(office):
    copy = first_copy(office, level=Level.TOP_SECRET, readers=[])
    html = post_refused(
        signed_in(office.clerk),
        reverse("copy_reproduction_request", args=[copy.pk]),
        {"count": 1, "method": "photocopy"},
        page=page(copy),
    )
    assert 'data-rule="COPY-TS"' in html
    assert not ApprovalRequest.objects.exists()


def test_taking_out_and_to_a_meeting__CARRY_APPROVE__CIRC_MEETING_RETURN(office):
    entry = office.incoming(copies=2)
    first, second = office.copies(entry)
    reader = office.readers[0]
    signed_in(reader).post(
        reverse("copy_take_out_request", args=[first.pk]),
        {"destination": "市保密局", "due_date": in_days(1), "purpose": "汇报"},
    )
    office.approve_all(ApprovalRequest.objects.get(operation="take_out"))
    clerk = signed_in(office.clerk)
    assert 'data-action="take-out"' in clerk.get(page(first)).content.decode()
    clerk.post(
        reverse("copy_take_out", args=[first.pk]),
        {
            "person": reader.person_id,
            "destination": "市保密局",
            "due_date": in_days(1),
            "purpose": "汇报",
        },
    )
    clerk.post(
        reverse("copy_to_meeting", args=[second.pk]),
        {"person": reader.person_id, "meeting": "全市保密工作会议", "meeting_date": in_days(0)},
    )
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.state, second.state) == (CopyState.TAKEN_OUT, CopyState.AT_MEETING)


def test_staff_may_not_act_as_the_custodian(office):
    copy = first_copy(office)
    response = signed_in(office.readers[0]).post(
        reverse("copy_to_meeting", args=[copy.pk]),
        {"person": office.readers[0].person_id, "meeting": "会", "meeting_date": in_days(0)},
    )
    assert response.status_code == 403
    copy.refresh_from_db()
    assert copy.state == CopyState.WITH_CUSTODIAN


def test_the_fax_register_form__FAX_REGISTER(office):
    doc = office.incoming(level=Level.SECRET).document
    clerk = signed_in(office.clerk)
    assert clerk.get(reverse("fax_record")).status_code == 200
    assert signed_in(office.readers[0]).get(reverse("fax_record")).status_code == 403
    response = clerk.post(
        reverse("fax_record"),
        {
            "direction": "sent",
            "channel": "secure_fax",
            "level": int(Level.SECRET),
            "document": doc.pk,
            "counterparty": "市保密局",
            "pages": 3,
        },
    )
    assert response.status_code == 303
    assert FaxEntry.objects.get().document == doc


def test_a_classified_fax_over_a_public_line_is_refused__FAX_NO_PUBLIC(office):
    doc = office.incoming(level=Level.SECRET).document
    url = reverse("fax_record")
    html = post_refused(
        signed_in(office.clerk, language="en"),
        url,
        {
            "direction": "sent",
            "channel": "public_fax",
            "level": int(Level.SECRET),
            "document": doc.pk,
            "counterparty": "市保密局",
            "pages": 1,
        },
        page=url,
    )
    assert 'data-rule="FAX-NO-PUBLIC"' in html and "travels only over the encrypted fax" in html
    assert not FaxEntry.objects.exists()


def test_the_approver_sees_the_copy_and_the_operation_in_the_inbox(office):
    """JOURNEYS §4: the request shows what is asked, who asks, and the item itself only to
    an approver who may know it (CLS-MAC); the lending department's head may not."""
    reader = office.readers[0]
    copy = first_copy(office, readers=[reader, office.tech_head])
    signed_in(reader).post(
        reverse("copy_loan_request", args=[copy.pk]),
        {"borrower": reader.person_id, "due_date": in_days(3), "purpose": "起草参考"},
    )
    html = signed_in(office.tech_head, language="en").get(reverse("approvals")).content.decode()
    assert "Lend a copy" in html and copy.document.number in html and page(copy) in html


def test_an_approver_who_may_not_know_the_copy_is_not_shown_it__CLS_MAC(office):
    reader = office.readers[0]
    copy = first_copy(office, readers=[reader])
    signed_in(reader).post(
        reverse("copy_loan_request", args=[copy.pk]),
        {"borrower": reader.person_id, "due_date": in_days(3), "purpose": "起草参考"},
    )
    html = signed_in(office.tech_head, language="en").get(reverse("approvals")).content.decode()
    assert "Lend a copy" in html and "data-hidden-subject" in html
    assert copy.document.number not in html and copy.document.title not in html
