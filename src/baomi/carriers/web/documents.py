"""Documents: the list and detail a person may know (CLS-MAC), and registering one."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from baomi.access.mac import knower
from baomi.access.roles import Permission, has_permission
from baomi.carriers import operations, queries
from baomi.carriers.models import HELD_STATES, TIMELINE, CopyState
from baomi.carriers.queries import copies
from baomi.carriers.queries.recordings import recording_of
from baomi.carriers.web.desk import clock
from baomi.carriers.web.forms.common import candidates
from baomi.carriers.web.forms.documents import DocumentFilterForm, DocumentForm
from baomi.kit.pages import cleaned, done, page

PAGE_SIZE = 100


def _registers(actor: object) -> bool:
    return has_permission(actor, Permission.REGISTER_ITEMS)


@page("documents")
def document_list(request: HttpRequest) -> HttpResponse:
    form = DocumentFilterForm(request.GET or None)
    search, level = "", None
    if form.is_bound and form.is_valid():
        search, level = form.cleaned_data["q"], form.cleaned_data["level"]
    docs = queries.documents(request.user, search=search, level=level)
    return render(
        request,
        "carriers/documents/list.html",
        {
            "form": form,
            "documents": docs[:PAGE_SIZE],
            "registers": _registers(request.user),
        },
    )


@page("documents")
def document_detail(request: HttpRequest, document_id: int) -> HttpResponse:
    """The document, where each copy is and its custody timeline; for the custodian the
    buttons that hand a copy out and take it back, for the holder the receipt to sign."""
    actor = request.user
    # NotFound → 404, the read is recorded
    doc, doc_copies = copies.document_copies(actor, document_id)
    me = knower(actor)
    hands_out = me is not None and any(
        c.custodian_id == me.pk and c.state == CopyState.WITH_CUSTODIAN for c in doc_copies
    )
    readers = candidates(actor, doc, exclude=me.pk) if hands_out else []
    return render(
        request,
        "carriers/documents/detail.html",
        {
            "doc": doc,
            "named": doc.scope_people.all(),
            "departments": doc.scope_departments.all(),
            "entry": getattr(doc, "incoming", None),
            "recording": recording_of(doc.pk),
            "copies": doc_copies,
            "me": me,
            "away": [s for s in HELD_STATES if s != CopyState.WITH_CUSTODIAN],
            "readers": [c.person for c in readers if c.allowed],
            "timeline": [
                (event, TIMELINE.get(event.action, event.action))
                for event in copies.timeline(actor, doc.pk)
            ],
            **clock(actor),
        },
    )


@page("documents", _registers)
def document_register(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        form = DocumentForm(request.POST, actor=request.user)
        cleaned(form)
        doc = operations.register_document(actor=request.user, **form.operation_kwargs())
        return done(
            request,
            _("Registered %(number)s.") % {"number": doc.number},
            reverse("document", args=[doc.pk]),
        )
    form = DocumentForm(actor=request.user)
    return render(request, "carriers/documents/register.html", {"form": form})
