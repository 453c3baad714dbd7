"""The paper forms of documents and copies as PDFs to print (``queries.printing``): linked
from the page of the item each concerns, guarded like that page, and "not found" for an item
the person may not know (CLS-MAC)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.urls import reverse

from baomi.carriers.queries import printing
from baomi.core.exports import CONTENT_TYPES, PDF
from baomi.core.paper import Printed
from baomi.kit.pages import attachment, page


def _pdf(printed: Printed) -> HttpResponse:
    return attachment(printed.content, printed.filename, CONTENT_TYPES[PDF])


@page("documents")
def routing_slip(request: HttpRequest, entry_id: int) -> HttpResponse:
    """呈批传阅笺 of an incoming document (CIRC-SIGN)."""
    return _pdf(printing.routing_slip(request.user, entry_id))


@page("outgoing")
def envelope_receipt(request: HttpRequest, envelope_id: int) -> HttpResponse:
    """签收回执 of a dispatched envelope (OUT-SIGN)."""
    return _pdf(printing.receipt(request.user, envelope_id))


@page("outgoing")
def envelope_cover(request: HttpRequest, envelope_id: int) -> HttpResponse:
    """信封封面 of a dispatched envelope (OUT-ENVELOPE)."""
    return _pdf(printing.envelope_cover(request.user, envelope_id))


@page("documents")
def approval_form(request: HttpRequest, copy_id: int, request_id: int) -> HttpResponse:
    """借阅登记单, 复制审批单 or 携带外出审批单 of an approval request about a copy
    (LOAN-APPROVE, COPY-APPROVE, CARRY-APPROVE)."""
    return _pdf(printing.approval_form(request.user, copy_id, request_id))


@page("documents")
def handover_list(request: HttpRequest, handover_id: int) -> HttpResponse:
    """移交清单 (HANDOVER)."""
    return _pdf(printing.handover_list(request.user, handover_id))


@page("lifecycle")
def destruction_list(request: HttpRequest, destruction_id: int) -> HttpResponse:
    """销毁清单 (DESTROY-APPROVE, DESTROY-WITNESS, DESTROY-PLACE)."""
    return _pdf(printing.destruction_list(request.user, destruction_id))


@page("documents")
def copy_labels(request: HttpRequest, document_id: int) -> HttpResponse:
    """The labels of a document's copies, each with the QR code of its copy's page."""
    return _pdf(
        printing.labels(request.user, document_id, lambda copy: reverse("copy_use", args=[copy.pk]))
    )
