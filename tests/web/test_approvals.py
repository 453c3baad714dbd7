"""The approvals inbox (JOURNEYS §4): each request shows its clause, the item only to an
approver who may know it (CLS-MAC), and is decided in one click from the list."""

from __future__ import annotations

import re

from django.urls import reverse

from baomi.access.roles import Role
from baomi.approvals.models import State
from baomi.core import rules
from baomi.core.levels import Clearance
from baomi.org.operations import set_clearance
from tests.web.conftest import signed_in


def test_the_inbox_shows_the_clause_and_the_item__CLS_NO_WIDEN(pending):
    html = signed_in(pending.issuer).get(reverse("approvals")).content.decode()
    assert f'data-request="{pending.request.pk}"' in html
    assert 'data-rule="CLS-NO-WIDEN"' in html and rules.get("CLS-NO-WIDEN").title_zh in html
    assert "绝密标题" in html and "项目需要" in html


def test_the_item_is_not_shown_to_an_approver_who_may_not_know_it__CLS_MAC(pending):
    set_clearance(actor=None, person_id=pending.issuer.person_id, clearance=Clearance.GENERAL)
    html = signed_in(pending.issuer).get(reverse("approvals")).content.decode()
    assert f'data-request="{pending.request.pk}"' in html
    assert "绝密标题" not in html and "data-hidden-subject" in html
    assert "绝密标题" not in signed_in(pending.issuer).get("/").content.decode()


def test_the_home_page_lists_what_awaits_my_approval(pending):
    html = signed_in(pending.issuer).get("/").content.decode()
    assert "CLS-NO-WIDEN" in html and "绝密标题" in html


def test_approving_in_one_click_from_the_list(pending):
    response = signed_in(pending.issuer).post(
        reverse("approval_decide", args=[pending.request.pk]),
        {"decision": "approve"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert f'data-decided="{pending.request.pk}"' in response.content.decode()
    pending.request.refresh_from_db()
    assert pending.request.state == State.GRANTED


def test_rejecting_needs_a_comment(pending):
    client = signed_in(pending.issuer)
    url = reverse("approval_decide", args=[pending.request.pk])
    response = client.post(url, {"decision": "reject"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 400 and response["HX-Retarget"] == "#refusals"
    response = client.post(url, {"decision": "reject", "comment": "范围过大"})
    assert response.status_code == 303 and response.url == reverse("approvals")
    pending.request.refresh_from_db()
    assert pending.request.state == State.REJECTED


def test_someone_not_asked_cannot_decide(pending, world):
    other = signed_in(world.account(Role.LEADER, clearance=Clearance.CORE))
    response = other.post(
        reverse("approval_decide", args=[pending.request.pk]), {"decision": "approve"}
    )
    assert response.status_code == 404
    pending.request.refresh_from_db()
    assert pending.request.state == State.PENDING


def test_my_requests_lists_and_withdraws(pending):
    """The requester sees their request under "my requests" (not in their own inbox: nobody
    approves their own request) and withdraws it."""
    client = signed_in(pending.officer)
    html = client.get(reverse("approvals")).content.decode()
    inbox, mine = html.split('id="inbox"')[1].split("</section>", 1)
    assert "绝密标题" not in inbox and "绝密标题" in mine
    response = client.post(reverse("approval_withdraw", args=[pending.request.pk]))
    assert response.status_code == 303
    pending.request.refresh_from_db()
    assert pending.request.state == State.WITHDRAWN


def test_approving_the_selected_requests_reports_each(pending, world):
    """ "Approve selected": the ticked request awaiting the approver is granted; an id they may
    not decide is reported with its reason, the page says which."""
    client = signed_in(pending.issuer)
    html = client.get(reverse("approvals")).content.decode()
    assert 'form="approve-many"' in html and f'value="{pending.request.pk}"' in html
    response = client.post(
        reverse("approvals_approve_many"),
        {"request_ids": [pending.request.pk, 999_999], "comment": "同意"},
        follow=True,
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert str(pending.request.pk) in page and "999999" in page
    pending.request.refresh_from_db()
    assert pending.request.state == State.GRANTED


def test_approving_the_selected_needs_a_selection(pending):
    response = signed_in(pending.issuer).post(
        reverse("approvals_approve_many"), {}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 400 and response["HX-Retarget"] == "#refusals"
    pending.request.refresh_from_db()
    assert pending.request.state == State.PENDING


def test_the_requester_cannot_approve_their_own_request_among_the_selected(pending):
    """The security officer may decide approvals, but not their own request."""
    signed_in(pending.officer).post(
        reverse("approvals_approve_many"), {"request_ids": [pending.request.pk]}
    )
    pending.request.refresh_from_db()
    assert pending.request.state == State.PENDING


def test_the_request_on_its_items_page_says_what_it_authorises__LOAN_APPROVE(world):
    """The copy's page lists the loan asked about it with its sentence: borrower, due date
    and purpose."""
    import datetime

    from django.utils import timezone

    from baomi.carriers.operations import use
    from baomi.core.levels import Level
    from tests.carriers.conftest import build_office

    office = build_office(world)
    entry = office.incoming(level=Level.SECRET, copies=1)
    copy = office.copies(entry)[0]
    reader = office.readers[0]
    due = timezone.localdate() + datetime.timedelta(days=2)
    use.request_loan(
        actor=reader, copy_id=copy.pk, borrower_id=reader.person_id, due_date=due, purpose="备查"
    )
    html = signed_in(office.clerk).get(reverse("copy_use", args=[copy.pk])).content.decode()
    [sentence] = re.findall(r"data-authorises>([^<]*)<", html)
    assert reader.person.name in sentence and due.isoformat() in sentence and "备查" in sentence
