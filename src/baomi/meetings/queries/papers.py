"""The meeting's papers (MEET-DOCS): which are still unaccounted for. The meeting's own
operations ask these before it ends (a TOP_SECRET copy is collected at once) and before it
closes (every copy collected or its handling recorded)."""

from __future__ import annotations

from django.db.models import QuerySet

from baomi.meetings.models import Meeting, MeetingPaper


def unaccounted(meeting: Meeting) -> QuerySet[MeetingPaper]:
    """The papers handed out at ``meeting`` neither collected nor otherwise accounted for."""
    return (
        MeetingPaper.objects.filter(meeting=meeting, handled_at=None)
        .select_related("copy__document", "attendee__person")
        .order_by("handed_at", "pk")
    )


def out_at_once(meeting: Meeting) -> QuerySet[MeetingPaper]:
    """The TOP_SECRET papers still out, which are collected at once (MEET-DOCS)."""
    return unaccounted(meeting).filter(collect_at_once=True)
