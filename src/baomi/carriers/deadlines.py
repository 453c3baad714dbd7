"""The deadlines of the paper trail (RULES.md §1–6): one provider per DEADLINE rule, each
answering an organisation's open deadlines in one database query through the same conditions
as the lists of what is due and overdue (``queries.copies``, ``queries.classification``).

- A copy away from its custodian (``copies.due_back``) is due back by its ``due_at``: with a
  reader, CIRC-SAMEDAY at or above ``CIRC-SAMEDAY.min_level``, CIRC-NO-KEEP below it; on loan,
  LOAN-DUE; at an outside meeting, CIRC-MEETING-RETURN. The holder answers for it. (A copy
  taken out is due back too, under CARRY-APPROVE, which is not a DEADLINE rule.)
- A copy of a document with a recall date is due back to the issuer by the end of that date
  (RECALL-DUE, ``copies.to_recall``); its holder answers for it.
- An incoming document's routing slip (IN-ROUTE, ``copies.unrouted``) and its circulation
  once instructed (IN-URGENT, ``copies.uncirculated``) are due at the times its registration
  set; the clerk who registered it answers for them.
- Every classified document is reviewed yearly (CLS-REVIEW) and reviewed for declassification
  when its term ends (CLS-TERM): deadlines every such document always has, so only those due
  within ``DUE_SOON`` of the moment are answered (the others would be the whole register),
  with the drafting department, if any, as the one answering.
- A loss report's written report and its investigation are due ``LOSS-REPORT.report_hours``
  and ``investigation_days`` after the discovery: the written one of the reporter, the
  investigation of the security office (nobody named).
- IN-SAMEDAY has no open deadline: a document enters the system by being registered, and a
  registration later than the day it was opened is flagged ``late`` in the register then."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from baomi.carriers.models import (
    LAST_REVIEW,
    Copy,
    CopyState,
    Document,
    IncomingEntry,
    LossReport,
)
from baomi.carriers.queries.classification import (
    review_conditions,
    term_ends_by,
    terms_held,
)
from baomi.carriers.queries.copies import due_back, to_recall, uncirculated, unrouted
from baomi.core.levels import Level
from baomi.rulebook import book
from baomi.seams.deadlines import (
    DUE_SOON,
    Deadline,
    DeadlineProvider,
    DeadlineQuery,
    end_of_day,
)

COPY = "carriers.copy"
DOCUMENT = "carriers.document"
LOSS = "carriers.lossreport"


def _copies_away(organisation_id: int, rule_id: str, **condition: Any) -> list[DeadlineQuery]:
    """The copies of the organisation away from their custodian under ``rule_id``, due back
    at their ``due_at``, the holder answering."""
    rows = due_back(Copy.objects.filter(organisation_id=organisation_id)).filter(**condition)
    return [DeadlineQuery(rule_id, COPY, rows, "due_at", **_HOLDER)]


_HOLDER = {"person": "holder_id", "department": "holder__department_id"}


def same_day(organisation_id: int, moment: datetime.datetime) -> list[DeadlineQuery]:
    """CIRC-SAMEDAY: copies at or above its ``min_level`` with a reader, due back by the end of
    the working day."""
    level = book.param(organisation_id, "CIRC-SAMEDAY", "min_level")
    return _copies_away(
        organisation_id,
        "CIRC-SAMEDAY",
        state=CopyState.CIRCULATING,
        document__level__gte=level,
    )


def not_kept(organisation_id: int, moment: datetime.datetime) -> list[DeadlineQuery]:
    """CIRC-NO-KEEP: copies below CIRC-SAMEDAY's ``min_level`` with a reader, due back within
    IN-URGENT's ``normal_days``."""
    level = book.param(organisation_id, "CIRC-SAMEDAY", "min_level")
    return _copies_away(
        organisation_id,
        "CIRC-NO-KEEP",
        state=CopyState.CIRCULATING,
        document__level__lt=level,
    )


def loans(organisation_id: int, moment: datetime.datetime) -> list[DeadlineQuery]:
    """LOAN-DUE: copies on loan, due back at the end of the working day of their due date;
    the borrower answers."""
    return _copies_away(organisation_id, "LOAN-DUE", state=CopyState.ON_LOAN)


def meetings(organisation_id: int, moment: datetime.datetime) -> list[DeadlineQuery]:
    """CIRC-MEETING-RETURN: copies at an outside meeting, handed back to the custodian at the
    end of the meeting's working day."""
    return _copies_away(organisation_id, "CIRC-MEETING-RETURN", state=CopyState.AT_MEETING)


def recalls(organisation_id: int, moment: datetime.datetime) -> list[DeadlineQuery]:
    """RECALL-DUE: copies still in the organisation's hands whose document has a recall date,
    due back to the issuer by the end of that date; the holder answers. The documents with a
    recall date are few: they are found first (``document_recall``), then their copies."""
    # "IS NOT NULL", as the partial index document_recall says it (not "NOT … IS NULL").
    recalled = Document.objects.filter(organisation_id=organisation_id, recall_date__isnull=False)
    rows = to_recall(Copy.objects.filter(document__in=recalled.values("pk")))
    return [
        DeadlineQuery("RECALL-DUE", COPY, rows, "document__recall_date", by_day=True, **_HOLDER)
    ]


def _entries(organisation_id: int) -> QuerySet[IncomingEntry]:
    return IncomingEntry.objects.filter(organisation_id=organisation_id)


