"""The classified meetings' figures for the security office's dashboard and the annual report
(``seams.figures``, section 涉密会议): each one COUNT in the database over the meetings of the
part — the organising department inside it for a head's part — never a loop over the rows."""

from __future__ import annotations

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy, pgettext_lazy

from baomi.core.levels import Level
from baomi.meetings.models import Meeting, MeetingPaper
from baomi.seams.figures import Figure, FigureProvider, Part, Period, source_of

UNIT = pgettext_lazy("unit", "meetings")
PAPERS_UNIT = pgettext_lazy("unit", "papers")


def held(part: Part, period: Period) -> Figure:
    """Classified meetings held in the period: opened (in session at some time, whatever
    their state since) with their opening inside the period, split by level."""
    counts = Meeting.objects.filter(
        part.departments("department"),
        period.during("opened_at"),
        organisation_id=part.organisation_id,
    ).aggregate(
        total=Count("pk"),
        **{f"level_{level}": Count("pk", filter=Q(level=level)) for level in Level.values},
    )
    return Figure(
        "meetings.held",
        gettext_lazy("Classified meetings held"),
        counts["total"],
        source_of(held),
        url=reverse("meetings"),
        unit=UNIT,
        split={str(Level(v).label): counts[f"level_{v}"] for v in Level.values},
    )


def _papers(part: Part) -> Q:
    return Q(meeting__organisation_id=part.organisation_id) & part.departments(
        "meeting__department"
    )


def handed_out(part: Part, period: Period) -> Figure:
    """Meeting papers (numbered copies) handed to attendees in the period, at meetings
    organised in the part (MEET-DOCS)."""
    value = MeetingPaper.objects.filter(_papers(part), period.during("handed_at")).count()
    return Figure(
        "meetings.papers_handed_out",
        gettext_lazy("Meeting papers handed out"),
        value,
        source_of(handed_out),
        url=reverse("meetings"),
        unit=PAPERS_UNIT,
    )


def unaccounted(part: Part, period: Period) -> Figure:
    """Meeting papers out now: handed out and neither collected nor otherwise accounted for
    (MEET-DOCS), at meetings organised in the part; the period does not apply."""
    value = MeetingPaper.objects.filter(_papers(part), handled_at=None).count()
    return Figure(
        "meetings.papers_unaccounted",
        gettext_lazy("Meeting papers not accounted for"),
        value,
        source_of(unaccounted),
        url=reverse("meetings"),
        unit=PAPERS_UNIT,
        now=True,
        target=0,
    )


def figures(part: Part, period: Period) -> list[Figure]:
    return [held(part, period), handed_out(part, period), unaccounted(part, period)]


PROVIDER = FigureProvider(
    "meetings", gettext_lazy("Classified meetings"), figures, order=60, in_report=True
)
