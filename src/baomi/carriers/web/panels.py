"""The carriers' panels on other apps' pages: on the home page (JOURNEYS §3) what I hold and by
when it goes back, what is overdue, the notices of changed classifications, the routing slips
awaiting my instruction; on a person's page the hand-over of what they hold (HANDOVER)."""

from __future__ import annotations

from typing import Any

from baomi.access.mac import knower
from baomi.carriers.queries import classification, copies
from baomi.carriers.web.desk import clock

LIMIT = 20


def held(actor: Any) -> dict[str, Any]:
    person = knower(actor)
    found = list(copies.holdings(actor)[:LIMIT]) if person is not None else []
    return {"knows_items": person is not None, "held": found, **clock(actor)}


def overdue(actor: Any) -> dict[str, Any]:
    person = knower(actor)
    if person is None:
        return {"overdue": []}
    return {"overdue": list(copies.overdue(actor).filter(holder=person)[:LIMIT])}


def notices(actor: Any) -> dict[str, Any] | None:
    """CLS-NOTIFY: the unread notices of changed classifications, when there are any."""
    if knower(actor) is None:
        return None
    unread = classification.notices(actor, unread_only=True).count()
    return {"unread_notices": unread} if unread else None


def slips(actor: Any) -> dict[str, Any] | None:
    if knower(actor) is None:
        return None
    found = list(copies.awaiting_instruction(actor)[:LIMIT])
    return {"slips": found} if found else None


def person_handover(actor: Any, person: Any) -> dict[str, Any]:
    """Leaving or changing post: the way to the hand-over of everything the person holds."""
    return {"person": person}
