"""Classification work: the catalogue of what is secret (CLS-CATALOG), the yearly review
(CLS-REVIEW), term expiry and approved downgrade, declassification and term changes
(CLS-TERM), notices to everyone who holds or has known the item (CLS-NOTIFY), scopes never
widened on the way (CLS-NO-WIDEN), and central committee documents kept apart
(CLS-CENTRAL-DOCS)."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.utils import timezone, translation

from baomi.access.mac import can_know
from baomi.approvals.models import State
from baomi.carriers.deadlines import years_after
from baomi.carriers.models import (
    CatalogueEntry,
    ChangeKind,
    ClassificationChange,
    CopyState,
    Custody,
    Document,
    Notice,
    Series,
)
from baomi.carriers.operations import classification
from baomi.carriers.operations._common import move
from baomi.carriers.queries import classification as queries
from baomi.core.errors import AccessDenied, InvalidInput, NotFound, RuleViolation
from baomi.core.levels import Clearance, Level
from baomi.rulebook.operations import set_rule
from baomi.seams.deadlines import DEADLINE_PROVIDERS, end_of_day
from tests.factories import World, audit_events

L = Level
DOWNGRADE, DECLASSIFY, CHANGE_TERM = (
    ChangeKind.DOWNGRADE,
    ChangeKind.DECLASSIFY,
    ChangeKind.CHANGE_TERM,
)
FAR_FUTURE = datetime.date(2100, 1, 1)


def refused(rule_id: str, call: Any, **kw: Any) -> RuleViolation:
    with pytest.raises(RuleViolation) as exc:
        call(**kw)
    assert exc.value.rule_id == rule_id, exc.value
    return exc.value


def today() -> datetime.date:
    return timezone.localdate()


def dated(doc: Document, **dates: datetime.date | None) -> Document:
    """The document with its classification or review dates moved into the past."""
    Document.objects.filter(pk=doc.pk).update(**dates)
    return Document.objects.get(pk=doc.pk)


def snapshot(doc: Document) -> tuple:
    """Everything a classification change may touch."""
    doc = Document.objects.get(pk=doc.pk)
    return (
        doc.level,
        doc.term_years,
        doc.reviewed_on,
        ClassificationChange.objects.count(),
        Notice.objects.count(),
    )


def scope(doc: Document) -> tuple:
    doc = Document.objects.get(pk=doc.pk)
    return (
        doc.scope_all,
        doc.scope_rank_floor_id,
        set(doc.scope_departments.values_list("pk", flat=True)),
        set(doc.scope_people.values_list("pk", flat=True)),
    )


def request(office, doc: Document, **change: Any):
    return classification.request_reclassification(
        actor=office.leader, document_id=doc.pk, reason="定密审查", **change
    )


def reclassify(office, doc: Document, **change: Any) -> ClassificationChange:
    return classification.reclassify(actor=office.leader, document_id=doc.pk, **change)


def approved_change(office, doc: Document, **change: Any) -> ClassificationChange:
    office.approve_all(request(office, doc, **change))
    with translation.override("en"):
        return reclassify(office, doc, **change)


@pytest.fixture
def doc(office) -> Document:
    """A SECRET incoming document, term 10 years, named readers 0 and 1."""
    return office.incoming(level=L.SECRET, readers=office.readers[:2]).document


# CLS-CATALOG ------------------------------------------------------------------------------


def add(actor, **kw: Any) -> CatalogueEntry:
    kw = {"matter": "新产品配方", "level": L.TOP_SECRET, "term_years": 30, **kw}
    return classification.add_catalogue_entry(actor=actor, **kw)


def test_the_officer_keeps_the_catalogue__CLS_CATALOG(office):
    entry = add(office.officer, examples="配方、工艺参数")
    assert (entry.level, entry.term_years, entry.active) == (L.TOP_SECRET, 30, True)
    assert list(queries.catalogue(office.readers[0])) == [entry]
    assert audit_events("carriers.catalogue_entry_added")[-1]["data"] == {
        "level": L.TOP_SECRET,
        "term_years": 30,
        "rule": "CLS-CATALOG",
    }


def test_the_catalogue_lists_only_classified_matters__CLS_MARK(office):
    for level in (L.INTERNAL, L.PUBLIC, 7):
        refused("CLS-MARK", add, actor=office.officer, level=level)
    assert not CatalogueEntry.objects.exists()


def test_a_catalogue_term_stays_within_the_maximum__CLS_TERM(office):
    refused("CLS-TERM", add, actor=office.officer, level=L.SECRET, term_years=21)
    refused("CLS-MARK", add, actor=office.officer, level=L.SECRET, term_years=0)
    assert not CatalogueEntry.objects.exists()
    assert add(office.officer, level=L.SECRET, term_years=20).term_years == 20


def test_a_matter_is_catalogued_once__CLS_CATALOG(office):
    add(office.officer)
    exc = refused("CLS-CATALOG", add, actor=office.officer, matter=" 新产品配方 ")
    assert exc.conflict
    assert CatalogueEntry.objects.count() == 1


def test_a_retired_entry_leaves_the_catalogue__CLS_CATALOG(office):
    entry = add(office.officer)
    classification.retire_catalogue_entry(actor=office.leader, entry_id=entry.pk)
    assert not queries.catalogue(office.officer).exists()
    assert list(queries.catalogue(office.officer, include_retired=True)) == [entry]
    exc = refused(
        "CLS-CATALOG", classification.retire_catalogue_entry, actor=office.leader, entry_id=entry.pk
    )
    assert exc.conflict
    stranger = World.build().account("leader", clearance=Clearance.CORE, rank="board")
    with pytest.raises(NotFound):
        classification.retire_catalogue_entry(actor=stranger, entry_id=entry.pk)
    assert not queries.catalogue(stranger).exists()


def test_only_the_classifying_roles_keep_the_catalogue__CLS_CATALOG(office):
    for actor in (office.clerk, office.readers[0]):
        with pytest.raises(AccessDenied):
            add(actor)
    assert not CatalogueEntry.objects.exists()


def test_the_seed_catalogue_has_the_regulations_examples__CLS_CATALOG(office):
    org = office.world.organisation.pk
    with translation.override("en"):
        created = classification.seed_catalogue(actor=None, organisation_id=org)
    levels = {e.matter: (e.level, e.term_years) for e in created}
    assert levels["Formulas, processes and technical parameters"] == (L.TOP_SECRET, 30)
    assert levels["Contracts and agreements"] == (L.TOP_SECRET, 30)
    assert levels["Financial reports"] == (L.SECRET, 20)
    assert levels["Pending personnel changes"] == (L.SECRET, 20)
    assert levels["Market research"] == (L.CONFIDENTIAL, 10)
    assert levels["Inspection results"] == (L.CONFIDENTIAL, 10)
    assert [e.level for e in created].count(L.TOP_SECRET) == 4
    assert audit_events("carriers.catalogue_seeded")[-1]["data"]["created"] == [
        e.pk for e in created
    ]
    with translation.override("en"):
        again = classification.seed_catalogue(actor=office.officer, organisation_id=org)
    assert again == [] and CatalogueEntry.objects.count() == len(created)


def test_the_seed_uses_the_organisations_own_maxima__CLS_TERM(office):
    set_rule(actor=office.officer, rule_id="CLS-TERM", params={"max_years_secret": 15})
    created = classification.seed_catalogue(
        actor=office.officer, organisation_id=office.world.organisation.pk
    )
    assert {e.term_years for e in created if e.level == L.SECRET} == {15}


def test_another_organisations_catalogue_is_not_found__CLS_CATALOG(office):
    other = World.build()
    with pytest.raises(NotFound):
        classification.seed_catalogue(actor=office.officer, organisation_id=other.organisation.pk)
    with pytest.raises(AccessDenied):
        classification.seed_catalogue(actor=office.clerk, organisation_id=other.organisation.pk)
    assert not CatalogueEntry.objects.exists()


# CLS-REVIEW -------------------------------------------------------------------------------


def test_a_document_reviewed_400_days_ago_is_due_one_reviewed_yesterday_is_not__CLS_REVIEW(
    office,
):
    years_ago = today() - datetime.timedelta(days=3 * 365)
    old = dated(
        office.incoming().document,
        classified_on=years_ago,
        reviewed_on=today() - datetime.timedelta(days=400),
    )
    recent = dated(
        office.incoming().document,
        classified_on=years_ago,
        reviewed_on=today() - datetime.timedelta(days=1),
    )
    due = list(queries.review_due(office.leader))
    assert old in due and recent not in due


def test_a_document_never_reviewed_is_due_a_year_after_classification__CLS_REVIEW(office):
    old = dated(office.incoming().document, classified_on=today() - datetime.timedelta(days=365))
    new = office.incoming().document
    assert list(queries.review_due(office.leader)) == [old]
    assert new in queries.review_due(office.leader, today=today() + datetime.timedelta(days=365))


@pytest.mark.parametrize(("days", "due"), [(364, False), (365, True)])
def test_a_review_falls_due_when_the_interval_has_passed__CLS_REVIEW(office, days, due):
    """The boundary of CLS-REVIEW.interval_days = 365: reviewed 364 days ago, not yet due;
    365 days ago, due."""
    doc = dated(
        office.incoming().document,
        classified_on=today() - datetime.timedelta(days=3 * 365),
        reviewed_on=today() - datetime.timedelta(days=days),
    )
    assert (doc in queries.review_due(office.leader)) is due


def test_the_review_interval_is_the_rulebooks__CLS_REVIEW(office):
    doc = dated(office.incoming().document, reviewed_on=today() - datetime.timedelta(days=200))
    assert doc not in queries.review_due(office.leader)
    set_rule(actor=office.officer, rule_id="CLS-REVIEW", params={"interval_days": 180})
    assert doc in queries.review_due(office.leader)


def test_a_review_keeps_the_item_and_restarts_the_year__CLS_REVIEW(office):
    doc = dated(office.incoming().document, reviewed_on=today() - datetime.timedelta(days=400))
    change = classification.review(actor=office.leader, document_id=doc.pk, reason="仍需保密")
    assert (change.kind, change.from_level, change.to_level) == (
        ChangeKind.KEEP,
        L.SECRET,
        L.SECRET,
    )
    assert (change.from_term, change.to_term, change.approval) == (10, 10, None)
    assert Document.objects.get(pk=doc.pk).reviewed_on == today()
    assert doc not in queries.review_due(office.leader)
    assert not Notice.objects.exists()  # nothing changed, nobody to tell
    assert audit_events("carriers.classification_reviewed")[-1]["data"] == {
        "change_id": change.pk,
        "level": L.SECRET,
        "term_years": 10,
        "rule": "CLS-REVIEW",
    }


def test_only_classified_items_are_reviewed__CLS_REVIEW(office):
    internal = office.incoming(level=L.INTERNAL).document
    before = snapshot(internal)
    refused("CLS-REVIEW", classification.review, actor=office.leader, document_id=internal.pk)
    assert snapshot(internal) == before
    assert internal not in queries.review_due(office.leader, today=FAR_FUTURE)


def test_the_review_queue_shows_only_what_one_may_know__CLS_MAC(office, doc):
    dated(doc, reviewed_on=today() - datetime.timedelta(days=400))
    assert doc in queries.review_due(office.readers[0])
    assert doc not in queries.review_due(office.readers[2])  # not in its scope
    assert not queries.review_due(office.world.account("auditor")).exists()


def test_a_document_one_may_not_know_cannot_be_reviewed__CLS_MAC(office, world):
    hidden = office.incoming(level=L.TOP_SECRET, readers=[]).document
    outsider = world.account("leader", dept="tech", rank="director", clearance=Clearance.CORE)
    for document_id in (hidden.pk, hidden.pk + 1000):
        with pytest.raises(NotFound):
            classification.review(actor=outsider, document_id=document_id)
    assert snapshot(hidden)[2:] == (None, 0, 0)


def test_only_the_classifying_roles_review(office, doc):
    for actor in (office.clerk, office.readers[0]):
        with pytest.raises(AccessDenied):
            classification.review(actor=actor, document_id=doc.pk)
    assert not ClassificationChange.objects.exists()


# CLS-TERM ---------------------------------------------------------------------------------


def test_a_term_expired_document_is_flagged__CLS_TERM(office):
    ten_years_ago = queries.years_before(today(), 10)
    expired = dated(
        office.incoming(readers=office.readers[:2], term_years=10).document,
        classified_on=ten_years_ago,
    )
    running = dated(
        office.incoming(readers=office.readers[:2], term_years=10).document,
        classified_on=ten_years_ago + datetime.timedelta(days=1),
    )
    short = dated(
        office.incoming(readers=office.readers[:2], term_years=2).document,
        classified_on=queries.years_before(today(), 6),
    )
    flagged = list(queries.term_expired(office.leader))
    assert expired in flagged and short in flagged and running not in flagged
    assert running in queries.term_expired(
        office.leader, today=today() + datetime.timedelta(days=1)
    )
    assert not queries.term_expired(office.readers[2]).exists()  # CLS-MAC


def test_the_deadlines_of_ended_terms_are_each_terms_range__CLS_TERM(office):
    """The CLS-TERM provider reads the terms held, then each term's ended documents: every
    one whose term ends within DUE_SOON, due by the end of that day, and no other."""
    provider = DEADLINE_PROVIDERS["CLS-TERM"]
    ended = dated(
        office.incoming(term_years=10).document, classified_on=queries.years_before(today(), 10)
    )
    soon = dated(
        office.incoming(term_years=2).document,
        classified_on=queries.years_before(today(), 2) + datetime.timedelta(days=2),
    )
    leap = dated(office.incoming(term_years=1).document, classified_on=datetime.date(2024, 2, 29))
    running = dated(
        office.incoming(term_years=5).document,
        classified_on=queries.years_before(today(), 5) + datetime.timedelta(days=10),
    )
    found = {
        d.subject_id: d.due_at
        for d in provider.answer(office.world.organisation.pk, timezone.now())
    }
    expected = {
        doc.pk: end_of_day(years_after(doc.classified_on, doc.term_years))
        for doc in (ended, soon, leap)
    }
    assert found == expected and running.pk not in found
    assert expected[leap.pk] == end_of_day(datetime.date(2025, 3, 1))


def test_an_expired_term_cannot_simply_be_kept__CLS_TERM(office, doc):
    classified_on = queries.years_before(today(), 11)
    doc = dated(doc, classified_on=classified_on)
    before = snapshot(doc)
    with translation.override("en"):
        exc = refused("CLS-TERM", classification.review, actor=office.leader, document_id=doc.pk)
    assert snapshot(doc) == before
    # The refusal gives the term and the day it ended.
    ended = years_after(classified_on, doc.term_years)
    assert f"of {doc.term_years} years from {classified_on:%Y-%m-%d} ended on {ended:%Y-%m-%d}" in (
        exc.message
    )


def test_declassification_ends_the_flag__CLS_TERM(office, doc):
    doc = dated(doc, classified_on=queries.years_before(today(), 11))
    approved_change(office, doc, kind=DECLASSIFY)
    assert doc not in queries.term_expired(office.leader)
    assert doc not in queries.review_due(office.leader, today=FAR_FUTURE)


def test_a_downgrade_without_approval_is_refused__CLS_TERM(office, doc):
    before = snapshot(doc)
    refused("CLS-TERM", reclassify, office=office, doc=doc, kind=DOWNGRADE, to_level=L.CONFIDENTIAL)
    assert snapshot(doc) == before
    refusal = audit_events("operation.refused")[-1]["data"]
    assert (refusal["operation"], refusal["rule"]) == ("reclassify", "CLS-TERM")


def test_the_head_of_the_organisation_approves__CLS_TERM(office, doc):
    pending = request(office, doc, kind=DOWNGRADE, to_level=L.CONFIDENTIAL)
    assert [s.approver_id for s in pending.steps.all()] == [office.head.person_id]
    assert (pending.rule_id, pending.operation) == ("CLS-TERM", "reclassify")
    assert pending.params == {"kind": "downgrade", "to_level": L.CONFIDENTIAL, "to_term": 10}
    refused(
        "CLS-TERM",
        classification.request_reclassification,
        actor=office.head,
        document_id=doc.pk,
        kind=DECLASSIFY,
    )  # nobody approves their own request


def test_an_approval_authorises_exactly_one_change__CLS_TERM(office, doc):
    office.approve_all(request(office, doc, kind=DOWNGRADE, to_level=L.CONFIDENTIAL, to_term=5))
    before = snapshot(doc)
    refused("CLS-TERM", reclassify, office=office, doc=doc, kind=DOWNGRADE, to_level=L.CONFIDENTIAL)
    refused("CLS-TERM", reclassify, office=office, doc=doc, kind=CHANGE_TERM, to_term=5)
    assert snapshot(doc) == before
    change = reclassify(office, doc, kind=DOWNGRADE, to_level=L.CONFIDENTIAL, to_term=5)
    assert change.approval.state == State.CONSUMED
    assert change.reason == "定密审查"  # the request's reason, none given at the change
    doc.refresh_from_db()
    assert (doc.level, doc.term_years, doc.reviewed_on) == (L.CONFIDENTIAL, 5, today())
    before = snapshot(doc)
    refused("CLS-TERM", reclassify, office=office, doc=doc, kind=CHANGE_TERM, to_term=6)
    assert snapshot(doc) == before


def test_a_downgraded_term_stays_within_the_new_levels_maximum__CLS_TERM(office):
    doc = office.incoming(level=L.SECRET, term_years=20).document
    refused("CLS-TERM", request, office=office, doc=doc, kind=DOWNGRADE, to_level=L.CONFIDENTIAL)
    refused("CLS-TERM", request, office=office, doc=doc, kind=CHANGE_TERM, to_term=21)
    assert approved_change(office, doc, kind=CHANGE_TERM, to_term=15).to_term == 15
    assert Document.objects.get(pk=doc.pk).level == L.SECRET


@pytest.mark.parametrize(
    "change",
    [
        {"kind": DOWNGRADE},
        {"kind": DOWNGRADE, "to_level": L.SECRET},
        {"kind": DOWNGRADE, "to_level": L.TOP_SECRET},
        {"kind": DOWNGRADE, "to_level": L.INTERNAL},
        {"kind": DOWNGRADE, "to_level": L.CONFIDENTIAL, "to_term": "5"},
        {"kind": DECLASSIFY, "to_level": L.PUBLIC},
        {"kind": DECLASSIFY, "to_term": 5},
        {"kind": CHANGE_TERM},
        {"kind": CHANGE_TERM, "to_term": 10},
        {"kind": CHANGE_TERM, "to_level": L.CONFIDENTIAL, "to_term": 5},
        {"kind": ChangeKind.KEEP},
        {"kind": "upgrade", "to_level": L.TOP_SECRET},
    ],
    ids=lambda c: "-".join(str(v) for v in c.values()),
)
def test_a_change_must_say_what_it_changes(office, doc, change):
    """A downgrade goes to a lower classified level, a declassification to Internal with no
    term, a term change to another term of the same level; anything else is malformed."""
    with pytest.raises(InvalidInput):
        request(office, doc, **change)
    assert not doc.classification_changes.exists()


def test_an_unclassified_item_has_no_term_to_change__CLS_TERM(office):
    internal = office.incoming(level=L.INTERNAL).document
    refused("CLS-TERM", request, office=office, doc=internal, kind=DECLASSIFY)


def test_reclassifying_an_item_one_may_not_know_is_not_found__CLS_MAC(office, world, doc):
    outsider = world.account("leader", dept="tech", rank="manager", clearance=Clearance.CORE)
    with pytest.raises(NotFound):
        classification.request_reclassification(actor=outsider, document_id=doc.pk, kind=DECLASSIFY)
    with pytest.raises(NotFound):
        classification.reclassify(actor=outsider, document_id=doc.pk, kind=DECLASSIFY)
    with pytest.raises(AccessDenied):
        classification.reclassify(actor=office.clerk, document_id=doc.pk, kind=DECLASSIFY)


def test_a_change_is_audited_without_its_title__CLS_TERM(office, doc):
    change = approved_change(office, doc, kind=DOWNGRADE, to_level=L.CONFIDENTIAL, to_term=8)
    event = audit_events("carriers.reclassified")[-1]
    assert event["subject_id"] == str(doc.pk)
    data = event["data"]
    assert {k: data[k] for k in ("kind", "from_level", "to_level", "from_term", "to_term")} == {
        "kind": "downgrade",
        "from_level": L.SECRET,
        "to_level": L.CONFIDENTIAL,
        "from_term": 10,
        "to_term": 8,
    }
    assert data["change_id"] == change.pk and data["approval_id"] == change.approval_id
    assert doc.title not in str(event)


# CLS-NOTIFY -------------------------------------------------------------------------------


def test_a_downgrade_notifies_holders_and_past_readers_once_each_and_nobody_else__CLS_NOTIFY(
    office, doc
):
    r0, r1, r2 = (a.person for a in office.readers)
    first, second, _third = office.copies(doc)
    # Reader 0 holds copy 1 now; reader 1 had copy 2 and gave it back (custody and timeline).
    move(
        first,
        actor=office.clerk,
        action="circulated",
        state=CopyState.CIRCULATING,
        holder=r0,
        person=r0,
    )
    at = timezone.now()
    Custody.objects.create(
        organisation_id=doc.organisation_id,
        copy=second,
        kind="circulation",
        holder=r1,
        handed_by=office.clerk,
        started_at=at,
        returned_at=at,
    )
    move(
        second,
        actor=office.clerk,
        action="circulated",
        state=CopyState.CIRCULATING,
        holder=r1,
        person=r1,
    )
    move(
        second,
        actor=office.clerk,
        action="returned",
        state=CopyState.WITH_CUSTODIAN,
        holder=office.clerk.person,
        person=r1,
    )

    change = approved_change(office, doc, kind=DOWNGRADE, to_level=L.CONFIDENTIAL)

    notified = list(Notice.objects.filter(change=change).values_list("person_id", flat=True))
    # The clerk keeps the copies, the office director was named for the routing slip.
    expected = {office.clerk.person_id, office.director.person_id, r0.pk, r1.pk}
    assert sorted(notified) == sorted(expected)  # each exactly once
    assert r2.pk not in notified  # same department, never held it
    for bystander in (office.leader, office.head, office.officer, office.tech_head):
        assert bystander.person_id not in notified  # may know it by rank, never had it
    assert audit_events("carriers.reclassified")[-1]["data"]["notified"] == sorted(expected)

    [notice] = queries.notices(office.readers[1])
    assert notice.document == doc and notice.change == change
    assert notice.text == (
        f"{doc.number} is downgraded from Secret to Confidential, protection term 10 years. "
        "Its knowledge scope is unchanged."
    )
    assert doc.title not in notice.text
    assert not queries.notices(office.readers[2]).exists()


def test_a_term_change_and_a_declassification_are_notified_too__CLS_NOTIFY(office, doc):
    approved_change(office, doc, kind=CHANGE_TERM, to_term=15)
    approved_change(office, doc, kind=DECLASSIFY)
    texts = [n.text for n in queries.notices(office.readers[0])]
    assert texts == [
        f"{doc.number} is declassified: no longer Secret, now Internal, not public. "
        "Its knowledge scope is unchanged.",
        f"The protection term of {doc.number} changes from 10 to 15 years. "
        "Its knowledge scope is unchanged.",
    ]


def test_a_review_that_keeps_the_item_notifies_nobody__CLS_NOTIFY(office, doc):
    classification.review(actor=office.leader, document_id=doc.pk)
    assert not Notice.objects.exists()


def test_the_addressee_reads_a_notice__CLS_NOTIFY(office, doc):
    approved_change(office, doc, kind=CHANGE_TERM, to_term=12)
    reader = office.readers[0]
    [notice] = queries.notices(reader, unread_only=True)
    for other in (office.readers[1], office.leader, office.readers[2]):
        with pytest.raises(NotFound):
            classification.read_notice(actor=other, notice_id=notice.pk)
    assert Notice.objects.get(pk=notice.pk).read_at is None
    read = classification.read_notice(actor=reader, notice_id=notice.pk)
    assert read.read_at is not None
    assert not queries.notices(reader, unread_only=True).exists()
    assert list(queries.notices(reader)) == [notice]
    classification.read_notice(actor=reader, notice_id=notice.pk)  # again: nothing changes
    assert Notice.objects.get(pk=notice.pk).read_at == read.read_at
    assert len(audit_events("carriers.notice_read")) == 1


# CLS-NO-WIDEN -----------------------------------------------------------------------------


def test_a_downgrade_does_not_widen_the_scope__CLS_NO_WIDEN(office, world, doc):
    """The rank floor stays that of SECRET (director), not CONFIDENTIAL's (manager)."""
    manager = world.person(dept="lab", rank="manager", clearance=Clearance.CORE)
    before = scope(doc)
    approved_change(office, doc, kind=DOWNGRADE, to_level=L.CONFIDENTIAL)
    assert scope(doc) == before
    doc.refresh_from_db()
    assert not can_know(manager, doc)
    assert not can_know(office.readers[2].person, doc)
    assert can_know(office.readers[0].person, doc)


