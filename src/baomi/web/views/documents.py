"""Documents: the list and detail a person may know (CLS-MAC), and registering one."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from baomi.access.roles import Permission, has_permission
from baomi.carriers import operations, queries
from baomi.web.forms import DocumentFilterForm, DocumentForm
from baomi.web.shortcuts import cleaned, done, page

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
        "web/documents/list.html",
        {
            "form": form,
            "documents": docs[:PAGE_SIZE],
            "registers": _registers(request.user),
        },
    )


@page("documents")
def document_detail(request: HttpRequest, document_id: int) -> HttpResponse:
    doc = queries.document(request.user, document_id)  # NotFound → 404, the read is recorded
    return render(
        request,
        "web/documents/detail.html",
        {
            "doc": doc,
            "named": doc.scope_people.all(),
            "departments": doc.scope_departments.all(),
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
    return render(request, "web/documents/register.html", {"form": form})
