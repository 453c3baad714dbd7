"""The meetings' deadlines (one provider per rule, neither of kind DEADLINE: tests/
test_deadlines.py lists them among the rules timed besides):

- MEET-ATTEND: a planned meeting starting within a day whose attendee list is not approved
  or whose venue is not checked, due when it starts (overdue once started, still planned);
- MEET-SWEEP: an ended meeting's sweep for left items, due by the end of the day it ended,
  done once recorded.

The organiser answers, with the organising department. Two queries each for the whole
organisation, none per meeting."""

from __future__ import annotations

import datetime

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from baomi.meetings.models import CheckKind, Meeting, MeetingCheck, MeetingState
from baomi.rulebook import book
from baomi.seams.deadlines import Deadline, DeadlineProvider, end_of_day

SUBJECT = "meetings.meeting"
AHEAD = datetime.timedelta(days=1)


def _checked(kind: str) -> Exists:
    return Exists(MeetingCheck.objects.filter(meeting_id=OuterRef("pk"), kind=kind))


def unready(organisation_id: int, moment: datetime.datetime) -> list[Deadline]:
    """Planned meetings starting within a day (or started) with the list unapproved or the
    venue unchecked (MEET-ATTEND)."""
    if not book.in_force(organisation_id, "MEET-ATTEND"):
        return []
    rows = (
        Meeting.objects.filter(
            organisation_id=organisation_id,
            state=MeetingState.PLANNED,
            starts_at__lte=moment + AHEAD,
        )
        .annotate(venue_checked=_checked(CheckKind.VENUE))
        .filter(Q(list_approved_at=None) | Q(venue_checked=False))
        .values_list("pk", "starts_at", "organiser_id", "department_id")
    )
    return [
        Deadline("MEET-ATTEND", SUBJECT, pk, starts_at, organiser, department)
        for pk, starts_at, organiser, department in rows
    ]


def sweeps(organisation_id: int, moment: datetime.datetime) -> list[Deadline]:
    """Each ended meeting's sweep, due by the end of the day it ended (MEET-SWEEP)."""
    if not book.in_force(organisation_id, "MEET-SWEEP"):
        return []
    rows = (
        Meeting.objects.filter(organisation_id=organisation_id, state=MeetingState.ENDED)
        .annotate(swept=_checked(CheckKind.SWEEP))
        .values_list("pk", "ended_at", "ends_at", "organiser_id", "department_id", "swept")
    )
    return [
        Deadline(
            "MEET-SWEEP",
            SUBJECT,
            pk,
            end_of_day(timezone.localdate(ended_at or ends_at)),
            organiser,
            department,
            swept,
        )
        for pk, ended_at, ends_at, organiser, department, swept in rows
    ]


PROVIDERS = (
    DeadlineProvider("MEET-ATTEND", unready),
    DeadlineProvider("MEET-SWEEP", sweeps),
)
