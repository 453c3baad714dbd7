"""MEET-DOCS as deadlines: a TOP_SECRET paper still out is due at once — overdue from the
moment it was handed out — and a paper unaccounted for once its meeting ended is overdue from
the end (the meeting may not close while it is out). The attendee who has it answers."""

from __future__ import annotations

import datetime

from baomi.meetings.models import MeetingPaper, MeetingState
from baomi.seams.deadlines import Deadline, DeadlineProvider

SUBJECT = "meetings.meetingpaper"


def papers(organisation_id: int, moment: datetime.datetime) -> list[Deadline]:
    rows = (
        MeetingPaper.objects.filter(meeting__organisation_id=organisation_id, handled_at=None)
        .filter(meeting__state__in=(MeetingState.OPEN, MeetingState.ENDED))
        .values_list(
            "pk",
            "collect_at_once",
            "handed_at",
            "meeting__state",
            "meeting__ended_at",
            "attendee__person_id",
            "attendee__person__department_id",
        )
    )
    found = []
    for pk, at_once, handed_at, state, ended_at, person, department in rows:
        if at_once:
            due = handed_at
        elif state == MeetingState.ENDED and ended_at is not None:
            due = ended_at
        else:
            continue
        found.append(Deadline("MEET-DOCS", SUBJECT, pk, due, person, department))
    return found


PROVIDERS = (DeadlineProvider("MEET-DOCS", papers),)