def test_a_declassified_item_is_not_opened_to_everyone__CLS_NO_WIDEN(office, world, doc):
    uncleared_named = world.person(dept="tech", clearance=Clearance.NONE)
    Document.scope_people.through.objects.create(document=doc, person=uncleared_named)
    outsider = world.person(dept="lab", rank="manager", clearance=Clearance.CORE)
    before = scope(doc)
    change = approved_change(office, doc, kind=DECLASSIFY)
    assert (change.to_level, change.to_term) == (L.INTERNAL, None)
    assert scope(doc) == before
    doc.refresh_from_db()
    assert (doc.level, doc.term_years, doc.scope_all) == (L.INTERNAL, None, False)
    assert not can_know(outsider, doc)
    assert can_know(uncleared_named, doc)  # inside the scope, the clearance bar is lower


# CLS-CENTRAL-DOCS -------------------------------------------------------------------------


def test_central_committee_documents_are_kept_as_secret_and_apart__CLS_CENTRAL_DOCS(office):
    """An unclassified central committee document goes into the classified register, numbered
    with the classified items, and its copies into the central documents cabinet."""
    general = office.incoming(level=L.INTERNAL)
    secret = office.incoming(level=L.SECRET)
    with translation.override("en"):
        central = office.incoming(level=L.INTERNAL, central=True)
    assert (general.series, general.sequence) == (Series.GENERAL, 1)
    assert (secret.series, secret.sequence) == (Series.CLASSIFIED, 1)
    assert (central.series, central.sequence) == (Series.CLASSIFIED, 2)
    assert central.document.central
    assert {c.location for c in office.copies(central)} == {"中央文件专柜"}
    assert {c.location for c in office.copies(general)} == {""}
    assert {c.location for c in office.copies(secret)} == {""}
