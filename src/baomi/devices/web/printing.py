"""The equipment's paper forms as PDFs to print (``queries.printing``), for the security
office that keeps the records; "not found" for a record the person may not see."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse

from baomi.core.exports import CONTENT_TYPES, PDF
from baomi.devices.queries import printing
from baomi.kit.pages import attachment, page


@page("devices")
def destruction_list(request: HttpRequest, disposal_id: int) -> HttpResponse:
    """销毁清单 of a disposal (DESTROY-APPROVE, DESTROY-WITNESS, DESTROY-PLACE)."""
    printed = printing.destruction_list(request.user, disposal_id)
    return attachment(printed.content, printed.filename, CONTENT_TYPES[PDF])
