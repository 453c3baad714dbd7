"""The carriers' panels on other apps' pages: on the home page (JOURNEYS §3) what waits for my
signature (receipts, hand-overs, destructions I witnessed), what I hold and by when it goes
back, what is overdue, the notices of changed classifications, the routing slips awaiting my
instruction and, for the security office (JOURNEYS §5), the organisation's overdue items and
classification reviews; on a person's page the hand-over of what they hold (HANDOVER).

The counts are the 待办 badges of the navigation: one COUNT each, through the reads filtered
by what the person may know."""

from __future__ import annotations

from typing import Any

from baomi.access.mac import knower
from baomi.access.roles import ADMIN_ROLES, Permission, has_permission
from baomi.carriers.queries import classification, copies
from baomi.carriers.queries import lifecycle as ends
from baomi.carriers.web.desk import clock
from baomi.core.levels import Clearance

LIMIT = 20


def to_sign(actor: Any) -> dict[str, Any] | None:
    """What waits for my signature: receipts of copies in my hands (CIRC-SIGN), hand-overs
    (HANDOVER), destructions I supervised (DESTROY-WITNESS); None when nothing does."""
    if knower(actor) is None:
        return None
    receipts = list(copies.receipts_to_sign(actor)[:LIMIT])
    handovers = list(ends.handovers_to_sign(actor)[:LIMIT])
    witnessed = list(ends.to_witness(actor)[:LIMIT])
    if not (receipts or handovers or witnessed):
        return None
    known = ends.known_destroyed(actor, witnessed)
    for destruction in witnessed:
        destruction.known_copies = known.get(destruction.pk, [])
    return {"receipts": receipts, "handovers": handovers, "witnessed": witnessed}


def to_sign_count(actor: Any) -> int:
    if knower(actor) is None:
        return 0
    return (
        copies.receipts_to_sign(actor).count()
        + ends.handovers_to_sign(actor).count()
        + ends.to_witness(actor).count()
    )


def held(actor: Any) -> dict[str, Any] | None:
    """What I hold; not shown to a role that knows no item, nor, when they hold nothing, to
    the security officer or a person without clearance."""
    person = knower(actor)
    if person is None:
        return None
    found = list(copies.holdings(actor)[:LIMIT])
    if not found and (actor.role in ADMIN_ROLES or person.clearance == Clearance.NONE):
        return None
    return {"held": found, **clock(actor)}


def _my_overdue(actor: Any) -> Any:
    return copies.overdue(actor).filter(holder=knower(actor))


def overdue(actor: Any) -> dict[str, Any] | None:
    """What I hold past its due time, to return; None when nothing is."""
    if knower(actor) is None:
        return None
    found = list(_my_overdue(actor)[:LIMIT])
    return {"overdue": found} if found else None


def overdue_count(actor: Any) -> int:
    return _my_overdue(actor).count() if knower(actor) is not None else 0


def _security_office(actor: Any) -> bool:
    """The security office watches the whole organisation (JOURNEYS §5)."""
    return knower(actor) is not None and has_permission(actor, Permission.SET_CLEARANCE)


def office(actor: Any) -> dict[str, Any] | None:
    """The security office's watch: the organisation's overdue items (CIRC-SAMEDAY, LOAN-DUE,
    CARRY-APPROVE) and the classification reviews due (CLS-REVIEW, CLS-TERM)."""
    if not _security_office(actor):
        return None
    late = copies.overdue(actor).select_related("holder")
    return {
        "org_overdue": list(late[:LIMIT]),
        "org_overdue_count": late.count(),
        "reviews_due": classification.review_due(actor).count(),
        "terms_ended": classification.term_expired(actor).count(),
    }


def kept_overdue_count(actor: Any) -> int:
    """The copies the acting custodian keeps that are overdue with their readers: the desk's
    待办 (the items to get back)."""
    person = knower(actor)
    return copies.overdue(actor).filter(custodian=person).count() if person else 0


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


def slips_count(actor: Any) -> int:
    """The routing slips awaiting my instruction (IN-ROUTE)."""
    return copies.awaiting_instruction(actor).count() if knower(actor) is not None else 0


def person_handover(actor: Any, person: Any) -> dict[str, Any]:
    """Leaving or changing post: the way to the hand-over of everything the person holds."""
    return {"person": person}
