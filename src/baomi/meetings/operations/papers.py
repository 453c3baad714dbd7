"""The papers of a classified meeting (MEET-DOCS): numbered copies handed to named attendees
while the meeting is in session, collected back — a TOP_SECRET copy at once — or their
handling recorded at the end; the meeting does not end while a TOP_SECRET copy is out, nor
close while any paper is unaccounted for (``queries.papers``, asked by the meeting's own
operations).

- ``hand_out`` (MANAGE_MEETINGS, the copy's custodian: whoever keeps the copy hands it out,
  as every copy leaves its custodian — another organiser asks the custodian to do it): to a
  signed-in attendee of the open meeting, a copy the attendee may know; never to a
  visitor sitting in (AREA-ACCESS). The copy goes through carriers
  (``carriers.operations.meeting_papers``): custody of kind MEETING, CIPHER, CLS-MAC,
  PPL-PROBATION; a TOP_SECRET copy is due at once (``collect_at_once``).
- ``collect``: the copy back with its custodian, the paper *collected*.
- ``record_handling``: *kept* — the attendee keeps it as announced at the meeting; the copy
  stays out, now an ordinary copy away from its custodian due back on a required date and
  returned through the copy's page (CIRC-MEETING-RETURN) — or *lost*. A lost paper is
  recorded here with its note; the copy stays where carriers has it (with the attendee,
  flagged overdue there) until someone reports the loss through carriers' loss report
  (LOSS-REPORT), which is its own operation with its own deadlines and is linked from the
  meeting page: the meeting's record says what was announced, the loss is reported where
  every loss is.

Handing out only while the meeting is open; collecting and recording the handling while it
is open or ended, never once closed."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from baomi.access.actor import Actor
from baomi.access.roles import Permission, require
from baomi.audit.actions import register_action
from baomi.audit.operation import operation
from baomi.audit.recorder import record_event
from baomi.carriers.operations import meeting_papers as carrier_papers
from baomi.core.errors import InvalidInput, NotFound
from baomi.core.levels import Level
from baomi.core.text import bounded_text
from baomi.meetings.models import Attendee, Meeting, MeetingPaper, MeetingState, PaperHandling
from baomi.meetings.policies import MEETINGS, PAPERS
from baomi.org import queries as org_queries
from baomi.rulebook import book

RULE = "MEET-DOCS"
HANDED_OUT = register_action("meetings.paper_handed_out", gettext_lazy("Meeting paper handed out"))
COLLECTED = register_action("meetings.paper_collected", gettext_lazy("Meeting paper collected"))
HANDLED = register_action(
    "meetings.paper_handling", gettext_lazy("Handling of a meeting paper recorded")
)

# The handlings recorded by ``record_handling`` (collecting is ``collect``).
RECORDED = (PaperHandling.KEPT, PaperHandling.LOST)
NOTE_LENGTH = 300
# How far ahead a kept paper may be due back.
LONGEST_KEPT = datetime.timedelta(days=366)


def lock_meeting(actor: Actor, meeting_id: Any) -> Meeting:
    """The meeting ``actor`` may know (``MEETINGS``), locked; "not found" otherwise."""
    found = (
        Meeting.objects.select_for_update()
        .filter(pk=meeting_id, pk__in=MEETINGS.known(actor).values("pk"))
        .first()
        if isinstance(meeting_id, int)
        else None
    )
    if found is None:
        raise NotFound(_("No such meeting."))
    return found


def _lock_paper(actor: Actor, paper_id: Any) -> MeetingPaper:
    """The paper ``actor`` may know, with its meeting locked first (the meeting's operations
    lock it too), then the paper; "not found" otherwise."""
    known = PAPERS.known(actor).filter(pk=paper_id) if isinstance(paper_id, int) else None
    meeting_id = known.values_list("meeting_id", flat=True).first() if known is not None else None
    if meeting_id is None:
        raise NotFound(_("No such meeting paper."))
    meeting = lock_meeting(actor, meeting_id)
    # Only the paper's row is locked: PostgreSQL locks no row of the nullable side of an
    # outer join (an attendee's person), and refuses to be asked to.
    paper = (
        MeetingPaper.objects.select_for_update(of=("self",))
        .select_related("custody", "attendee__person")
        .get(pk=paper_id)
    )
    paper.meeting = meeting
    return paper


def _in_state(meeting: Meeting, states: tuple[str, ...], message: str) -> None:
    book.require(meeting.organisation_id, RULE, meeting.state in states, message, conflict=True)


def _due(meeting: Meeting) -> datetime.datetime:
    """When a paper handed out now is due back (a TOP_SECRET one at once, carriers): at the
    end of the working day of the meeting's end (of the day under way, if later)."""
    calendar = org_queries.calendar(meeting.organisation_id)
    return calendar.end_of_current_working_day(max(timezone.now(), meeting.ends_at))


def _unaccounted(paper: MeetingPaper) -> None:
    book.require(
        paper.meeting.organisation_id,
        RULE,
        paper.handled_at is None,
        _("This paper is accounted for already (%(handling)s).")
        % {"handling": paper.get_handling_display()},
        conflict=True,
    )


def _after_hand_out(paper: MeetingPaper) -> None:
    """Collecting and recording a paper's handling: while the meeting is open or ended, never
    once closed (MEET-DOCS)."""
    _in_state(
        paper.meeting,
        (MeetingState.OPEN, MeetingState.ENDED),
        _("The meeting is closed: its papers were accounted for when it closed."),
    )
    _unaccounted(paper)


