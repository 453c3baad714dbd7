"""The dashboard's page (保密工作看板, /cockpit/): the security office and the leaders see the
whole organisation, a department head the departments they head; the range switch (本月,
本季度, 本年), a card per figure linked to the list behind it, the charts drawn by
``static/cockpit/dashboard.js`` (ECharts) from the JSON the page embeds — the same the API
answers. The home panel leads a head without the whole organisation's view to their part."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from baomi.cockpit.queries import dashboard as queries

NAV = "cockpit"


def cockpit(request: HttpRequest) -> HttpResponse:
    """The signed-in person's dashboard over ``?range=month|quarter|year`` (this month by
    default; 400 naming ``range`` for another). A person who sees no part gets 403: the
    menu's entry is the whole organisation's (SEE_DASHBOARD), a head without it comes from
    the home panel."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    kind = queries.asked_range(request.GET.get("range"))
    data = queries.dashboard(request.user, kind)
    request.nav_key = NAV  # type: ignore[attr-defined]
    return render(
        request,
        "cockpit/dashboard/page.html",
        {
            "dashboard": data,
            "ranges": [(r.value, label) for r, label in queries.RANGES.items()],
            # Each section with its charts (a chart's key starts with its section's).
            "sections": [
                (s, [c for c in data["charts"] if c["key"].split(".", 1)[0] == s["key"]])
                for s in data["sections"]
            ],
        },
    )


def home_panel(actor: Any) -> dict[str, Any] | None:
    """The home page's panel of a department head who lacks the whole organisation's
    dashboard: their departments and the link to their part; None for anyone else."""
    return queries.part_summary(actor)
