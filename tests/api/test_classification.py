"""Classification work through /api/v1: the catalogue (CLS-CATALOG), the yearly review
(CLS-REVIEW), downgrade and declassification by approval (CLS-TERM), notices (CLS-NOTIFY),
with the operations' checks and CLS-MAC non-disclosure."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from baomi.approvals.models import ApprovalRequest
from baomi.carriers.models import CatalogueEntry, ClassificationChange, Document, Notice
from baomi.core.levels import Level
from tests.api.carriers import hidden_like_missing, invalid, refused
from tests.carriers import conftest as carriers

# The office of tests/carriers/conftest.py, as a fixture of this module.
office = carriers.office
L = Level
DOWNGRADE = {"kind": "downgrade", "to_level": L.CONFIDENTIAL, "reason": "定密审查"}


@pytest.fixture
def doc(office) -> Document:
    """A SECRET incoming document, term 10 years, naming readers 0 and 1."""
    return office.incoming(level=L.SECRET, readers=office.readers[:2]).document


@pytest.fixture
def hidden(office) -> Document:
    """A TOP_SECRET document no reader may know."""
    return office.incoming(level=L.TOP_SECRET, readers=[]).document


def classified_long_ago(doc: Document, years: int) -> None:
    day = timezone.localdate() - datetime.timedelta(days=366 * years)
    Document.objects.filter(pk=doc.pk).update(classified_on=day)


def state(doc: Document) -> tuple:
    doc = Document.objects.get(pk=doc.pk)
    return doc.level, doc.term_years, doc.reviewed_on, ClassificationChange.objects.count()


# The catalogue ------------------------------------------------------------------------------


def test_the_officer_keeps_the_catalogue_everyone_reads_it__CLS_CATALOG(office, api):
    officer, reader = api(office.officer), api(office.readers[0])
    body = {"matter": "新产品配方", "level": L.TOP_SECRET, "term_years": 30, "examples": "配方"}
    r = officer.post("/catalogue", body)
    assert r.status_code == 201, r.content
    entry = r.json()
    assert (entry["level"], entry["term_years"], entry["active"]) == (L.TOP_SECRET, 30, True)
    assert [e["id"] for e in reader.get("/catalogue").json()] == [entry["id"]]
    refused(officer.post("/catalogue", body), "CLS-CATALOG", 409)
    refused(reader.post("/catalogue", {**body, "matter": "成本"}), None)

    retired = officer.post(f"/catalogue/{entry['id']}/retire")
    assert retired.status_code == 200 and retired.json()["active"] is False
    refused(officer.post(f"/catalogue/{entry['id']}/retire"), "CLS-CATALOG", 409)
    assert reader.get("/catalogue").json() == []
    assert len(reader.get("/catalogue", include_retired="true").json()) == 1
    assert officer.post("/catalogue/999999/retire").status_code == 404


def test_the_catalogue_lists_classified_matters_within_the_term__CLS_TERM(office, api):
    officer = api(office.officer)
    refused(
        officer.post("/catalogue", {"matter": "x", "level": L.INTERNAL, "term_years": 1}),
        "CLS-MARK",
    )
    refused(
        officer.post("/catalogue", {"matter": "x", "level": L.SECRET, "term_years": 99}),
        "CLS-TERM",
    )
    invalid(officer.post("/catalogue", {"matter": "x", "level": "secret", "term_years": 5}))
    assert not CatalogueEntry.objects.exists()


# Review and reclassification ----------------------------------------------------------------


def test_the_yearly_review_keeps_the_classification__CLS_REVIEW(office, api, doc):
    classified_long_ago(doc, 2)
    leader = api(office.leader)
    due = leader.get("/classification/review-due").json()
    assert (due["next_offset"], [d["id"] for d in due["items"]]) == (None, [doc.pk])
    r = leader.post(f"/documents/{doc.pk}/review")
    assert r.status_code == 201, r.content
    assert (r.json()["kind"], r.json()["to_level"]) == ("keep", L.SECRET)
    assert leader.get("/classification/review-due").json() == {"next_offset": None, "items": []}
    refused(api(office.readers[0]).post(f"/documents/{doc.pk}/review", {"reason": "x"}), None)


def test_an_ended_term_is_not_simply_kept__CLS_TERM(office, api, doc):
    classified_long_ago(doc, 11)
    leader = api(office.leader)
    expired = leader.get("/classification/term-expired").json()
    assert [d["id"] for d in expired["items"]] == [doc.pk]
    before = state(doc)
    refused(leader.post(f"/documents/{doc.pk}/review", {"reason": "x"}), "CLS-TERM")
    assert state(doc) == before
    invalid(leader.get("/classification/term-expired", limit=0))


def test_a_downgrade_by_approval_notifies_who_knew__CLS_NOTIFY(office, api, doc):
    leader, reader = api(office.leader), api(office.readers[0])
    before = state(doc)
    refused(leader.post(f"/documents/{doc.pk}/reclassify", DOWNGRADE), "CLS-TERM")
    assert state(doc) == before
    asked = leader.post(f"/documents/{doc.pk}/reclassification-requests", DOWNGRADE)
    assert asked.status_code == 201, asked.content
    assert asked.json()["params"] == {
        "kind": "downgrade",
        "to_level": L.CONFIDENTIAL,
        "to_term": 10,
    }
    office.approve_all(ApprovalRequest.objects.get(pk=asked.json()["id"]))
    r = leader.post(f"/documents/{doc.pk}/reclassify", DOWNGRADE)
    assert r.status_code == 201, r.content
    change = r.json()
    assert (change["from_level"], change["to_level"], change["approval_id"]) == (
        L.SECRET,
        L.CONFIDENTIAL,
        asked.json()["id"],
    )

    [notice] = reader.get("/me/notices").json()
    assert notice["document_id"] == doc.pk and notice["change_id"] == change["id"]
    assert notice["read_at"] is None and notice["text"]
    hidden_like_missing(
        api(office.readers[2]),
        "POST",
        f"/notices/{notice['id']}/read",
        f"/notices/{notice['id'] + 100000}/read",
    )
    read = reader.post(f"/notices/{notice['id']}/read")
    assert read.status_code == 200 and read.json()["read_at"]
    assert reader.get("/me/notices", unread_only="true").json() == []
    assert Notice.objects.get(pk=notice["id"]).read_at is not None


@pytest.mark.parametrize(
    "bad", [{"kind": "burn"}, {"kind": "downgrade", "to_level": "low"}, {"to_term": 5}]
)
def test_malformed_reclassification_is_422(office, api, doc, bad):
    invalid(api(office.leader).post(f"/documents/{doc.pk}/reclassification-requests", bad))
    assert not ApprovalRequest.objects.exists()


def test_a_declassification_keeps_no_term_422(office, api, doc):
    body = {"kind": "declassify", "to_term": 5}
    r = api(office.leader).post(f"/documents/{doc.pk}/reclassification-requests", body)
    assert invalid(r)["field"] == "to_level"


def test_an_unknowable_document_answers_like_a_missing_one__CLS_MAC(office, api, hidden):
    officer = api(office.officer)  # not in the scope of ``hidden``
    for verb, body in (
        ("review", {"reason": "x"}),
        ("reclassification-requests", DOWNGRADE),
        ("reclassify", DOWNGRADE),
    ):
        hidden_like_missing(
            officer,
            "POST",
            f"/documents/{hidden.pk}/{verb}",
            f"/documents/{hidden.pk + 1000}/{verb}",
            body=body,
        )
    classified_long_ago(hidden, 31)
    assert officer.get("/classification/term-expired").json() == {"next_offset": None, "items": []}
