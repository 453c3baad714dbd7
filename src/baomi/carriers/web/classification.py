"""Classification work (定密管理, RULES.md §1): the catalogue of what is secret (CLS-CATALOG),
the queue of yearly reviews and ended terms (CLS-REVIEW, CLS-TERM), each document's review,
downgrade, declassification or change of term by approval; and everyone's notices of such
changes (CLS-NOTIFY) with what they have to sign."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from baomi.approvals.queries import among
from baomi.carriers import queries
from baomi.carriers.models import ChangeKind
from baomi.carriers.operations import classification as operations
from baomi.carriers.queries import classification as reads
from baomi.carriers.queries import lifecycle as ends
from baomi.carriers.queries.approvals import about as approvals_about
from baomi.carriers.queries.approvals import granted_reclassifications
from baomi.carriers.web.forms.classification import CatalogueForm, ReclassifyForm, ReviewForm
from baomi.kit.pages import cleaned, done, page

QUEUE_LIMIT = 100


def _document_page(document_id: int) -> str:
    return reverse("document_classification", args=[document_id])


@page("classification")
def classification_queue(request: HttpRequest) -> HttpResponse:
    """What is due: classified documents whose yearly review is due (CLS-REVIEW), those whose
    protection term has ended (CLS-TERM), and changes approved but not yet made."""
    actor = request.user
    return render(
        request,
        "carriers/classification/queue.html",
        {
            "review_due": reads.review_due(actor)[:QUEUE_LIMIT],
            "term_expired": reads.term_expired(actor)[:QUEUE_LIMIT],
            "approved": [
                (r, doc, ChangeKind(r.params["kind"]).label)
                for r, doc in granted_reclassifications(actor)
            ],
        },
    )


@page("classification")
def catalogue(request: HttpRequest) -> HttpResponse:
    """保密事项范围: the organisation's catalogue, retired entries included (CLS-CATALOG)."""
    return render(
        request,
        "carriers/classification/catalogue.html",
        {
            "entries": reads.catalogue(request.user, include_retired=True),
            "form": CatalogueForm(),
        },
    )


@require_POST
@page("classification")
def catalogue_add(request: HttpRequest) -> HttpResponse:
    data = cleaned(CatalogueForm(request.POST))
    entry = operations.add_catalogue_entry(actor=request.user, **data)
    return done(
        request, _("%(matter)s catalogued.") % {"matter": entry.matter}, reverse("catalogue")
    )


@require_POST
@page("classification")
def catalogue_retire(request: HttpRequest, entry_id: int) -> HttpResponse:
    entry = operations.retire_catalogue_entry(actor=request.user, entry_id=entry_id)
    return done(request, _("%(matter)s retired.") % {"matter": entry.matter}, reverse("catalogue"))


@page("classification")
def document_classification(request: HttpRequest, document_id: int) -> HttpResponse:
    """One document's classification: its history, the review, and a change by approval."""
    actor = request.user
    doc = queries.document(actor, document_id)  # NotFound, the read is recorded
    requests = approvals_about(actor, "carriers.document", doc.pk, "reclassify")
    return render(
        request,
        "carriers/classification/document.html",
        {
            "doc": doc,
            "ended": reads.term_ended(doc, timezone.localdate()),
            "changes": reads.changes(actor, doc.pk),
            "requests": requests,
            "approved": among(requests, "reclassify"),
            "review_form": ReviewForm(),
            "reclassify_form": ReclassifyForm(),
        },
    )


@require_POST
@page("classification")
def classification_review(request: HttpRequest, document_id: int) -> HttpResponse:
    """The yearly review keeps the classification (CLS-REVIEW)."""
    reason = cleaned(ReviewForm(request.POST))["reason"]
    operations.review(actor=request.user, document_id=document_id, reason=reason)
    return done(request, _("Reviewed: the classification is kept."), _document_page(document_id))


def _change(request: HttpRequest) -> dict[str, Any]:
    return cleaned(ReclassifyForm(request.POST))


@require_POST
@page("classification")
def reclassification_request(request: HttpRequest, document_id: int) -> HttpResponse:
    """Ask for approval to downgrade, declassify or change the term (CLS-TERM)."""
    operations.request_reclassification(
        actor=request.user, document_id=document_id, **_change(request)
    )
    return done(
        request,
        _("Change requested; it is in your approvals list."),
        _document_page(document_id),
    )


@require_POST
@page("classification")
def reclassify(request: HttpRequest, document_id: int) -> HttpResponse:
    """Make the approved change; everyone who holds or has known it is notified
    (CLS-TERM, CLS-NO-WIDEN, CLS-NOTIFY)."""
    change = operations.reclassify(actor=request.user, document_id=document_id, **_change(request))
    return done(
        request,
        _("Classification changed: %(change)s.") % {"change": change.get_kind_display()},
        _document_page(document_id),
    )


@page("documents")
def notices(request: HttpRequest) -> HttpResponse:
    """My notices of changed classifications (CLS-NOTIFY) and the hand-overs waiting for my
    signature (HANDOVER)."""
    return render(
        request,
        "carriers/classification/notices.html",
        {
            "notices": reads.notices(request.user)[:200],
            "to_sign": ends.handovers_to_sign(request.user),
        },
    )


@require_POST
@page("documents")
def notice_read(request: HttpRequest, notice_id: int) -> HttpResponse:
    operations.read_notice(actor=request.user, notice_id=notice_id)
    return done(request, _("Marked as read."), reverse("notices"))
