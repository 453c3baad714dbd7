"""The people's panels on other pages: a person's cooling-off period (PPL-EXIT) on their
page in the organisation, while it lasts; this month's self-check (PPL-SELFCHECK) on the home
page of a cleared person who has not filed it."""

from __future__ import annotations

from typing import Any

from baomi.people.queries import cooling_off as cooling_queries
from baomi.people.queries import self_checks as queries


def cooling_off(actor: Any, person: Any) -> dict[str, Any] | None:
    """The person's cooling-off period and its restrictions, to those who may know it."""
    found = cooling_queries.lasting(actor, person.pk)
    return {"cooling_off": found} if found is not None else None


def self_check(actor: Any) -> dict[str, Any] | None:
    """This month's self-check as a form, every answer yes to begin with (PPL-SELFCHECK)."""
    if not queries.self_check_due(actor):
        return None
    return {
        "items": queries.checklist(actor.person.organisation_id),
        "month": queries.month_of(),
    }


def self_check_count(actor: Any) -> int:
    return int(queries.self_check_due(actor))
