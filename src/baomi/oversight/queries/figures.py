"""The oversight's figures for the dashboard and the annual report (``seams.figures``): the
section 保密检查 — self-inspections held and the problems they found (INSP-MONTHLY,
INSP-QUARTERLY), rectifications opened, verified, open and overdue (INSP-RECTIFY), the
security committee's meetings and decisions (COMMITTEE).

Each figure is one COUNT in the database over the part (a department-bound record inside the
departments a head sees; the committee is the organisation's, so a head's part has no
committee figures) and links to the list behind it."""

from __future__ import annotations

import datetime
from urllib.parse import urlencode

from django.db.models import Count, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy

from baomi.oversight.models import (
    Answer,
    CommitteeMeeting,
    Inspection,
    InspectionKind,
    InspectionState,
    Rectification,
    RectificationState,
    Verdict,
)
from baomi.oversight.queries.rectifications import NOT_CLOSED
from baomi.seams.figures import Figure, FigureProvider, Part, Period, source_of


def _inspected_in(part: Part, prefix: str = "") -> Q:
    """Inspections (``prefix`` the path to one) of a department inside the part, or of a
    person of a department inside it."""
    if part.whole:
        return Q()
    return part.departments(f"{prefix}department") | (
        Q(**{f"{prefix}department": None}) & part.departments(f"{prefix}person__department")
    )


def _url(name: str, **params: object) -> str:
    query = urlencode(params)
    return f"{reverse(name)}?{query}" if query else reverse(name)


def held(part: Part, period: Period) -> Figure:
    """Self-inspections held: those submitted (state submitted) with ``submitted_at`` inside
    the period, of any kind, of a department of the part or of a person of one; split by
    kind (a department's monthly, a cleared person's monthly, a head's quarterly assessment,
    the classified computers')."""
    counts = Inspection.objects.filter(
        _inspected_in(part),
        period.during("submitted_at"),
        organisation_id=part.organisation_id,
        state=InspectionState.SUBMITTED,
    ).aggregate(
        total=Count("pk"),
        **{kind: Count("pk", filter=Q(kind=kind)) for kind in InspectionKind.values},
    )
    return Figure(
        "inspections.held",
        gettext_lazy("Self-inspections held"),
        counts["total"],
        source_of(held),
        _url("oversight"),
        split={str(label): counts[kind] for kind, label in InspectionKind.choices},
    )


def problems(part: Part, period: Period) -> Figure:
    """Problems found: the answers with the verdict "problem found" of the self-inspections
    counted by ``held`` (submitted inside the period, of the part)."""
    value = Answer.objects.filter(
        _inspected_in(part, "inspection__"),
        period.during("inspection__submitted_at"),
        inspection__organisation_id=part.organisation_id,
        inspection__state=InspectionState.SUBMITTED,
        verdict=Verdict.PROBLEM,
    ).count()
    return Figure(
        "inspections.problems",
        gettext_lazy("Problems found"),
        value,
        source_of(problems),
        _url("oversight"),
    )


def _rectifications(part: Part) -> QuerySet[Rectification]:
    return Rectification.objects.filter(
        part.departments("department"), organisation_id=part.organisation_id
    )


def rectifications_opened(part: Part, period: Period) -> Figure:
    """Rectifications opened: tasks (from a finding, a committee decision or free-standing)
    with ``created_at`` inside the period, of a department of the part, whatever their state
    now."""
    value = _rectifications(part).filter(period.during("created_at")).count()
    return Figure(
        "inspections.rectifications_opened",
        gettext_lazy("Rectifications opened"),
        value,
        source_of(rectifications_opened),
        _url("rectifications"),
    )


def rectifications_verified(part: Part, period: Period) -> Figure:
    """Rectifications verified: tasks verified and closed (state verified) with
    ``verified_at`` inside the period, of a department of the part."""
    value = (
        _rectifications(part)
        .filter(period.during("verified_at"), state=RectificationState.VERIFIED)
        .count()
    )
    return Figure(
        "inspections.rectifications_verified",
        gettext_lazy("Rectifications verified and closed"),
        value,
        source_of(rectifications_verified),
        _url("rectifications", state="closed"),
    )


def rectifications_open(part: Part, today: datetime.date) -> list[Figure]:
    """Now (whatever the period): rectifications open — not yet verified (open, or done and
    awaiting verification) — of a department of the part; and of them those overdue, due
    before ``today``. One query for both."""
    counts = (
        _rectifications(part)
        .filter(state__in=NOT_CLOSED)
        .aggregate(open=Count("pk"), overdue=Count("pk", filter=Q(due__lt=today)))
    )
    source = source_of(rectifications_open)
    return [
        Figure(
            "inspections.rectifications_open",
            gettext_lazy("Rectifications open"),
            counts["open"],
            source,
            _url("rectifications", state="open"),
            now=True,
        ),
        Figure(
            "inspections.rectifications_overdue",
            gettext_lazy("Rectifications overdue"),
            counts["overdue"],
            source,
            _url("rectifications", state="overdue"),
            now=True,
            target=0,
        ),
    ]


def committee(part: Part, period: Period) -> list[Figure]:
    """The security committee's meetings with ``held_on`` inside the period, and the
    decisions recorded at those meetings (one query for both); the organisation's, so none
    for a head's part."""
    if not part.whole:
        return []
    counts = CommitteeMeeting.objects.filter(
        period.days("held_on"), organisation_id=part.organisation_id
    ).aggregate(meetings=Count("pk", distinct=True), decisions=Count("decisions"))
    source = source_of(committee)
    url = _url("committee", year=period.start.year)
    return [
        Figure(
            "inspections.committee_meetings",
            gettext_lazy("Security committee meetings"),
            counts["meetings"],
            source,
            url,
        ),
        Figure(
            "inspections.committee_decisions",
            gettext_lazy("Security committee decisions"),
            counts["decisions"],
            source,
            url,
        ),
    ]


def figures(part: Part, period: Period) -> list[Figure]:
    """The section 保密检查: ``held``, ``problems``, ``rectifications_opened``,
    ``rectifications_verified``, ``rectifications_open`` (now), ``committee``."""
    return [
        held(part, period),
        problems(part, period),
        rectifications_opened(part, period),
        rectifications_verified(part, period),
        *rectifications_open(part, timezone.localdate()),
        *committee(part, period),
    ]


PROVIDER = FigureProvider("inspections", gettext_lazy("Inspections"), figures, order=70)
