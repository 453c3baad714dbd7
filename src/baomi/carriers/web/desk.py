"""The clerk's desk (机要台, JOURNEYS §1): what to route, circulate and get back today, where
every copy of a department is, and the buttons that move a copy: hand it to a reader, sign
for it, take it back (CIRC-DIRECT, CIRC-SIGN, CIRC-SAMEDAY)."""

from __future__ import annotations

import datetime
from itertools import groupby
from operator import attrgetter
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from baomi.access.mac import knower
from baomi.carriers.models import Copy, CopyState, Custody
from baomi.carriers.operations import circulation
from baomi.carriers.queries import copies as carriers
from baomi.carriers.web.forms.desk import DepartmentForm, ReaderForm, StoreForm
from baomi.kit.pages import cleaned, done, next_page, page
from baomi.org import queries as org_queries
from baomi.seams.approvals import describe, operation_label

WHERE_LIMIT = 500


def clock(actor: Any) -> dict[str, datetime.datetime | None]:
    """Now and the end of the current working day (CIRC-SAMEDAY; after hours and on a day
    off, the next working day's): a due time before ``now`` is overdue (red), one before
    ``day_end`` is due back "today" (orange)."""
    person = knower(actor)
    at = timezone.now()
    if person is None:
        return {"now": at, "day_end": None}
    cal = org_queries.calendar(person.organisation_id)
    return {"now": at, "day_end": cal.end_of_current_working_day(at)}


def free_copies(actor: Any, document_ids: list[int]) -> dict[int, list[Copy]]:
    """The copies of each document in the acting custodian's hands, ready to be handed out,
    in the order of their numbers: one read for all the documents."""
    found = (
        carriers.known_copies(actor)
        .filter(
            document_id__in=document_ids,
            custodian=knower(actor),
            state=CopyState.WITH_CUSTODIAN,
        )
        .order_by("document_id", "number")
    )
    return {
        document_id: list(copies)
        for document_id, copies in groupby(found, key=attrgetter("document_id"))
    }


@page("desk")
def desk(request: HttpRequest) -> HttpResponse:
    board = carriers.desk(request.user)
    # Each waiting reader is offered the next free copy; readers beyond the free copies wait
    # for one to come back (CIRC-DIRECT: it goes through the custodian).
    free_by_document = free_copies(
        request.user, [entry.document_id for entry, _waiting in board.to_circulate]
    )
    to_circulate = []
    for entry, waiting in board.to_circulate:
        free = free_by_document.get(entry.document_id, [])
        offers = [(reader, free[i] if i < len(free) else None) for i, reader in enumerate(waiting)]
        to_circulate.append((entry, offers))
    return render(
        request,
        "carriers/desk/desk.html",
        {
            "board": board,
            "to_circulate": to_circulate,
            "late_routing": {e.pk for e in board.late_routing},
            "late_circulation": {e.pk for e in board.late_circulation},
            "approvals": [
                (
                    r,
                    operation_label(r.operation),
                    describe(request.user, r.subject_type, r.subject_id),
                )
                for r in board.approvals_to_use
            ],
            "department_form": DepartmentForm(actor=request.user),
            **clock(request.user),
        },
    )


@page("desk")
def copies_where(request: HttpRequest) -> HttpResponse:
    """ "Where is every copy" of a department (and its sub-departments)."""
    form = DepartmentForm(request.GET or None, actor=request.user)
    copies, truncated = None, False
    if form.is_bound:
        department = cleaned(form)["department"]
        found = carriers.copies_in_department(request.user, department)
        copies = list(found[: WHERE_LIMIT + 1])
        truncated = len(copies) > WHERE_LIMIT
        copies = copies[:WHERE_LIMIT]
    return render(
        request,
        "carriers/desk/where.html",
        {
            "form": form,
            "copies": copies,
            "truncated": truncated,
            "limit": WHERE_LIMIT,
            **clock(request.user),
        },
    )


def _moved(request: HttpRequest, custody: Custody, message: str) -> HttpResponse:
    """Report a copy's move (``message`` takes %(copy)s, %(number)s and %(reader)s) and go
    back to the page of the button, by default the document's page."""
    copy = custody.copy
    text = message % {
        "copy": copy.label,
        "number": copy.document.number,
        "reader": custody.holder.name,
    }
    return done(request, text, next_page(request, reverse("document", args=[copy.document_id])))


@require_POST
@page("desk")
def copies_store(request: HttpRequest) -> HttpResponse:
    """CIRC-OFFICE: lock the chosen copies in a recorded secure cabinet."""
    waiting = list(carriers.not_in_cabinet(request.user))
    data = cleaned(StoreForm(request.POST, copies=waiting))
    stored = circulation.store(
        actor=request.user, copy_ids=data["copies"], location=data["location"]
    )
    message = _("%(n)d copies locked in %(location)s.") % {
        "n": len(stored),
        "location": data["location"],
    }
    return done(request, message, reverse("desk"))


@require_POST
@page("documents")
def copy_circulate(request: HttpRequest, copy_id: int) -> HttpResponse:
    """The custodian hands a copy to a reader (CIRC-DIRECT: never reader to reader)."""
    reader = cleaned(ReaderForm(request.POST))["reader"]
    custody = circulation.circulate(actor=request.user, copy_id=copy_id, reader_id=reader)
    return _moved(request, custody, _("%(copy)s of %(number)s handed to %(reader)s."))


@require_POST
@page("documents")
def copy_receipt(request: HttpRequest, copy_id: int) -> HttpResponse:
    """The reader signs for the copy in their hands, or the custodian records the reader's
    signature on the printed slip (CIRC-SIGN)."""
    custody = circulation.confirm_receipt(
        actor=request.user, copy_id=copy_id, on_paper=request.POST.get("on_paper") == "1"
    )
    return _moved(request, custody, _("Receipt of %(copy)s of %(number)s signed."))


@require_POST
@page("documents")
def copy_return(request: HttpRequest, copy_id: int) -> HttpResponse:
    """The custodian confirms that a copy came back from its reader (CIRC-SIGN)."""
    custody = circulation.return_copy(actor=request.user, copy_id=copy_id)
    return _moved(
        request, custody, _("%(copy)s of %(number)s is back with the custodian from %(reader)s.")
    )
