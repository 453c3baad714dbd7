"""The people's panels on other pages: a person's cooling-off period (PPL-EXIT) on their
page in the organisation, while it lasts."""

from __future__ import annotations

from typing import Any

from baomi.people import queries


def cooling_off(actor: Any, person: Any) -> dict[str, Any] | None:
    """The person's cooling-off period and its restrictions, to those who may know it."""
    found = queries.lasting(actor, person.pk)
    return {"cooling_off": found} if found is not None else None
