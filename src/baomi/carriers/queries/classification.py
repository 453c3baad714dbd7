"""Reads for classification work: what is due for its yearly review (CLS-REVIEW), what has
reached the end of its protection term (CLS-TERM), a person's notices of changes
(CLS-NOTIFY) and the catalogue of what is secret (CLS-CATALOG). Documents are always
filtered by what the asking person may know (CLS-MAC)."""

from __future__ import annotations

import datetime
from functools import reduce
from operator import or_

from django.db import connection
from django.db.models import F, Q, QuerySet
from django.utils import timezone

from baomi.access.actor import Actor
from baomi.access.mac import knower
from baomi.carriers.models import (
    LAST_REVIEW,
    CatalogueEntry,
    ClassificationChange,
    Document,
    Notice,
)
from baomi.carriers.policies import DOCUMENTS
from baomi.core.levels import Level
from baomi.rulebook import book


def years_before(day: datetime.date, years: int) -> datetime.date:
    """The same calendar day ``years`` earlier (28 February for a 29 February)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def term_ended(document: Document, today: datetime.date) -> bool:
    """CLS-TERM: the protection term, counted from the classification date, has run out."""
    return bool(
        document.term_years
        and document.classified_on
        and document.classified_on <= years_before(today, document.term_years)
    )


def _classified(actor: Actor) -> QuerySet[Document]:
    return DOCUMENTS.known(actor).filter(level__gte=Level.CONFIDENTIAL)


def review_due(actor: Actor, today: datetime.date | None = None) -> QuerySet[Document]:
    """CLS-REVIEW: the classified documents the actor may know whose last review (or, never
    reviewed, their classification) is at least ``interval_days`` ago; longest waiting first."""
    person = knower(actor)
    if person is None:
        return Document.objects.none()
    return reviews_due(_classified(actor), person.organisation_id, today or timezone.localdate())


def reviews_due(
    documents: QuerySet[Document], organisation_id: int, today: datetime.date
) -> QuerySet[Document]:
    """CLS-REVIEW: those of ``documents`` (classified, of the organisation) whose yearly review
    is due by ``today``, each with ``last_review`` (None: neither reviewed nor dated), longest
    waiting first; ``review_due`` and the deadline provider."""
    dated, undated = review_conditions(organisation_id, today)
    return (
        documents.annotate(last_review=LAST_REVIEW)
        .filter(dated | undated)
        .order_by(F("last_review").asc(nulls_first=True), "pk")
    )


def review_conditions(organisation_id: int, today: datetime.date) -> tuple[Q, Q]:
    """CLS-REVIEW as two conditions on classified documents annotated with ``last_review``
    (``LAST_REVIEW``): (those reviewed or dated, due by ``today``; those neither reviewed nor
    dated, always due), each as the index document_review_dated / _undated reads it."""
    days = book.param(organisation_id, "CLS-REVIEW", "interval_days")
    cutoff = today - datetime.timedelta(days=days)
    return Q(last_review__lte=cutoff), Q(reviewed_on=None, classified_on=None)


def term_expired(actor: Actor, today: datetime.date | None = None) -> QuerySet[Document]:
    """CLS-TERM: the classified documents the actor may know whose classification date plus
    protection term is today or earlier: due for a declassification review."""
    person = knower(actor)
    if person is None:
        return Document.objects.none()
    return terms_ended(_classified(actor), person.organisation_id, today or timezone.localdate())


def term_ends_by(years: int, today: datetime.date) -> Q:
    """CLS-TERM: the documents of a ``years`` term whose term has ended by ``today``."""
    return Q(term_years=years, classified_on__lte=years_before(today, years))


def terms_ended(
    documents: QuerySet[Document], organisation_id: int, today: datetime.date
) -> QuerySet[Document]:
    """CLS-TERM: those of ``documents`` (classified, of the organisation) whose classification
    date plus protection term is ``today`` or earlier, oldest first (``term_expired``)."""
    ended = [term_ends_by(t, today) for t in terms_held(organisation_id)]
    if not ended:
        return documents.none()
    return documents.filter(reduce(or_, ended)).order_by("classified_on", "pk")


def terms_held(organisation_id: int) -> list[int]:
    """The protection terms the organisation's classified documents carry, smallest first:
    a skip scan of the index document_term in one statement (a recursive query, each step one
    seek for the next larger term) — the few terms there are, never a read of every
    document."""
    table = Document._meta.db_table
    org, level, term = (
        Document._meta.get_field(name).column for name in ("organisation", "level", "term_years")
    )
    found = f"FROM {table} WHERE {org} = %s AND {level} >= %s"
    # The model's own table and column names; every value a parameter.
    sql = (
        f"WITH RECURSIVE held(term) AS (SELECT MIN({term}) {found} UNION ALL "  # noqa: S608
        f"SELECT (SELECT MIN({term}) {found} AND {term} > held.term) FROM held "
        "WHERE held.term IS NOT NULL) SELECT term FROM held WHERE term IS NOT NULL"
    )
    classified = (organisation_id, int(Level.CONFIDENTIAL))
    with connection.cursor() as cursor:
        cursor.execute(sql, [*classified, *classified])
        return [row[0] for row in cursor.fetchall()]


def notices(actor: Actor, unread_only: bool = False) -> QuerySet[Notice]:
    """CLS-NOTIFY: the notices addressed to the actor's person about documents they may still
    know, newest first."""
    person = knower(actor)
    if person is None:
        return Notice.objects.none()
    visible = DOCUMENTS.known(actor).values("pk")
    qs = Notice.objects.filter(person=person, document__in=visible)
    if unread_only:
        qs = qs.filter(read_at=None)
    return qs.select_related("document", "change").order_by("-created_at", "-pk")


def catalogue(actor: Actor, *, include_retired: bool = False) -> QuerySet[CatalogueEntry]:
    """CLS-CATALOG: the organisation's catalogue of what is secret, highest level first. It
    names kinds of matters, not items, and is offered to everyone who drafts or registers."""
    person = knower(actor)
    if person is None:
        return CatalogueEntry.objects.none()
    qs = CatalogueEntry.objects.filter(organisation_id=person.organisation_id)
    if not include_retired:
        qs = qs.filter(active=True)
    return qs.order_by("-level", "matter")


def changes(actor: Actor, document_id: int) -> QuerySet[ClassificationChange]:
    """The classification changes of one document the actor may know (CLS-MAC), with who
    decided and the approval."""
    visible = DOCUMENTS.known(actor).filter(pk=document_id).values("pk")
    return ClassificationChange.objects.filter(document__in=visible).select_related(
        "decided_by", "approval"
    )