def _event(actor: Actor, action: str, paper: MeetingPaper, **data: Any) -> None:
    record_event(
        actor=actor,
        action=action,
        subject=paper,
        organisation_id=paper.meeting.organisation_id,
        data={
            "meeting": paper.meeting_id,
            "copy": paper.copy_id,
            "attendee": paper.attendee_id,
            "rules": [RULE],
            **data,
        },
    )


@operation
def hand_out(*, actor: Actor, meeting_id: int, attendee_id: int, copy_id: int) -> MeetingPaper:
    """Hand a numbered copy to a named attendee of the meeting in session (MEET-DOCS): a
    signed-in attendee, a copy the attendee may know (CLS-MAC: a paper above the meeting's
    level only to an attendee cleared for it), by its custodian; never to a
    visitor (AREA-ACCESS). A TOP_SECRET copy is to be collected at once."""
    require(actor, Permission.MANAGE_MEETINGS)
    meeting = lock_meeting(actor, meeting_id)
    org = meeting.organisation_id
    _in_state(
        meeting,
        (MeetingState.OPEN,),
        _("Papers are handed out only while the meeting is in session."),
    )
    attendee = (
        Attendee.objects.select_related("person", "visitor")
        .filter(pk=attendee_id, meeting=meeting)
        .first()
        if isinstance(attendee_id, int)
        else None
    )
    if attendee is None:
        raise NotFound(_("No such attendee."))
    book.require(
        org,
        "AREA-ACCESS",
        attendee.visitor_id is None,
        _("A visitor never receives a document."),
    )
    book.require(
        org,
        RULE,
        attendee.signed_in_at is not None,
        _("%(name)s has not signed in: papers go only to attendees present.")
        % {"name": attendee.person.name},
    )
    custody = carrier_papers.hand_out(
        actor,
        copy_id,
        attendee.person,
        meeting=meeting.title,
        due_at=_due(meeting),
    )
    at_once = custody.copy.document.level >= Level.TOP_SECRET
    paper = MeetingPaper.objects.create(
        meeting=meeting,
        copy_id=custody.copy_id,
        attendee=attendee,
        custody=custody,
        collect_at_once=at_once,
        handed_at=custody.started_at,
        handed_by=actor,
    )
    _event(
        actor,
        HANDED_OUT,
        paper,
        custody=custody.pk,
        person=attendee.person_id,
        collect_at_once=at_once,
    )
    return paper


@operation
def collect(*, actor: Actor, paper_id: int) -> MeetingPaper:
    """The paper collected back: the copy with its custodian again (MEET-DOCS), by whoever
    keeps it (the copy's custodian confirms a return, CIRC-SIGN); a copy already returned
    through its page is marked collected as it came back."""
    require(actor, Permission.MANAGE_MEETINGS)
    paper = _lock_paper(actor, paper_id)
    _after_hand_out(paper)
    back_at = carrier_papers.collect(actor, paper.custody)
    return _handled(actor, paper, PaperHandling.COLLECTED, "", back_at, COLLECTED)


def _handled(
    actor: Actor,
    paper: MeetingPaper,
    handling: str,
    note: str,
    at: datetime.datetime,
    action: str,
    **data: Any,
) -> MeetingPaper:
    paper.handling, paper.handling_note = handling, note
    paper.handled_at, paper.handled_by = at, actor
    paper.save(update_fields=["handling", "handling_note", "handled_at", "handled_by"])
    _event(actor, action, paper, handling=handling, **data)
    return paper


def _kept_until(meeting: Meeting, value: Any) -> datetime.date:
    """The day a kept paper is due back: a date, today or later, within LONGEST_KEPT."""
    if isinstance(value, str):
        try:
            value = datetime.date.fromisoformat(value)
        except ValueError:
            raise InvalidInput(_("Not a valid date."), field="due_date") from None
    if isinstance(value, datetime.datetime) or not isinstance(value, datetime.date):
        raise InvalidInput(_("Give the date it is to be returned by."), field="due_date")
    today = timezone.localdate()
    if value < today:
        raise InvalidInput(_("The date cannot be in the past."), field="due_date")
    if value > today + LONGEST_KEPT:
        raise InvalidInput(_("A kept paper is returned within a year."), field="due_date")
    return value


@operation
def record_handling(
    *,
    actor: Actor,
    paper_id: int,
    handling: str,
    note: str,
    due_date: Any = None,
) -> MeetingPaper:
    """Record how a paper not collected is accounted for (MEET-DOCS), with a note: *kept* by
    the attendee as announced at the meeting — the copy stays out until ``due_date`` (an
    ordinary copy away, returned through its page; never a TOP_SECRET one, collected at
    once) — or *lost* (the loss itself is reported through carriers, LOSS-REPORT)."""
    require(actor, Permission.MANAGE_MEETINGS)
    if handling not in RECORDED:
        raise InvalidInput(_("Record the paper as kept or lost."), field="handling")
    note = bounded_text(note, "note", NOTE_LENGTH, required=True)
    paper = _lock_paper(actor, paper_id)
    _after_hand_out(paper)
    data: dict[str, Any] = {}
    if handling == PaperHandling.KEPT:
        book.require(
            paper.meeting.organisation_id,
            RULE,
            not paper.collect_at_once,
            _("A top-secret paper is collected at once: it is never kept."),
        )
        day = _kept_until(paper.meeting, due_date)
        due = org_queries.calendar(paper.meeting.organisation_id).end_of_working_day(day)
        carrier_papers.keep(actor, paper.custody, due)
        data["due_date"] = day.isoformat()
    return _handled(actor, paper, handling, note, timezone.now(), HANDLED, **data)
