"""The security committee's meetings (COMMITTEE, 保密委员会例会).

The security office (OVERSEE) records a meeting once it is held: its day (not to come, at most
a year back), its agenda (议题), the record of what was said (会议记录), who attended — any
person of the organisation in post: the chair and the members sit, others may be invited
(列席) — and what it decided, each decision with the person responsible and a due date. A
meeting of the committee needs the committee: at least its chair or one of its members present
(COMMITTEE). Each decision opens a rectification task
(``rectifications.open_from_decision``), so it is tracked to closure like a finding
(INSP-RECTIFY). The record may be corrected afterwards (day, agenda, record, attendance), and
decisions added; a decision once recorded stays as it is — its task carries it.

Who sits on the committee is the register of security staff (``org.SecurityAppointment``,
chair and members): a seat counts for a meeting unless the appointment had ended before the
meeting's day (an appointment is often entered in the system later than the committee was
formed).

Audit bodies hold ids, days and counts, never the agenda, the record or a decision's text."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from baomi.access.actor import Actor
from baomi.access.roles import Permission, actor_organisation_id, require
from baomi.audit.actions import register_action
from baomi.audit.operation import operation
from baomi.audit.recorder import record_event
from baomi.core.errors import InvalidInput, NotFound
from baomi.core.inputs import MAX_ID
from baomi.core.text import bounded_text
from baomi.org.models import Employment, Person
from baomi.oversight.models import CommitteeDecision, CommitteeMeeting
from baomi.oversight.operations import rectifications
from baomi.oversight.policies import members_on
from baomi.rulebook import book

RULE = "COMMITTEE"

MEETING_RECORDED = register_action(
    "oversight.committee_meeting_recorded", gettext_lazy("Security committee meeting recorded")
)
MEETING_EDITED = register_action(
    "oversight.committee_meeting_edited",
    gettext_lazy("Security committee meeting's record corrected"),
)
DECISIONS_ADDED = register_action(
    "oversight.committee_decisions_added", gettext_lazy("Security committee decisions recorded")
)

# The bounds of what a meeting records.
LONGEST_BACK = datetime.timedelta(days=366)
AGENDA_LENGTH = CommitteeMeeting._meta.get_field("agenda").max_length or 4000
MINUTES_LENGTH = CommitteeMeeting._meta.get_field("minutes").max_length or 20000
DECISION_LENGTH = CommitteeDecision._meta.get_field("text").max_length or 2000
MAX_ATTENDEES = 200
MAX_DECISIONS = 20


def held_day(value: Any, *, today: datetime.date | None = None) -> datetime.date:
    """The day a meeting was held: not to come, at most a year back; InvalidInput naming
    ``held_on`` otherwise."""
    if not isinstance(value, datetime.date) or isinstance(value, datetime.datetime):
        raise InvalidInput(_("Give the day the meeting was held."), field="held_on")
    today = today or timezone.localdate()
    if value > today:
        raise InvalidInput(
            _("A meeting is recorded once held: its day cannot be to come."), field="held_on"
        )
    if value < today - LONGEST_BACK:
        raise InvalidInput(_("The day is more than a year back."), field="held_on")
    return value


def _ids(values: Any, field: str, most: int) -> list[int]:
    if not isinstance(values, list | tuple):
        raise InvalidInput(_("Give a list of people."), field=field)
    ids = []
    for value in values:
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_ID:
            raise InvalidInput(_("Not a person's id."), field=field)
        ids.append(value)
    if len(ids) > most:
        raise InvalidInput(_("At most %(n)d people.") % {"n": most}, field=field)
    if len(set(ids)) != len(ids):
        raise InvalidInput(_("A person is named twice."), field=field)
    return ids


def _attendees(organisation_id: int | None, values: Any) -> list[Person]:
    """The attendees: at least one, people of the organisation in post (another
    organisation's: invalid like a missing one)."""
    ids = _ids(values, "attendee_ids", MAX_ATTENDEES)
    if not ids:
        raise InvalidInput(_("Choose who attended."), field="attendee_ids")
    people = {
        p.pk: p
        for p in Person.objects.filter(organisation_id=organisation_id, pk__in=ids).only(
            "pk", "name", "employment", "organisation_id"
        )
    }
    for pk in ids:
        person = people.get(pk)
        if person is None:
            raise InvalidInput(_("No such person in the organisation."), field="attendee_ids")
        if person.employment != Employment.ACTIVE:
            raise InvalidInput(
                _("%(name)s has left.") % {"name": person.name}, field="attendee_ids"
            )
    return [people[pk] for pk in sorted(ids)]


def _require_committee(
    organisation_id: int | None, day: datetime.date, people: list[Person]
) -> list[int]:
    """COMMITTEE: a meeting of the committee has its chair or a member present; the members
    among the attendees."""
    seats = members_on(organisation_id, day)
    present = [p.pk for p in people if p.pk in seats]
    book.require(
        organisation_id,
        RULE,
        bool(present),
        _(
            "No member of the security committee attended: a meeting of the committee needs "
            "its chair or a member present."
        ),
    )
    return present


def _decisions(organisation_id: int | None, values: Any) -> list[tuple[str, Person, Any]]:
    """The decisions as given: each ``{"text", "owner_id", "due"}`` — a text, a person in
    post of the organisation responsible, a due date from today to a year ahead; InvalidInput
    naming ``decisions`` (and the decision's number) otherwise."""
    if values in (None, ""):
        return []
    if not isinstance(values, list | tuple):
        raise InvalidInput(_("Give the decisions as a list."), field="decisions")
    if len(values) > MAX_DECISIONS:
        raise InvalidInput(
            _("At most %(n)d decisions at once.") % {"n": MAX_DECISIONS}, field="decisions"
        )
    found = []
    for number, value in enumerate(values, start=1):
        where = {"n": number}
        if not isinstance(value, dict):
            raise InvalidInput(_("Decision %(n)d is malformed.") % where, field="decisions")
        text = value.get("text")
        if not isinstance(text, str) or not text.strip():
            raise InvalidInput(_("Decision %(n)d needs its text.") % where, field="decisions")
        text = bounded_text(text, "decisions", DECISION_LENGTH, multiline=True)
        try:
            owner = rectifications.check_owner(organisation_id or 0, value.get("owner_id"))
            due = rectifications.check_due(value.get("due"))
        except InvalidInput as exc:
            raise InvalidInput(
                _("Decision %(n)d: %(problem)s") % {**where, "problem": str(exc)},
                field="decisions",
            ) from exc
        found.append((text, owner, due))
    return found


def _record_decisions(
    actor: Actor | None, meeting: CommitteeMeeting, decisions: list[tuple[str, Person, Any]]
) -> list[CommitteeDecision]:
    """Each decision written and its rectification task opened (INSP-RECTIFY)."""
    made = []
    for text, owner, due in decisions:
        decision = CommitteeDecision.objects.create(meeting=meeting, text=text)
        rectifications.open_from_decision(actor, decision, owner=owner, due=due)
        made.append(decision)
    return made


def _meeting(organisation_id: int | None, committee_meeting_id: Any) -> CommitteeMeeting:
    """The organisation's meeting, locked; "not found" for another organisation's."""
    found = (
        CommitteeMeeting.objects.select_for_update()
        .filter(organisation_id=organisation_id, pk=committee_meeting_id)
        .first()
    )
    if found is None:
        raise NotFound(_("No such committee meeting."))
    return found


@operation
def record_meeting(
    *,
    actor: Actor,
    held_on: datetime.date,
    agenda: str,
    attendee_ids: list[int],
    minutes: str = "",
    decisions: list[dict[str, Any]] | None = None,
) -> CommitteeMeeting:
    """Record a meeting of the security committee once held (COMMITTEE; the security office):
    its day (not to come, at most a year back), agenda, record, the attendees (people of the
    organisation in post, the chair or a member among them) and its decisions, each opening
    its rectification task."""
    require(actor, Permission.OVERSEE)
    organisation_id = actor_organisation_id(actor)
    held_on = held_day(held_on)
    agenda = bounded_text(agenda, "agenda", AGENDA_LENGTH, required=True, multiline=True)
    minutes = bounded_text(minutes, "minutes", MINUTES_LENGTH, multiline=True)
    people = _attendees(organisation_id, attendee_ids)
    wanted = _decisions(organisation_id, decisions)
    members = _require_committee(organisation_id, held_on, people)
    meeting = CommitteeMeeting.objects.create(
        organisation_id=organisation_id,
        held_on=held_on,
        agenda=agenda,
        minutes=minutes,
        recorded_by=actor,
        recorded_at=timezone.now(),
    )
    meeting.attendees.set(people)
    made = _record_decisions(actor, meeting, wanted)
    record_event(
        actor=actor,
        action=MEETING_RECORDED,
        subject=meeting,
        organisation_id=organisation_id,
        data={
            "rules": [RULE],
            "held_on": held_on.isoformat(),
            "attendees": [p.pk for p in people],
            "members": members,
            "decisions": [d.pk for d in made],
        },
    )
    return meeting


@operation
def edit_meeting(
    *,
    actor: Actor,
    committee_meeting_id: int,
    held_on: datetime.date | None = None,
    agenda: str | None = None,
    minutes: str | None = None,
    attendee_ids: list[int] | None = None,
) -> CommitteeMeeting:
    """Correct a meeting's record (COMMITTEE; the security office): its day, agenda, record
    or attendance — what is not given stays. The chair or a member must still be among the
    attendees on the day. Its decisions stay as recorded (their tasks carry them)."""
    require(actor, Permission.OVERSEE)
    organisation_id = actor_organisation_id(actor)
    meeting = _meeting(organisation_id, committee_meeting_id)
    changed: list[str] = []
    if held_on is not None:
        meeting.held_on = held_day(held_on)
        changed.append("held_on")
    if agenda is not None:
        meeting.agenda = bounded_text(
            agenda, "agenda", AGENDA_LENGTH, required=True, multiline=True
        )
        changed.append("agenda")
    if minutes is not None:
        meeting.minutes = bounded_text(minutes, "minutes", MINUTES_LENGTH, multiline=True)
        changed.append("minutes")
    people = (
        _attendees(organisation_id, attendee_ids)
        if attendee_ids is not None
        else list(meeting.attendees.all())
    )
    if not changed and attendee_ids is None:
        raise InvalidInput(_("Give what is to be corrected."), field="agenda")
    members = _require_committee(organisation_id, meeting.held_on, people)
    if changed:
        meeting.save(update_fields=changed)
    if attendee_ids is not None:
        meeting.attendees.set(people)
        changed.append("attendees")
    record_event(
        actor=actor,
        action=MEETING_EDITED,
        subject=meeting,
        organisation_id=organisation_id,
        data={
            "rules": [RULE],
            "changed": changed,
            "held_on": meeting.held_on.isoformat(),
            "attendees": [p.pk for p in people],
            "members": members,
        },
    )
    return meeting


@operation
def add_decisions(
    *, actor: Actor, committee_meeting_id: int, decisions: list[dict[str, Any]]
) -> list[CommitteeDecision]:
    """Record decisions of a meeting afterwards (COMMITTEE; the security office), each with
    its owner and due date, each opening its rectification task."""
    require(actor, Permission.OVERSEE)
    organisation_id = actor_organisation_id(actor)
    meeting = _meeting(organisation_id, committee_meeting_id)
    wanted = _decisions(organisation_id, decisions)
    if not wanted:
        raise InvalidInput(_("Give at least one decision."), field="decisions")
    made = _record_decisions(actor, meeting, wanted)
    record_event(
        actor=actor,
        action=DECISIONS_ADDED,
        subject=meeting,
        organisation_id=organisation_id,
        data={"rules": [RULE], "decisions": [d.pk for d in made]},
    )
    return made
