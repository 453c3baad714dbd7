"""Classification pages (RULES.md §1): the catalogue (CLS-CATALOG), the queue of reviews and
ended terms (CLS-REVIEW, CLS-TERM), a document's review and reclassification by approval,
and everyone's notices of the change (CLS-NOTIFY)."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from baomi.approvals.models import ApprovalRequest
from baomi.carriers.models import CatalogueEntry, ChangeKind, ClassificationChange, Document, Notice
from baomi.core.levels import Level
from tests.carriers import conftest as carriers
from tests.web.conftest import post_refused, signed_in

office = carriers.office  # the fixture: an office with its clerk, leaders and readers


def aged(doc: Document, *, years: int) -> Document:
    """The document as if classified ``years`` ago (and never reviewed since)."""
    day = timezone.localdate() - datetime.timedelta(days=366 * years)
    Document.objects.filter(pk=doc.pk).update(classified_on=day, reviewed_on=None)
    doc.refresh_from_db()
    return doc


def doc_page(doc: Document) -> str:
    return reverse("document_classification", args=[doc.pk])


@pytest.mark.parametrize("name", ["classification", "catalogue"])
def test_the_officer_and_leaders_classify_clerks_and_staff_do_not(office, name):
    assert signed_in(office.officer).get(reverse(name)).status_code == 200
    assert signed_in(office.leader).get(reverse(name)).status_code == 200
    assert signed_in(office.clerk).get(reverse(name)).status_code == 403
    assert signed_in(office.readers[0]).get(reverse(name)).status_code == 403


def test_the_document_page_links_its_classification_for_those_who_classify(office):
    doc = office.incoming(readers=[office.officer, office.readers[0]]).document
    url = reverse("document", args=[doc.pk])
    assert doc_page(doc) in signed_in(office.officer).get(url).content.decode()
    assert doc_page(doc) not in signed_in(office.readers[0]).get(url).content.decode()


def test_the_catalogue_is_kept_on_its_page__CLS_CATALOG(office):
    client = signed_in(office.officer)
    data = {"matter": "薪金制度", "level": int(Level.SECRET), "term_years": 10, "examples": "工资"}
    assert client.post(reverse("catalogue_add"), data).status_code == 303
    entry = CatalogueEntry.objects.get()
    assert f'data-entry="{entry.pk}"' in client.get(reverse("catalogue")).content.decode()
    html = post_refused(client, reverse("catalogue_add"), data, page=reverse("catalogue"))
    assert 'data-rule="CLS-CATALOG"' in html  # listed already
    client.post(reverse("catalogue_retire", args=[entry.pk]))
    entry.refresh_from_db()
    assert not entry.active


def test_a_catalogue_term_beyond_the_maximum_is_refused__CLS_TERM(office):
    html = post_refused(
        signed_in(office.officer),
        reverse("catalogue_add"),
        {"matter": "合同", "level": int(Level.CONFIDENTIAL), "term_years": 50},
        page=reverse("catalogue"),
    )
    assert 'data-rule="CLS-TERM"' in html
    assert not CatalogueEntry.objects.exists()


def test_a_document_due_for_review_is_kept_from_its_page__CLS_REVIEW(office):
    doc = aged(office.incoming(readers=[office.officer]).document, years=2)
    client = signed_in(office.officer)
    html = client.get(reverse("classification")).content.decode()
    review_due = html.split('id="review-due"')[1]
    assert f'data-document="{doc.pk}"' in review_due
    response = client.post(reverse("classification_review", args=[doc.pk]), {"reason": "仍需保密"})
    assert response.status_code == 303 and response.url == doc_page(doc)
    doc.refresh_from_db()
    assert doc.reviewed_on == timezone.localdate()
    assert 'data-change="keep"' in client.get(doc_page(doc)).content.decode()


def test_an_ended_term_cannot_simply_be_kept__CLS_TERM(office):
    doc = aged(office.incoming(readers=[office.officer], term_years=1).document, years=2)
    client = signed_in(office.officer)
    html = client.get(reverse("classification")).content.decode()
    assert f'data-document="{doc.pk}"' in html.split('id="term-expired"')[1]
    html = post_refused(client, reverse("classification_review", args=[doc.pk]), page=doc_page(doc))
    assert 'data-rule="CLS-TERM"' in html
    assert not ClassificationChange.objects.exists()


def test_a_downgrade_by_approval_notifies_every_knower__CLS_TERM__CLS_NOTIFY(office):
    reader = office.readers[0]
    doc = office.incoming(level=Level.SECRET, readers=[office.officer, reader]).document
    client = signed_in(office.officer)
    change = {"kind": ChangeKind.DOWNGRADE, "to_level": int(Level.CONFIDENTIAL), "reason": "降密"}
    html = post_refused(client, reverse("reclassify", args=[doc.pk]), change, page=doc_page(doc))
    assert 'data-rule="CLS-TERM"' in html  # not approved yet
    client.post(reverse("reclassification_request", args=[doc.pk]), change)
    office.approve_all(ApprovalRequest.objects.get(operation="reclassify"))
    html = client.get(doc_page(doc)).content.decode()
    assert 'data-form="reclassify"' in html
    queue = client.get(reverse("classification")).content.decode()
    assert 'id="approved"' in queue and doc_page(doc) in queue
    assert client.post(reverse("reclassify", args=[doc.pk]), change).status_code == 303
    doc.refresh_from_db()
    assert doc.level == Level.CONFIDENTIAL

    notice = Notice.objects.get(person=reader.person)
    mine = signed_in(reader)
    home = mine.get(reverse("home")).content.decode()
    assert 'id="notices-unread"' in home and reverse("notices") in home
    html = mine.get(reverse("notices")).content.decode()
    assert f'data-notice="{notice.pk}" data-read="0"' in html
    assert mine.post(reverse("notice_read", args=[notice.pk])).status_code == 303
    notice.refresh_from_db()
    assert notice.read_at is not None
    assert 'id="notices-unread"' not in mine.get(reverse("home")).content.decode()
    # Somebody else's notice is not theirs to read.
    other = Notice.objects.exclude(person=reader.person).first()
    assert mine.post(reverse("notice_read", args=[other.pk])).status_code == 404
