"""Copies handed out at a classified meeting held in-house (MEET-DOCS) and collected back:
the carriers' side of the meetings app's papers. Plain functions, not operations: they run
inside the meetings operation's transaction (an operation never calls another), and carriers
never imports the meetings app above it — the meeting is a title and a due time here.

A meeting paper is the same custody period as a copy taken to an outside meeting
(``use.meeting_custody``: kind MEETING, the copy AT_MEETING with the attendee, its timeline's
line; CIPHER, CLS-MAC, PPL-PROBATION), except that a TOP_SECRET copy may be handed out in-house,
due at once; it comes back as any copy does (``circulation.back_with_custodian``)."""

from __future__ import annotations

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from baomi.access.actor import Actor
from baomi.carriers.models import Copy, CopyState, Custody, CustodyKind
from baomi.carriers.operations._common import lock_copy, move, now, require_state
from baomi.carriers.operations.circulation import back_with_custodian
from baomi.carriers.operations.use import _custodians_copy, meeting_custody
from baomi.core.levels import Level
from baomi.core.text import house_text
from baomi.org.models import Person
from baomi.rulebook import book

RULE = "MEET-DOCS"
# The timeline's note on a copy kept after the meeting, in the organisation's language.
KEPT_UNTIL = gettext_lazy("Kept after the meeting until %(day)s")


def hand_out(
    actor: Actor,
    copy_id: int,
    person: Person,
    *,
    meeting: str,
    due_at: datetime.datetime,
) -> Custody:
    """Hand the copy ``copy_id`` to ``person`` at the meeting named ``meeting``: by the
    copy's custodian, while it is with them (MEET-DOCS); then ``use.meeting_custody`` in-house
    (the attendee may know the document, CLS-MAC: a paper above the meeting's level goes only
    to an attendee cleared for it), due back at ``due_at`` — a TOP_SECRET copy at once
    (MEET-DOCS). The caller (the meetings operation) locks its meeting first."""
    _custodian, copy = _custodians_copy(actor, copy_id, RULE)
    if copy.document.level >= Level.TOP_SECRET:
        due_at = now()
    return meeting_custody(actor, copy, person, meeting=meeting, in_house=True, due_at=due_at)


def _meeting_copy(actor: Actor, custody: Custody) -> Copy:
    """The copy of the meeting custody ``custody``, locked (a copy the actor may not know is
    "not found", CLS-MAC)."""
    if custody.kind != CustodyKind.MEETING:
        raise ValueError(f"custody {custody.pk} is not a meeting's")
    return lock_copy(actor, custody.copy_id)


def collect(actor: Actor, custody: Custody) -> datetime.datetime:
    """Collect the copy of ``custody`` back to its custodian (the period closed, the copy with
    its custodian, the timeline's line); when it came back already (returned through the
    copy's page), nothing moves. Returns when it came back."""
    copy = _meeting_copy(actor, custody)
    custody.refresh_from_db()
    if custody.returned_at is not None:
        return custody.returned_at
    require_state(copy, CopyState.AT_MEETING, rule_id=RULE)
    at = now()
    back_with_custodian(actor, copy, custody, at)
    return at


def keep(actor: Actor, custody: Custody, due_at: datetime.datetime) -> None:
    """The attendee keeps the copy of ``custody`` after the meeting, as announced there
    (MEET-DOCS): the period stays open, now due back at ``due_at`` — an ordinary copy away
    from its custodian, flagged overdue after it (CIRC-MEETING-RETURN) and returned through
    the copy's page. The timeline says until when."""
    copy = _meeting_copy(actor, custody)
    custody.refresh_from_db()
    book.require(
        copy.organisation_id,
        RULE,
        custody.returned_at is None and copy.state == CopyState.AT_MEETING,
        _("%(copy)s is back with its custodian already.") % {"copy": copy.label},
        conflict=True,
    )
    day = timezone.localtime(due_at).date().isoformat()
    custody.due_at = due_at
    custody.save(update_fields=["due_at"])
    move(
        copy,
        actor=actor,
        action="to_meeting",
        state=CopyState.AT_MEETING,
        holder=copy.holder,
        person=custody.holder,
        due_at=due_at,
        note=house_text(KEPT_UNTIL) % {"day": day},
    )
