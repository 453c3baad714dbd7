"""People in the global search: by name, among the people of the searching person's
organisation (the chart is known to all of it, ``queries.people``). The person's page is
linked for those who may open it (the security officer's, PPL-CLASS)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from baomi.org import queries
from baomi.seams.navigation import allows
from baomi.seams.search import Hit


def people(actor: Any, text: str, limit: int) -> list[Hit]:
    found = queries.people(actor).filter(name__icontains=text).order_by("name", "pk")[:limit]
    linked = allows("people", actor)
    return [
        Hit(
            f"{person.name} · {person.department.name}",
            reverse("person", args=[person.pk]) if linked else "",
        )
        for person in found
    ]
