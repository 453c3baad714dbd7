"""The registers (登记簿) of the paper trail for the clerk and the security officer: each one as
a filtered list of 100 lines a page, and exported as .xlsx or PDF in the paper layout (the
export is audited). Only the lines about documents the reader may know are listed (CLS-MAC).
The index of every domain's registers is the shell's (``baomi.web.views.registers``)."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from baomi.carriers.queries import registers as queries
from baomi.carriers.web.forms.registers import RegisterFilterForm
from baomi.core.registers import Filters
from baomi.kit.pages import attachment, cleaned, export_links, filter_query, page


def _download(request: HttpRequest, key: str, form: RegisterFilterForm) -> HttpResponse:
    cleaned(form)  # a filter that makes no sense is refused, not silently dropped
    exported = queries.export(request.user, key, form.filters(), request.GET["format"])
    return attachment(exported.content, exported.filename, exported.content_type)


@page("registers")
def register_page(request: HttpRequest, key: str) -> HttpResponse:
    reg = queries.register(request.user, key)  # unknown register → 404
    form = RegisterFilterForm(request.GET or None, actor=request.user, register=reg)
    if "format" in request.GET:
        return _download(request, key, form)
    valid = not form.is_bound or form.is_valid()
    filters = form.filters() if form.is_bound and valid else Filters()
    found = queries.lines(request.user, key, filters) if valid else []
    page_obj = Paginator(found, queries.PAGE_SIZE).get_page(request.GET.get("page"))
    rows: list[list[dict[str, Any]]] = [
        [
            {"kind": c.kind, "raw": row[c.key], "text": text}
            for c, text in zip(reg.columns, queries.cells(reg, row), strict=True)
        ]
        for row in queries.rows(reg, page_obj.object_list)
    ]
    return render(
        request,
        "carriers/registers/register.html",
        {
            "register": reg,
            "form": form,
            "rows": rows,
            "page_obj": page_obj,
            "query": filter_query(request),
            "exports": export_links(request) if valid else [],
        },
    )