_CLERK = {
    "subject": "document_id",
    "person": "document__registered_by__person_id",
    "department": "document__registered_by__person__department_id",
}


def routing(organisation_id: int, moment: datetime.datetime) -> list[DeadlineQuery]:
    """IN-ROUTE: routing slips not yet sent to the office director, due at the end of the
    ``route_days``-th working day after registration."""
    rows = unrouted(_entries(organisation_id))
    return [DeadlineQuery("IN-ROUTE", DOCUMENT, rows, "route_due_at", **_CLERK)]


def circulation(organisation_id: int, moment: datetime.datetime) -> list[DeadlineQuery]:
    """IN-URGENT: instructed incoming documents whose circulation is not finished, due at once
    (the end of the day) when urgent, else within ``normal_days`` working days."""
    rows = uncirculated(_entries(organisation_id)).exclude(circulation_due_at=None)
    return [DeadlineQuery("IN-URGENT", DOCUMENT, rows, "circulation_due_at", **_CLERK)]


def registration(organisation_id: int, moment: datetime.datetime) -> list[Deadline]:
    """IN-SAMEDAY: never open (see the module's docstring)."""
    return []


def _classified(organisation_id: int) -> QuerySet[Document]:
    return Document.objects.filter(organisation_id=organisation_id, level__gte=Level.CONFIDENTIAL)


def _horizon(moment: datetime.datetime) -> datetime.date:
    return timezone.localdate(moment + DUE_SOON)


def reviews(organisation_id: int, moment: datetime.datetime) -> list[DeadlineQuery]:
    """CLS-REVIEW: classified documents whose yearly review falls due by ``DUE_SOON`` after
    ``moment``: by the end of the day ``interval_days`` after the last review (or the
    classification); a document neither reviewed nor dated is due since its registration."""
    days = book.param(organisation_id, "CLS-REVIEW", "interval_days")
    dated, undated = review_conditions(organisation_id, _horizon(moment))
    documents = _classified(organisation_id)
    department = {"department": "drafting_department_id"}
    return [
        DeadlineQuery(
            "CLS-REVIEW",
            DOCUMENT,
            documents.annotate(last_review=LAST_REVIEW).filter(dated),
            "last_review",
            by_day=True,
            days_after=days,
            **department,
        ),
        # Due since their registration: those registered by the horizon (all of them), as
        # the index document_review_undated is read in registration order.
        DeadlineQuery(
            "CLS-REVIEW",
            DOCUMENT,
            documents.filter(undated, registered_at__lte=moment + DUE_SOON),
            "registered_at",
            **department,
        ),
    ]


def years_after(day: datetime.date, years: int) -> datetime.date:
    """The first day on which ``day`` is ``years`` or more years ago (``classification.
    years_before``'s inverse: 1 March for a 29 February)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return datetime.date(day.year + years, 3, 1)


def terms(organisation_id: int, moment: datetime.datetime) -> list[Deadline]:
    """CLS-TERM: classified documents whose protection term ends by ``DUE_SOON`` after
    ``moment``, due for their declassification review by the end of that day. The terms the
    register holds are read from the index document_term alone (``terms_held``), then each
    term's ended documents as a range of it, the ranges in one statement (UNION ALL: one
    query with the ranges ORed is read whole by SQLite): never a read of every document."""
    documents = _classified(organisation_id).order_by()
    horizon = _horizon(moment)
    columns = ("pk", "classified_on", "term_years", "drafting_department_id")
    ranges = [
        documents.filter(term_ends_by(years, horizon)).values_list(*columns)
        for years in terms_held(organisation_id)
    ]
    if not ranges:
        return []
    return [
        Deadline("CLS-TERM", DOCUMENT, pk, end_of_day(years_after(day, term)), None, dept)
        for pk, day, term, dept in ranges[0].union(*ranges[1:], all=True)
    ]


def losses(organisation_id: int, moment: datetime.datetime) -> list[Deadline]:
    """LOSS-REPORT: the written reports not yet filed (the reporter's) and the investigations
    not yet concluded (the security office's)."""
    reports = LossReport.objects.filter(organisation_id=organisation_id)
    written = reports.filter(written_at=None).values_list(
        "pk", "written_due_at", "reported_by__person_id", "reported_by__person__department_id"
    )
    investigated = reports.filter(concluded_at=None).values_list("pk", "investigation_due_at")
    return [Deadline("LOSS-REPORT", LOSS, pk, due, p, d) for pk, due, p, d in written] + [
        Deadline("LOSS-REPORT", LOSS, pk, due) for pk, due in investigated
    ]


PROVIDERS = (
    DeadlineProvider("CLS-TERM", terms),
    DeadlineProvider("CLS-REVIEW", queries=reviews),
    DeadlineProvider("IN-SAMEDAY", registration),
    DeadlineProvider("IN-ROUTE", queries=routing),
    DeadlineProvider("IN-URGENT", queries=circulation),
    DeadlineProvider("CIRC-SAMEDAY", queries=same_day),
    DeadlineProvider("CIRC-MEETING-RETURN", queries=meetings),
    DeadlineProvider("CIRC-NO-KEEP", queries=not_kept),
    DeadlineProvider("LOAN-DUE", queries=loans),
    DeadlineProvider("RECALL-DUE", queries=recalls),
    DeadlineProvider("LOSS-REPORT", losses),
)
