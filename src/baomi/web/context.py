"""Template context shared by every page: the shell's navigation for the signed-in role, from
the navigation entries every app registers (``baomi.seams.navigation``), each with the count of
the person's pending work behind it (asked only of the entries shown, once per request: every
template rendered with the request, a home panel's too, shares the answer)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse

from baomi.access.roles import Role
from baomi.seams.navigation import nav_for


def shell(request: HttpRequest) -> dict[str, Any]:
    answer = getattr(request, "_shell", None)
    if answer is None:
        answer = request._shell = _shell(request)  # type: ignore[attr-defined]
    return answer


def _shell(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav": []}
    path = request.path
    items = nav_for(user)
    # The entry whose guard let the page through is the current one (a domain's tabs live
    # under paths of their own); pages guarded by home or by an entry not in the menu go by
    # their path.
    guarded = getattr(request, "nav_key", None)
    if guarded == "home" or guarded not in {item.key for item in items}:
        guarded = None
    entries = []
    for item in items:
        url = reverse(item.key)
        if guarded is not None:
            active = item.key == guarded
        else:
            active = path == url if url == "/" else path.startswith(url)
        count = item.count(user) if item.count else 0
        entries.append(
            {"key": item.key, "label": item.label, "url": url, "active": active, "count": count}
        )
    return {"nav": entries, "role_label": Role(user.role).label}
