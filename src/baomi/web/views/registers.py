"""The registers index: every register and ledger the domains keep (``baomi.seams.registers``),
as the signed-in person may see them listed, each with the rules that demand it."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from baomi.kit.pages import page
from baomi.seams.registers import registers_for


@page("registers")
def register_index(request: HttpRequest) -> HttpResponse:
    return render(request, "web/registers/index.html", {"registers": registers_for(request.user)})
