"""The classified meetings' answer to the self-inspection checklist and the accreditation
(``seams.evidence``, MEET-DOCS, MEET-SWEEP): the meetings of the scope that ended by the
moment with a paper still unaccounted for, or without the sweep of the venue for left items,
one query. A fact names the meeting by its number, day and organising department — never its
title, which the inspector may not be cleared for — and links to its page, which the
meetings' policy guards."""

from __future__ import annotations

import datetime

from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from baomi.meetings.models import CheckKind, Meeting, MeetingCheck, MeetingPaper, MeetingState
from baomi.seams.evidence import MOST_FACTS, Evidence, EvidenceProvider, Fact, Scope, found

MORE = gettext_lazy("… and %(n)s more")


def papers(organisation_id: int, scope: Scope, moment: datetime.datetime) -> Evidence:
    """Meetings ended (or closed) by ``moment`` with a paper not accounted for (MEET-DOCS) or
    no sweep recorded (MEET-SWEEP); the scope's department organised them, its person
    organised them."""
    out = MeetingPaper.objects.filter(meeting_id=OuterRef("pk"), handled_at=None)
    swept = MeetingCheck.objects.filter(
        meeting_id=OuterRef("pk"), kind=CheckKind.SWEEP, checked_at__lte=moment
    )
    meetings = (
        Meeting.objects.filter(
            organisation_id=organisation_id,
            state__in=(MeetingState.ENDED, MeetingState.CLOSED),
            ended_at__lte=moment,
        )
        .annotate(papers_out=Exists(out), swept=Exists(swept))
        .filter(Q(papers_out=True) | Q(swept=False))
    )
    if scope.department_path:
        meetings = meetings.filter(department__path__startswith=scope.department_path)
    if scope.person_id:
        meetings = meetings.filter(organiser_id=scope.person_id)
    rows = list(meetings.select_related("department").order_by("ended_at", "pk")[:MOST_FACTS])
    total = len(rows) if len(rows) < MOST_FACTS else meetings.count()
    facts = [
        Fact(_sentence(meeting) % _fields(meeting), reverse("meeting", args=[meeting.pk]))
        for meeting in rows
    ]
    return found(facts, total, MORE)


def _sentence(meeting: Meeting) -> str:
    if meeting.papers_out and not meeting.swept:
        return _(
            "Meeting No. %(number)s of %(day)s (%(department)s): ended with papers not "
            "accounted for and no sweep for left items"
        )
    if meeting.papers_out:
        return _(
            "Meeting No. %(number)s of %(day)s (%(department)s): ended with papers not "
            "accounted for"
        )
    return _("Meeting No. %(number)s of %(day)s (%(department)s): no sweep for left items")


def _fields(meeting: Meeting) -> dict[str, object]:
    return {
        "number": meeting.pk,
        "day": timezone.localtime(meeting.ended_at).strftime("%Y-%m-%d"),
        "department": meeting.department.name,
    }


PROVIDERS = (
    EvidenceProvider(
        "meetings.papers",
        gettext_lazy("Meeting papers accounted for and venues swept"),
        papers,
    ),
)
