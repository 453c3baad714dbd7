"""The incidents' figures for the dashboard and the annual report (``seams.figures``): the
section 失泄密事件 — incidents discovered (target: zero), the serious ones, the reports upward
made and the investigations concluded (INC-RECORD).

Incidents are the security office's (``policies.INCIDENTS``: a department head knows none) and
name no department, so a head's part has no incident figures. Each figure is one COUNT in the
database and links to the incidents' list of the period's year."""

from __future__ import annotations

from urllib.parse import urlencode

from django.db.models import Count, Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy

from baomi.incidents.models import Incident, IncidentKind
from baomi.seams.figures import Figure, FigureProvider, Part, Period, source_of


def _incidents(part: Part) -> QuerySet[Incident]:
    return Incident.objects.filter(organisation_id=part.organisation_id)


def _url(period: Period) -> str:
    return f"{reverse('incidents')}?{urlencode({'year': period.start.year})}"


def recorded(part: Part, period: Period) -> list[Figure]:
    """Incidents discovered inside the period (``discovered_at``), of every kind — 失密, 泄密,
    a carrier's loss, a rule violation — whatever their state now, split by kind (target:
    zero); and of them the serious ones (reported upward, target: zero). One query for
    both."""
    counts = (
        _incidents(part)
        .filter(period.during("discovered_at"))
        .aggregate(
            total=Count("pk"),
            serious=Count("pk", filter=Q(serious=True)),
            **{kind: Count("pk", filter=Q(kind=kind)) for kind in IncidentKind.values},
        )
    )
    source = source_of(recorded)
    return [
        Figure(
            "incidents.recorded",
            gettext_lazy("Incidents"),
            counts["total"],
            source,
            _url(period),
            target=0,
            split={str(label): counts[kind] for kind, label in IncidentKind.choices},
        ),
        Figure(
            "incidents.serious",
            gettext_lazy("Serious incidents"),
            counts["serious"],
            source,
            _url(period),
            target=0,
        ),
    ]


def reported(part: Part, period: Period) -> Figure:
    """Incidents reported upward (to the superior security administration) inside the period
    (``reported_upward_at``), whenever discovered."""
    value = _incidents(part).filter(period.during("reported_upward_at")).count()
    return Figure(
        "incidents.reported",
        gettext_lazy("Incidents reported upward"),
        value,
        source_of(reported),
        _url(period),
    )


def concluded(part: Part, period: Period) -> Figure:
    """Incidents whose investigation was concluded inside the period (``concluded_at``),
    whenever discovered."""
    value = _incidents(part).filter(period.during("concluded_at")).count()
    return Figure(
        "incidents.concluded",
        gettext_lazy("Investigations concluded"),
        value,
        source_of(concluded),
        _url(period),
    )


def figures(part: Part, period: Period) -> list[Figure]:
    """The section 失泄密事件, the whole organisation's only: ``recorded`` (with the serious
    ones), ``reported``, ``concluded``."""
    if not part.whole:
        return []
    return [*recorded(part, period), reported(part, period), concluded(part, period)]


PROVIDER = FigureProvider("incidents", gettext_lazy("Incidents"), figures, order=80)
