"""People in the global search: by name or staff number, among the people of the searching
person's organisation (the chart is known to all of it, ``queries.people``); the exact staff
number or name first. The person's page is linked for those who may open it (the security
officer's, PPL-CLASS)."""

from __future__ import annotations

from typing import Any

from django.db.models.functions import Least
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from baomi.core.matching import closeness, matches
from baomi.org import queries
from baomi.seams.navigation import allows
from baomi.seams.search import Hit


def people(actor: Any, text: str, limit: int) -> list[Hit]:
    found = (
        queries.people(actor)
        .filter(matches("name", text) | matches("staff_number", text))
        .annotate(closeness=Least(closeness("staff_number", text), closeness("name", text)))
        .order_by("closeness", "name", "pk")[:limit]
    )
    linked = allows("people", actor)
    return [
        Hit(
            f"{person.name} · {person.department.name}",
            reverse("person", args=[person.pk]) if linked else "",
            kind=_("Person"),
            closeness=person.closeness,
        )
        for person in found
    ]
