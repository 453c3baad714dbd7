"""The home page: the panels every app registers (``baomi.seams.panels``) that have something
for the signed-in person — what I hold, what is overdue, what awaits my approval or my
instruction (JOURNEYS §3), my equipment, the accounts and the audit chain for those who keep
them."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string

from baomi.kit.pages import page
from baomi.seams.panels import HOME, panels_for


@page("home")
def home(request: HttpRequest) -> HttpResponse:
    panels = [
        render_to_string(panel.template, context, request=request)
        for panel, context in panels_for(request.user, HOME)
    ]
    return render(request, "web/home.html", {"panels": panels})
