"""The home page: the panels every app registers (``baomi.seams.panels``) that have something
for the signed-in person — what I hold, what is overdue, what awaits my approval or my
instruction (JOURNEYS §3), my equipment, the accounts and the audit chain for those who keep
them."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from baomi.kit.pages import page, panels
from baomi.seams.panels import HOME


@page("home")
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "web/home.html", {"panels": panels(request, HOME)})
