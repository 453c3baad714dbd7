"""The carriers' answer to the self-inspection checklist (``seams.evidence``,
INSP-CHECKLIST: 涉密载体清理完毕): the copies held in the inspection's scope past the time they
were due back (CIRC-SAMEDAY, LOAN-DUE, CARRY-APPROVE, CIRC-MEETING-RETURN), one query; each
fact names the copy by its document's number and its copy number (never the title, which the
inspector may not be cleared for) and links to the document's page, which CLS-MAC guards.
For the accreditation self-score too: the classified documents whose yearly review is
overdue (CLS-REVIEW) and the loss reports whose written report or investigation is late
(LOSS-REPORT), each named by its number."""

from __future__ import annotations

import datetime

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from baomi.carriers.models import HELD_STATES, Copy, Document, LossReport
from baomi.carriers.queries.classification import reviews_due
from baomi.core.levels import Level
from baomi.seams.evidence import MOST_FACTS, Evidence, EvidenceProvider, Fact, Scope, found


def overdue(organisation_id: int, scope: Scope, moment: datetime.datetime) -> Evidence:
    """Copies held (by their holder, else their custodian) in the scope and overdue at
    ``moment``."""
    copies = Copy.objects.filter(
        organisation_id=organisation_id, state__in=HELD_STATES, due_at__lt=moment
    )
    if scope.department_path:
        copies = copies.filter(
            Q(holder__department__path__startswith=scope.department_path)
            | Q(holder=None, custodian__department__path__startswith=scope.department_path)
        )
    if scope.person_id:
        copies = copies.filter(
            Q(holder_id=scope.person_id) | Q(holder=None, custodian_id=scope.person_id)
        )
    rows = list(
        copies.select_related("document", "holder", "custodian").order_by("due_at", "pk")[
            :MOST_FACTS
        ]
    )
    total = len(rows) if len(rows) < MOST_FACTS else copies.count()
    facts = [
        Fact(
            _("%(document)s copy %(copy)s, held by %(holder)s, due back %(due)s")
            % {
                "document": copy.document.number,
                "copy": copy.number,
                "holder": copy.holder or copy.custodian,
                "due": timezone.localtime(copy.due_at).strftime("%Y-%m-%d %H:%M"),
            },
            reverse("document", args=[copy.document_id]),
        )
        for copy in rows
    ]
    return found(facts, total, gettext_lazy("… and %(n)s more"))


def classification_reviews(
    organisation_id: int, scope: Scope, moment: datetime.datetime
) -> Evidence:
    """CLS-REVIEW: classified documents whose yearly review is overdue at ``moment`` — its
    deadline (the end of the day ``interval_days`` after the last review, or the
    classification) has passed, or the document was neither reviewed nor dated
    (``queries.classification.reviews_due`` as of the day before ``moment``'s, as the
    deadline provider reads it). A department's scope: its drafting department; a person's:
    the documents they registered. Each named by its number, never its title."""
    documents = Document.objects.filter(
        organisation_id=organisation_id, level__gte=Level.CONFIDENTIAL
    )
    if scope.department_path:
        documents = documents.filter(drafting_department__path__startswith=scope.department_path)
    if scope.person_id:
        documents = documents.filter(registered_by__person_id=scope.person_id)
    yesterday = timezone.localdate(moment) - datetime.timedelta(days=1)
    due = reviews_due(documents, organisation_id, yesterday)
    rows = list(due[:MOST_FACTS])
    total = len(rows) if len(rows) < MOST_FACTS else due.count()
    never = _("never reviewed")
    facts = [
        Fact(
            _("%(document)s (%(level)s): last reviewed %(day)s")
            % {
                "document": doc.number,
                "level": Level(doc.level).label,
                "day": doc.last_review.isoformat() if doc.last_review else never,
            },
            reverse("document_classification", args=[doc.pk]),
        )
        for doc in rows
    ]
    return found(facts, total, gettext_lazy("… and %(n)s more"))


def losses(organisation_id: int, scope: Scope, moment: datetime.datetime) -> Evidence:
    """LOSS-REPORT: loss and leak reports whose written report or investigation is late at
    ``moment`` — not filed, or not concluded, past its due time. A department's scope: the
    reporter's department; a person's: the reports they made. Each named by its number and
    what is late, never by a document's title."""
    reports = LossReport.objects.filter(organisation_id=organisation_id).filter(
        Q(written_at=None, written_due_at__lt=moment)
        | Q(concluded_at=None, investigation_due_at__lt=moment)
    )
    if scope.department_path:
        reports = reports.filter(
            reported_by__person__department__path__startswith=scope.department_path
        )
    if scope.person_id:
        reports = reports.filter(reported_by__person_id=scope.person_id)
    rows = list(reports.order_by("discovered_at", "pk")[:MOST_FACTS])
    total = len(rows) if len(rows) < MOST_FACTS else reports.count()
    facts = []
    for report in rows:
        late = []
        if report.written_at is None and report.written_due_at < moment:
            late.append(_("written report due %(due)s") % {"due": _moment(report.written_due_at)})
        if report.concluded_at is None and report.investigation_due_at < moment:
            late.append(
                _("investigation due %(due)s") % {"due": _moment(report.investigation_due_at)}
            )
        facts.append(
            Fact(
                _("Loss report %(n)s: %(late)s") % {"n": report.pk, "late": "; ".join(late)},
                reverse("losses"),
            )
        )
    return found(facts, total, gettext_lazy("… and %(n)s more"))


def _moment(at: datetime.datetime) -> str:
    return timezone.localtime(at).strftime("%Y-%m-%d %H:%M")


PROVIDERS = (
    EvidenceProvider(
        "carriers.overdue", gettext_lazy("Carriers cleaned up (no overdue copies)"), overdue
    ),
    EvidenceProvider(
        "carriers.classification_reviews",
        gettext_lazy("Classified documents reviewed every year"),
        classification_reviews,
    ),
    EvidenceProvider(
        "carriers.losses", gettext_lazy("Losses reported and investigated on time"), losses
    ),
)
