"""Who may know the records of this domain: one policy per kind (access.policy), the
organisation scoping inside."""

from __future__ import annotations

# --- meetings: list, checks, sign-in, sweep (MEET-ATTEND, MEET-PHONES, MEET-SWEEP) ---
from django.db.models import Exists, OuterRef, Q, QuerySet

from baomi.access.actor import Actor
from baomi.access.mac import knower
from baomi.access.roles import Permission, has_permission
from baomi.meetings.models import Attendee, Meeting

# The permission of whoever organises the meetings (the security officer, the clerk).
ORGANISE = Permission.MANAGE_MEETINGS


def organises(actor: Actor | None) -> bool:
    """Whether ``actor``'s role organises classified meetings (MANAGE_MEETINGS)."""
    return has_permission(actor, ORGANISE)


class MeetingPolicy:
    """Who may know a classified meeting (its title, level, list, checks): a person who knows
    as their person (``access.mac.knower``: a knowing role, the account and the person
    active), of the meeting's organisation, whose clearance covers the meeting's level, and
    who is one of: the meeting organisers (MANAGE_MEETINGS), the meeting's organiser, an
    attendee on its list. Nobody else — not another organisation, not a person cleared
    below the level (an attendee whose clearance was lowered loses sight of it)."""

    def may_know(self, actor: Actor | None, item: Meeting) -> bool:
        person = knower(actor)
        if person is None or item.organisation_id != person.organisation_id:
            return False
        if item.level > person.clearance:
            return False
        if organises(actor) or item.organiser_id == person.pk:
            return True
        return Attendee.objects.filter(meeting_id=item.pk, person_id=person.pk).exists()

    def known(self, actor: Actor | None) -> QuerySet[Meeting]:
        person = knower(actor)
        if person is None:
            return Meeting.objects.none()
        found = Meeting.objects.filter(
            organisation_id=person.organisation_id, level__lte=person.clearance
        )
        if organises(actor):
            return found
        listed = Attendee.objects.filter(meeting_id=OuterRef("pk"), person_id=person.pk)
        return found.filter(Q(organiser_id=person.pk) | Exists(listed))


MEETINGS = MeetingPolicy()
# --- papers and minutes (MEET-DOCS, MEET-MINUTES) ---
from baomi.meetings.models import MeetingPaper, Minutes, MinutesReading  # noqa: E402


class PaperPolicy:
    """Who may know a meeting paper (MEET-DOCS: which copy went to whom): whoever may know its
    meeting (``MEETINGS``) and organises meetings or is the meeting's organiser — the paper
    register — and the attendee who received it. The copy's document itself is named only to
    whoever may know it (CLS-MAC; ``queries.papers``)."""

    def may_know(self, actor: Actor | None, item: MeetingPaper) -> bool:
        person = knower(actor)
        if person is None or not MEETINGS.may_know(actor, item.meeting):
            return False
        return (
            organises(actor)
            or item.meeting.organiser_id == person.pk
            or item.attendee.person_id == person.pk
        )

    def known(self, actor: Actor | None) -> QuerySet[MeetingPaper]:
        person = knower(actor)
        if person is None:
            return MeetingPaper.objects.none()
        found = MeetingPaper.objects.filter(meeting__in=MEETINGS.known(actor))
        if organises(actor):
            return found
        return found.filter(Q(meeting__organiser_id=person.pk) | Q(attendee__person_id=person.pk))


PAPERS = PaperPolicy()


class MinutesPolicy:
    """Who may know that a meeting has minutes, who keeps them and who read them
    (MEET-MINUTES): whoever may know the meeting (``MEETINGS``). Their text is read only
    under the office director's approval, each time (``operations.minutes.read_minutes``)."""

    def may_know(self, actor: Actor | None, item: Minutes) -> bool:
        return MEETINGS.may_know(actor, item.meeting)

    def known(self, actor: Actor | None) -> QuerySet[Minutes]:
        return Minutes.objects.filter(meeting__in=MEETINGS.known(actor))


MINUTES = MinutesPolicy()


class ReadingPolicy:
    """The readings of minutes: known with the minutes (``MINUTES``)."""

    def may_know(self, actor: Actor | None, item: MinutesReading) -> bool:
        return MINUTES.may_know(actor, item.minutes)

    def known(self, actor: Actor | None) -> QuerySet[MinutesReading]:
        return MinutesReading.objects.filter(minutes__in=MINUTES.known(actor))


READINGS = ReadingPolicy()
