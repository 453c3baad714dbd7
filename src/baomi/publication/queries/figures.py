"""The secrecy review's figures for the security office's dashboard and the annual report
(``seams.figures``, section 宣传报道与对外提供, PUB-REVIEW, PRESS-FOREIGN): each one COUNT in the
database over the submissions of the part — the department whose material it is — or, for
the foreign press and visits, which belong to no department, over the organisation when the
part is the whole of it; never a loop over the rows."""

from __future__ import annotations

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy, pgettext_lazy

from baomi.publication.models import (
    ForeignKind,
    ForeignRequest,
    Review,
    Submission,
    SubmissionState,
    Verdict,
)
from baomi.seams.figures import Figure, FigureProvider, Part, Period, source_of

UNIT = pgettext_lazy("unit", "submissions")


def _submissions(part: Part) -> QuerySet[Submission]:
    return Submission.objects.filter(
        part.departments("department"), organisation_id=part.organisation_id
    )


def _reviewed(period: Period, condition: Q | None = None) -> Exists:
    """A review of one of the submission's versions made in the period (``condition``
    narrowing it)."""
    return Exists(
        Review.objects.filter(
            condition or Q(), period.during("reviewed_at"), version__submission_id=OuterRef("pk")
        )
    )


def reviewed(part: Part, period: Period) -> Figure:
    """Submissions of the part with at least one version reviewed in the period, whatever
    the verdict."""
    value = _submissions(part).filter(_reviewed(period)).count()
    return Figure(
        "publication.reviewed",
        gettext_lazy("Submissions reviewed"),
        value,
        source_of(reviewed),
        url=reverse("publication"),
        unit=UNIT,
    )


def released(part: Part, period: Period) -> Figure:
    """Submissions of the part released (gone out) in the period."""
    value = (
        _submissions(part)
        .filter(period.during("released_at"), state=SubmissionState.RELEASED)
        .count()
    )
    return Figure(
        "publication.released",
        gettext_lazy("Submissions released"),
        value,
        source_of(released),
        url=f"{reverse('publication')}?state={SubmissionState.RELEASED}",
        unit=UNIT,
    )


def cleared_despite_findings(part: Part, period: Period) -> Figure:
    """Submissions of the part with a version cleared in the period despite the scanner's
    findings, each justified by the reviewer (a non-empty ``justifications``)."""
    justified = Q(verdict=Verdict.CLEARED) & ~Q(justifications=[])
    value = _submissions(part).filter(_reviewed(period, justified)).count()
    return Figure(
        "publication.cleared_with_findings",
        gettext_lazy("Cleared with findings justified"),
        value,
        source_of(cleared_despite_findings),
        url=reverse("publication"),
        unit=UNIT,
    )


def foreign(part: Part, period: Period) -> Figure:
    """Requests of foreign media and foreign visits recorded in the period (PRESS-FOREIGN),
    split by kind (phone interview, invited interview, visit); the organisation's only."""
    counts = ForeignRequest.objects.filter(
        period.during("recorded_at"), organisation_id=part.organisation_id
    ).aggregate(
        total=Count("pk"),
        **{f"kind_{k}": Count("pk", filter=Q(kind=k)) for k in ForeignKind.values},
    )
    return Figure(
        "publication.foreign_requests",
        gettext_lazy("Foreign press and visit requests"),
        counts["total"],
        source_of(foreign),
        url=reverse("foreign_requests"),
        unit=pgettext_lazy("unit", "requests"),
        split={str(ForeignKind(k).label): counts[f"kind_{k}"] for k in ForeignKind.values},
    )


def figures(part: Part, period: Period) -> list[Figure]:
    found = [
        reviewed(part, period),
        released(part, period),
        cleared_despite_findings(part, period),
    ]
    if part.whole:
        found.append(foreign(part, period))
    return found


PROVIDER = FigureProvider(
    "publication",
    gettext_lazy("Publicity and provision to outside parties"),
    figures,
    order=63,
    in_report=True,
)
