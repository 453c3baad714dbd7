"""An outgoing document's next step is one query of its domain
(``carriers.queries.outgoing.progress``): its page and GET /api/v1/outgoing/{id} tell the same
steps done and the same next step after each stage of a draft's life (DRAFT-*, PRINT-*, OUT-*)."""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils import timezone

from baomi.carriers.operations import dispatch, outgoing
from baomi.carriers.queries.outgoing import STEPS
from baomi.core.levels import Level
from tests.api.carriers import hidden_like_missing
from tests.carriers import conftest as carriers
from tests.web.conftest import signed_in

office = carriers.office  # the fixture: an office with its clerk, leaders and readers
RECIPIENTS = ["市保密局", "市档案局"]


def page_steps(account, document_id: int) -> dict[str, str]:
    """Each step's status as the document's page shows it (``data-status`` of its card)."""
    response = signed_in(account).get(reverse("outgoing_document", args=[document_id]))
    assert response.status_code == 200
    html = response.content.decode()
    return {
        step: html.split(f'data-step="{step}" data-status="')[1].split('"')[0] for step in STEPS
    }


def api_steps(api, account, document_id: int) -> tuple[dict[str, str], str | None]:
    response = api(account).get(f"/outgoing/{document_id}")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["id"] == document_id and body["kind"] == "outgoing"
    return {s["step"]: s["status"] for s in body["steps"]}, body["next_step"]


def agree(api, office, document_id: int, expected: str | None) -> None:
    """The drafter and the clerk (both in the scope) see the same on the page and in the API."""
    for account in (office.readers[0], office.clerk):
        page = page_steps(account, document_id)
        steps, next_step = api_steps(api, account, document_id)
        assert steps == page
        assert next_step == next((s for s, v in page.items() if v == "current"), None)
        assert next_step == expected


def test_the_page_and_the_api_name_the_same_next_step__DRAFT_CHAIN(office, api):
    author, clerk = office.readers[0], office.clerk
    doc = outgoing.draft_document(
        actor=author,
        title="关于年度保密检查的通知",
        level=Level.SECRET,
        term_years=10,
        main_to="各部门",
        named_people_ids=[clerk.person_id],
    ).pk
    agree(api, office, doc, "review")

    review = outgoing.submit_draft(actor=author, document_id=doc)
    agree(api, office, doc, "review")
    office.approve_all(review)
    agree(api, office, doc, "sign_off")

    outgoing.sign_off(actor=author, document_id=doc)
    agree(api, office, doc, "print_approval")

    printing = outgoing.request_print(
        actor=author,
        document_id=doc,
        number="科发〔2026〕7号",
        copies=4,
        recall_date=timezone.localdate() + datetime.timedelta(days=30),
        distribution=RECIPIENTS,
    )
    agree(api, office, doc, "print_approval")
    office.approve_all(printing)
    agree(api, office, doc, "print")

    outgoing.print_run(
        actor=clerk,
        document_id=doc,
        copies=4,
        printed_by_id=clerk.person_id,
        proofread_by_id=office.officer.person_id,
        workstation="BM-01",
        waste_sheets=0,
        master="deleted",
    )
    agree(api, office, doc, "seal")

    dispatch.seal(actor=clerk, document_id=doc, file_copy_number=4)
    agree(api, office, doc, "dispatch")

    envelopes = dispatch.dispatch(
        actor=clerk,
        document_id=doc,
        envelopes=[
            {"recipient": RECIPIENTS[0], "copy_numbers": [1]},
            {"recipient": RECIPIENTS[1], "copy_numbers": [2]},
        ],
        kept_copy_numbers=[3],
        method="confidential_post",
    )
    agree(api, office, doc, "receipt")

    for envelope, name in zip(envelopes, ("刘处长", "王处长"), strict=True):
        dispatch.sign_dispatch(
            actor=clerk,
            envelope_id=envelope.pk,
            signed_by_name=name,
            signed_by_title="办公室主任",
            head_or_designee=True,
        )
    agree(api, office, doc, None)
    assert set(api_steps(api, clerk, doc)[0].values()) == {"done"}


def test_an_outgoing_document_one_may_not_know_is_not_found__CLS_MAC(office, api):
    """A reader outside the draft's scope gets the answer of a missing document."""
    doc = outgoing.draft_document(
        actor=office.readers[0],
        title="关于年度保密检查的通知",
        level=Level.SECRET,
        term_years=10,
        main_to="各部门",
    ).pk
    other = api(office.readers[1])
    hidden_like_missing(other, "GET", f"/outgoing/{doc}", f"/outgoing/{doc + 1000}")
