"""Classified meetings (涉密会议, RULES.md §10): the meeting, its attendee list and its
approval, the checks before and after, sign-in, the end and the close.

- ``create_meeting`` / ``edit_meeting`` / ``cancel_meeting`` (MANAGE_MEETINGS): a classified
  level, an organiser and a department, a venue that is a secure area in use of the
  organisation whose level covers the meeting's (MEET-ATTEND), a start before the end. Edited
  and cancelled only while planned; a change of level withdraws the list's approval and the
  venue is not changed once checked.
- ``add_attendee`` / ``remove_attendee``: while planned; a person of the organisation in post
  whose clearance covers the level (MEET-ATTEND, the refusal names them), or an outside
  visitor registered today and not gone, sitting in (列席; never handed a paper, MEET-DOCS).
  Any change of the list withdraws its approval.
- ``approve_list``: someone who decides approvals (DECIDE_APPROVAL) and did not put anyone on
  the list (``Attendee.added_by``), never their own list (MEET-ATTEND).
- ``record_check``: the venue's security check (MEET-ATTEND) and the phones collected and kept
  out (MEET-PHONES) before opening; the sweep after the end (MEET-SWEEP); each once.
- ``open_meeting``: on the meeting's day or later (opening late is allowed: the office may
  record a meeting held when the system was not at hand), refused unless the list is
  approved and the venue checked (MEET-ATTEND) and the phones collected (MEET-PHONES).
- ``sign_in``: at the door, while open, only a name on the approved list, once; a person whose
  clearance no longer covers the level or who has left is turned away (MEET-ATTEND).
- ``end_meeting``: refused while a top secret paper is out (MEET-DOCS: collected at once).
- ``close_meeting``: refused until swept (MEET-SWEEP) and while a paper is unaccounted for
  (MEET-DOCS).
- ``print_sign_in_sheet``: the 签到表, recorded."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from baomi.access.actor import Actor
from baomi.access.roles import Permission, actor_organisation_id, require
from baomi.areas.models import SecureArea, Visitor
from baomi.audit.actions import register_action
from baomi.audit.operation import operation
from baomi.audit.recorder import record_event
from baomi.core import paper
from baomi.core.errors import Conflict, InvalidInput, NotFound
from baomi.core.levels import Clearance, Level
from baomi.core.text import bounded_text, fitted_text
from baomi.meetings.models import Attendee, CheckKind, Meeting, MeetingCheck, MeetingState
from baomi.meetings.policies import MEETINGS, ORGANISE
from baomi.meetings.queries import meetings as queries
from baomi.meetings.queries import papers
from baomi.org.models import Department, Person
from baomi.rulebook import book

MEETING_CREATED = register_action("meetings.created", gettext_lazy("Classified meeting planned"))
MEETING_EDITED = register_action("meetings.edited", gettext_lazy("Classified meeting changed"))
MEETING_CANCELLED = register_action(
    "meetings.cancelled", gettext_lazy("Classified meeting cancelled")
)
ATTENDEE_ADDED = register_action("meetings.attendee_added", gettext_lazy("Attendee listed"))
ATTENDEE_REMOVED = register_action(
    "meetings.attendee_removed", gettext_lazy("Attendee taken off the list")
)
LIST_APPROVED = register_action(
    "meetings.list_approved", gettext_lazy("Meeting attendee list approved")
)
CHECK_RECORDED = register_action("meetings.check_recorded", gettext_lazy("Meeting check recorded"))
MEETING_OPENED = register_action("meetings.opened", gettext_lazy("Classified meeting opened"))
SIGNED_IN = register_action("meetings.signed_in", gettext_lazy("Attendee signed in"))
MEETING_ENDED = register_action("meetings.ended", gettext_lazy("Classified meeting ended"))
MEETING_CLOSED = register_action("meetings.closed", gettext_lazy("Classified meeting closed"))
SHEET_PRINTED = register_action(
    "meetings.sign_in_sheet_printed", gettext_lazy("Meeting sign-in sheet printed")
)

ATTEND = "MEET-ATTEND"
# How far ahead a meeting may be planned, how far back one held may be recorded, how long
# one lasts.
MAX_AHEAD = datetime.timedelta(days=2 * 366)
MAX_BACK = datetime.timedelta(days=31)
MAX_LENGTH = datetime.timedelta(days=7)
FINDINGS = MeetingCheck._meta.get_field("findings").max_length


def _whole(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _event(actor: Actor | None, action: str, meeting: Meeting, rules: list[str], **data: Any):
    record_event(
        actor=actor,
        action=action,
        subject=meeting,
        organisation_id=meeting.organisation_id,
        data={"rules": rules, **data},
    )


def _meeting(actor: Actor, meeting_id: int) -> Meeting:
    """The meeting, locked, if the actor may know it; NotFound otherwise."""
    found = MEETINGS.known(actor).select_for_update().filter(pk=meeting_id).first()
    if found is None:
        raise NotFound(_("No such meeting."))
    return found


def _planned(meeting: Meeting) -> None:
    if meeting.state != MeetingState.PLANNED:
        raise Conflict(_("Only a planned meeting is changed."))


def _of_organisation(
    actor: Actor, qs: QuerySet[Any], pk: Any, field: str, choose: str, missing: str
) -> Any:
    """The row ``pk`` of ``qs`` in the actor's organisation: InvalidInput naming ``field``
    (``choose``) for anything but a whole number, NotFound (``missing``) for none."""
    if not _whole(pk):
        raise InvalidInput(choose, field=field)
    found = qs.filter(pk=pk, organisation_id=actor_organisation_id(actor)).first()
    if found is None:
        raise NotFound(missing)
    return found


def _person(actor: Actor, person_id: Any, field: str) -> Person:
    return _of_organisation(
        actor,
        Person.objects.select_related("department"),
        person_id,
        field,
        _("Choose a person."),
        _("No such person."),
    )


def _level(value: Any) -> int:
    if not _whole(value) or value not in Level.values or not Level(value).is_classified:
        raise InvalidInput(
            _("A classified meeting is Confidential, Secret or Top secret."), field="level"
        )
    return int(value)


def _times(starts_at: Any, ends_at: Any) -> None:
    for name, value in (("starts_at", starts_at), ("ends_at", ends_at)):
        if not isinstance(value, datetime.datetime) or timezone.is_naive(value):
            raise InvalidInput(_("Give a date and time with its offset."), field=name)
    now = timezone.now()
    if starts_at < now - MAX_BACK:
        raise InvalidInput(_("The meeting starts too far in the past."), field="starts_at")
    if starts_at > now + MAX_AHEAD:
        raise InvalidInput(_("The meeting starts too far ahead."), field="starts_at")
    if ends_at <= starts_at:
        raise InvalidInput(_("The meeting ends after it starts."), field="ends_at")
    if ends_at - starts_at > MAX_LENGTH:
        raise InvalidInput(_("A meeting lasts at most a week."), field="ends_at")


def _venue(actor: Actor, venue_id: Any, level: int) -> SecureArea:
    """The venue: a secure area in use of the organisation whose level covers the meeting's
    (MEET-ATTEND)."""
    if not _whole(venue_id):
        raise InvalidInput(_("Choose the venue."), field="venue_id")
    organisation_id = actor_organisation_id(actor)
    area = SecureArea.objects.filter(pk=venue_id, organisation_id=organisation_id).first()
    if area is None:
        raise NotFound(_("No such secure area."))
    book.require(
        organisation_id,
        ATTEND,
        area.active,
        _("%(area)s is not in use as a secure area.") % {"area": area.name},
    )
    book.require(
        organisation_id,
        ATTEND,
        area.level >= level,
        _("%(area)s is a secure area for %(area_level)s at most; the meeting is %(level)s.")
        % {
            "area": area.name,
            "area_level": Level(area.level).label,
            "level": Level(level).label,
        },
    )
    return area


def _organiser(actor: Actor, organiser_id: Any, level: int) -> Person:
    person = _person(actor, organiser_id, "organiser_id")
    book.require(
        person.organisation_id,
        ATTEND,
        person.is_active and Clearance(person.clearance).dominates(level),
        _("%(name)s may not organise the meeting: %(reason)s.")
        % {"name": person.name, "reason": queries.refusal_reason(person, level)},
    )
    return person


def _department(actor: Actor, department_id: Any) -> Department:
    return _of_organisation(
        actor,
        Department.objects.all(),
        department_id,
        "department_id",
        _("Choose the organising department."),
        _("No such department."),
    )


def _within_clearance(actor: Actor, level: int) -> None:
    """Nobody plans a meeting above their own clearance: they would not see it afterwards."""
    person = actor.person
    if not Clearance(person.clearance).dominates(level):
        raise InvalidInput(_("The level is above your clearance."), field="level")


def _withdraw_approval(meeting: Meeting) -> bool:
    """Changing the list (or the level) after its approval withdraws the approval."""
    if meeting.list_approved_at is None:
        return False
    meeting.list_approved_by, meeting.list_approved_at = None, None
    meeting.save(update_fields=["list_approved_by", "list_approved_at"])
    return True


@operation
def create_meeting(
    *,
    actor: Actor,
    title: str,
    level: int,
    organiser_id: int,
    department_id: int,
    venue_id: int,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
) -> Meeting:
    """Plan a classified meeting (MEET-ATTEND): its level, organiser, department, venue (a
    secure area in use whose level covers the meeting's) and time."""
    require(actor, ORGANISE)
    title = fitted_text(title, "title", Meeting)
    level = _level(level)
    _within_clearance(actor, level)
    _times(starts_at, ends_at)
    department = _department(actor, department_id)
    organiser = _organiser(actor, organiser_id, level)
    venue = _venue(actor, venue_id, level)
    meeting = Meeting.objects.create(
        organisation_id=actor_organisation_id(actor),
        title=title,
        level=level,
        organiser=organiser,
        department=department,
        venue=venue,
        starts_at=starts_at,
        ends_at=ends_at,
        created_by_id=actor.pk,
    )
    _event(
        actor,
        MEETING_CREATED,
        meeting,
        [ATTEND],
        level=level,
        venue=venue.pk,
        organiser=organiser.pk,
        starts_at=starts_at.isoformat(),
        ends_at=ends_at.isoformat(),
    )
    return meeting


@operation
def edit_meeting(
    *,
    actor: Actor,
    meeting_id: int,
    title: str | None = None,
    level: int | None = None,
    organiser_id: int | None = None,
    department_id: int | None = None,
    venue_id: int | None = None,
    starts_at: datetime.datetime | None = None,
    ends_at: datetime.datetime | None = None,
) -> Meeting:
    """Change a planned meeting (what is given). A new level is checked against the venue,
    the organiser and everyone listed (MEET-ATTEND) and withdraws the list's approval; the
    venue is not changed once checked."""
    require(actor, ORGANISE)
    meeting = _meeting(actor, meeting_id)
    _planned(meeting)
    changed: list[str] = []
    if title is not None:
        meeting.title = fitted_text(title, "title", Meeting)
        changed.append("title")
    new_level = meeting.level if level is None else _level(level)
    if new_level != meeting.level:
        _within_clearance(actor, new_level)
        for attendee in meeting.attendees.filter(person__isnull=False).select_related("person"):
            reason = queries.refusal_reason(attendee.person, new_level)
            book.require(
                meeting.organisation_id,
                ATTEND,
                not reason,
                _("%(name)s is on the list and may not attend at this level: %(reason)s.")
                % {"name": attendee.person.name, "reason": reason},
            )
        meeting.level = new_level
        changed.append("level")
    if organiser_id is not None or "level" in changed:
        pick = meeting.organiser_id if organiser_id is None else organiser_id
        organiser = _organiser(actor, pick, new_level)
        if organiser.pk != meeting.organiser_id:
            meeting.organiser = organiser
            changed.append("organiser")
    if department_id is not None and department_id != meeting.department_id:
        meeting.department = _department(actor, department_id)
        changed.append("department")
    if venue_id is not None or "level" in changed:
        pick = meeting.venue_id if venue_id is None else venue_id
        if pick != meeting.venue_id and meeting.checks.filter(kind=CheckKind.VENUE).exists():
            raise Conflict(_("The venue was checked already: cancel and plan the meeting anew."))
        venue = _venue(actor, pick, new_level)
        if venue.pk != meeting.venue_id:
            meeting.venue = venue
            changed.append("venue")
    if starts_at is not None or ends_at is not None:
        starts, ends = starts_at or meeting.starts_at, ends_at or meeting.ends_at
        _times(starts, ends)
        meeting.starts_at, meeting.ends_at = starts, ends
        changed += ["starts_at", "ends_at"]
    if changed:
        meeting.save(update_fields=changed)
    withdrawn = "level" in changed and _withdraw_approval(meeting)
    _event(
        actor,
        MEETING_EDITED,
        meeting,
        [ATTEND],
        changed=sorted(set(changed)),
        approval_withdrawn=withdrawn,
    )
    return meeting


@operation
def cancel_meeting(*, actor: Actor, meeting_id: int) -> Meeting:
    """Cancel a planned meeting."""
    require(actor, ORGANISE)
    meeting = _meeting(actor, meeting_id)
    _planned(meeting)
    meeting.state = MeetingState.CANCELLED
    meeting.save(update_fields=["state"])
    _event(actor, MEETING_CANCELLED, meeting, [ATTEND])
    return meeting


def _visitor(actor: Actor, visitor_id: Any) -> Visitor:
    return _of_organisation(
        actor,
        Visitor.objects.all(),
        visitor_id,
        "visitor_id",
        _("Choose a visitor."),
        _("No such visitor."),
    )


def _one_entrant(person_id: int | None, visitor_id: int | None) -> None:
    if (person_id is None) == (visitor_id is None):
        raise InvalidInput(_("Name one person or one visitor."), field="person_id")


@operation
def add_attendee(
    *,
    actor: Actor,
    meeting_id: int,
    person_id: int | None = None,
    visitor_id: int | None = None,
) -> Attendee:
    """Put a person (in post, of the organisation, cleared for the level) or an outside
    visitor registered today and not gone (sitting in, 列席) on a planned meeting's list
    (MEET-ATTEND). Any change withdraws the list's approval."""
    require(actor, ORGANISE)
    _one_entrant(person_id, visitor_id)
    meeting = _meeting(actor, meeting_id)
    _planned(meeting)
    org = meeting.organisation_id
    if person_id is not None:
        person = _person(actor, person_id, "person_id")
        reason = queries.refusal_reason(person, meeting.level)
        book.require(
            org,
            ATTEND,
            not reason,
            _("%(name)s may not attend: %(reason)s.") % {"name": person.name, "reason": reason},
        )
        if meeting.attendees.filter(person=person).exists():
            raise Conflict(_("%(name)s is on the list already.") % {"name": person.name})
        attendee = Attendee.objects.create(meeting=meeting, person=person, added_by_id=actor.pk)
    else:
        visitor = _visitor(actor, visitor_id)
        today = timezone.localdate()
        book.require(
            org,
            ATTEND,
            visitor.left_at is None and timezone.localdate(visitor.arrived_at) == today,
            _("%(name)s may not sit in: a visitor is registered on the day and not gone.")
            % {"name": str(visitor)},
        )
        if meeting.attendees.filter(visitor=visitor).exists():
            raise Conflict(_("%(name)s is on the list already.") % {"name": str(visitor)})
        attendee = Attendee.objects.create(meeting=meeting, visitor=visitor, added_by_id=actor.pk)
    withdrawn = _withdraw_approval(meeting)
    _event(
        actor,
        ATTENDEE_ADDED,
        meeting,
        [ATTEND],
        attendee=attendee.pk,
        person=person_id,
        visitor=visitor_id,
        approval_withdrawn=withdrawn,
    )
    return attendee


@operation
def remove_attendee(*, actor: Actor, meeting_id: int, attendee_id: int) -> Meeting:
    """Take a name off a planned meeting's list; the list's approval is withdrawn."""
    require(actor, ORGANISE)
    meeting = _meeting(actor, meeting_id)
    _planned(meeting)
    attendee = meeting.attendees.filter(pk=attendee_id).first()
    if attendee is None:
        raise NotFound(_("No such attendee."))
    if attendee.papers.exists():
        raise Conflict(_("A paper was handed to this attendee."))
    data = {"attendee": attendee.pk, "person": attendee.person_id, "visitor": attendee.visitor_id}
    attendee.delete()
    withdrawn = _withdraw_approval(meeting)
    _event(actor, ATTENDEE_REMOVED, meeting, [ATTEND], approval_withdrawn=withdrawn, **data)
    return meeting


@operation
def approve_list(*, actor: Actor, meeting_id: int) -> Meeting:
    """Approve a planned meeting's attendee list (MEET-ATTEND): a leader or the security
    officer (DECIDE_APPROVAL) who knows the meeting and put nobody on the list."""
    require(actor, Permission.DECIDE_APPROVAL)
    meeting = _meeting(actor, meeting_id)
    _planned(meeting)
    org = meeting.organisation_id
    # Who drew the list up: the accounts that put each name on it, and their people.
    drawn = list(meeting.attendees.values_list("added_by_id", "added_by__person_id"))
    book.require(org, ATTEND, bool(drawn), _("The list is empty."))
    book.require(
        org,
        ATTEND,
        all(actor.pk != account and actor.person_id != person for account, person in drawn),
        _("Nobody approves a list they drew up."),
    )
    if meeting.list_approved_at is not None:
        raise Conflict(_("The list is approved already."))
    meeting.list_approved_by_id = actor.person_id
    meeting.list_approved_at = timezone.now()
    meeting.save(update_fields=["list_approved_by", "list_approved_at"])
    _event(actor, LIST_APPROVED, meeting, [ATTEND], attendees=meeting.attendees.count())
    return meeting


@operation
def record_check(
    *,
    actor: Actor,
    meeting_id: int,
    kind: str,
    checked_by_id: int,
    findings: str,
    checked_at: datetime.datetime | None = None,
) -> MeetingCheck:
    """Record a check of the meeting, once each: the venue's security check (MEET-ATTEND)
    and the phones collected and kept out — ``checked_by`` collected them, ``findings`` say
    where they are kept and how many (MEET-PHONES) — before opening; the sweep for left
    items after the end (MEET-SWEEP), ``findings`` what was found ("nothing left")."""
    require(actor, ORGANISE)
    if kind not in CheckKind.values:
        raise InvalidInput(_("Not a kind of meeting check."), field="kind")
    meeting = _meeting(actor, meeting_id)
    rule = queries.CHECK_RULES[CheckKind(kind)]
    if kind == CheckKind.SWEEP:
        if meeting.state != MeetingState.ENDED:
            raise Conflict(_("The venue is swept after the meeting has ended."))
    elif meeting.state != MeetingState.PLANNED:
        raise Conflict(_("This check is recorded before the meeting opens."))
    if meeting.checks.filter(kind=kind).exists():
        raise Conflict(_("This check is recorded already."))
    by = _person(actor, checked_by_id, "checked_by_id")
    if not by.is_active:
        raise InvalidInput(_("%(name)s has left.") % {"name": by.name}, field="checked_by_id")
    findings = bounded_text(findings, "findings", FINDINGS, required=True, multiline=True)
    now = timezone.now()
    at = now if checked_at is None else checked_at
    if not isinstance(at, datetime.datetime) or timezone.is_naive(at):
        raise InvalidInput(_("Give a date and time with its offset."), field="checked_at")
    if at > now:
        raise InvalidInput(_("The check cannot be in the future."), field="checked_at")
    if at < meeting.starts_at - MAX_BACK:
        raise InvalidInput(_("The check is too long before the meeting."), field="checked_at")
    if kind == CheckKind.SWEEP and meeting.ended_at and at < meeting.ended_at:
        raise InvalidInput(_("The sweep follows the meeting's end."), field="checked_at")
    check = MeetingCheck.objects.create(
        meeting=meeting,
        kind=kind,
        checked_by=by,
        checked_at=at,
        findings=findings,
        recorded_by_id=actor.pk,
    )
    _event(actor, CHECK_RECORDED, meeting, [rule], kind=kind, checked_by=by.pk, check=check.pk)
    return check


@operation
def open_meeting(*, actor: Actor, meeting_id: int) -> Meeting:
    """Open the meeting on its day or later: refused unless its list is approved and its
    venue checked (MEET-ATTEND) and the phones collected (MEET-PHONES), each refusal naming
    what is missing."""
    require(actor, ORGANISE)
    meeting = _meeting(actor, meeting_id)
    if meeting.state != MeetingState.PLANNED:
        raise Conflict(_("Only a planned meeting opens."))
    if not queries.is_today_or_past(meeting.starts_at):
        raise Conflict(_("The meeting opens on its day."))
    org = meeting.organisation_id
    done = queries.checks(meeting)
    book.require(
        org,
        ATTEND,
        meeting.list_approved_at is not None,
        _("The attendee list is not approved."),
    )
    book.require(
        org, ATTEND, CheckKind.VENUE in done, _("The venue's security check is not recorded.")
    )
    book.require(
        org,
        "MEET-PHONES",
        CheckKind.PHONES in done,
        _("The phones' collection is not recorded: phones stay out of the meeting."),
    )
    meeting.state, meeting.opened_at = MeetingState.OPEN, timezone.now()
    meeting.save(update_fields=["state", "opened_at"])
    _event(actor, MEETING_OPENED, meeting, [ATTEND, "MEET-PHONES"])
    return meeting


@operation
def sign_in(
    *,
    actor: Actor,
    meeting_id: int,
    person_id: int | None = None,
    visitor_id: int | None = None,
) -> Attendee:
    """Sign an attendee in at the door (the organiser's office), while the meeting is open:
    only a name on the approved list, once; a person who has left or whose clearance no
    longer covers the level is turned away (MEET-ATTEND)."""
    require(actor, ORGANISE)
    _one_entrant(person_id, visitor_id)
    meeting = _meeting(actor, meeting_id)
    if meeting.state != MeetingState.OPEN:
        raise Conflict(_("Attendees sign in while the meeting is in session."))
    org = meeting.organisation_id
    if person_id is not None:
        person = _person(actor, person_id, "person_id")
        name = person.name
        attendee = meeting.attendees.select_for_update().filter(person=person).first()
    else:
        visitor = _visitor(actor, visitor_id)
        name = str(visitor)
        attendee = meeting.attendees.select_for_update().filter(visitor=visitor).first()
    book.require(
        org,
        ATTEND,
        attendee is not None,
        _("%(name)s is not on the approved list.") % {"name": name},
    )
    assert attendee is not None
    if person_id is not None:
        reason = queries.refusal_reason(person, meeting.level)
        book.require(
            org,
            ATTEND,
            not reason,
            _("%(name)s may no longer attend: %(reason)s.") % {"name": name, "reason": reason},
        )
    else:
        book.require(
            org,
            ATTEND,
            visitor.left_at is None,
            _("%(name)s has left the premises.") % {"name": name},
        )
    if attendee.signed_in_at is not None:
        raise Conflict(_("%(name)s signed in already.") % {"name": name})
    attendee.signed_in_at = timezone.now()
    attendee.save(update_fields=["signed_in_at"])
    _event(
        actor,
        SIGNED_IN,
        meeting,
        [ATTEND],
        attendee=attendee.pk,
        person=person_id,
        visitor=visitor_id,
    )
    return attendee


@operation
def end_meeting(*, actor: Actor, meeting_id: int) -> Meeting:
    """End the meeting: refused while a top secret paper is still out (MEET-DOCS: collected
    at once), naming each copy and to whom it went."""
    require(actor, ORGANISE)
    meeting = _meeting(actor, meeting_id)
    if meeting.state != MeetingState.OPEN:
        raise Conflict(_("Only a meeting in session ends."))
    out = list(papers.out_at_once(meeting))
    book.require(
        meeting.organisation_id,
        "MEET-DOCS",
        not out,
        _("Top secret papers are collected at once; still out: %(papers)s.")
        % {"papers": queries.papers_text(out)},
    )
    meeting.state, meeting.ended_at = MeetingState.ENDED, timezone.now()
    meeting.save(update_fields=["state", "ended_at"])
    _event(actor, MEETING_ENDED, meeting, [ATTEND, "MEET-DOCS"])
    return meeting


@operation
def close_meeting(*, actor: Actor, meeting_id: int) -> Meeting:
    """Close an ended meeting: refused until the venue is swept (MEET-SWEEP) and while a
    paper is unaccounted for (MEET-DOCS), naming each."""
    require(actor, ORGANISE)
    meeting = _meeting(actor, meeting_id)
    if meeting.state != MeetingState.ENDED:
        raise Conflict(_("Only an ended meeting closes."))
    org = meeting.organisation_id
    book.require(
        org,
        "MEET-SWEEP",
        meeting.checks.filter(kind=CheckKind.SWEEP).exists(),
        _("The venue is not swept: record the check for left items first."),
    )
    left = list(papers.unaccounted(meeting))
    book.require(
        org,
        "MEET-DOCS",
        not left,
        _("Papers unaccounted for: %(papers)s.") % {"papers": queries.papers_text(left)},
    )
    meeting.state, meeting.closed_at = MeetingState.CLOSED, timezone.now()
    meeting.save(update_fields=["state", "closed_at"])
    _event(actor, MEETING_CLOSED, meeting, ["MEET-SWEEP", "MEET-DOCS"])
    return meeting


@operation
def print_sign_in_sheet(*, actor: Actor, meeting_id: int) -> paper.Printed:
    """The meeting's sign-in sheet (签到表) as a PDF for whoever may know the meeting ("not
    found" otherwise); the print is recorded."""
    meeting, printed = queries.sign_in_sheet(actor, meeting_id)
    _event(actor, SHEET_PRINTED, meeting, [ATTEND], form="sign_in_sheet", level=meeting.level)
    return printed
