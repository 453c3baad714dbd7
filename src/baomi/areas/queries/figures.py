"""The secure areas' figures for the security office's dashboard and the annual report
(``seams.figures``, section 要害部门部位): each one COUNT in the database over the records of
the part — the area's owning department, the visitor's host's department, the entered area's
department inside it for a head's part — never a loop over the rows."""

from __future__ import annotations

from urllib.parse import urlencode

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy, pgettext_lazy

from baomi.areas.models import AreaEntry, AreaKind, SecureArea, Visitor
from baomi.seams.figures import Figure, FigureProvider, Part, Period, source_of


def _dated(name: str, period: Period) -> str:
    """The list page ``name`` narrowed to the period by its "since"/"until" filters."""
    query = urlencode({"since": period.start.isoformat(), "until": period.end.isoformat()})
    return f"{reverse(name)}?{query}"


def listed(part: Part, period: Period) -> Figure:
    """Secure areas on the list now (AREA-LIST: in use), owned by a department of the part,
    split by kind; the period does not apply."""
    counts = SecureArea.objects.filter(
        part.departments("department"), organisation_id=part.organisation_id, active=True
    ).aggregate(
        total=Count("pk"),
        **{f"kind_{kind}": Count("pk", filter=Q(kind=kind)) for kind in AreaKind.values},
    )
    return Figure(
        "areas.listed",
        gettext_lazy("Secure areas listed"),
        counts["total"],
        source_of(listed),
        url=f"{reverse('areas')}?active=yes",
        unit=pgettext_lazy("unit", "areas"),
        now=True,
        split={str(AreaKind(k).label): counts[f"kind_{k}"] for k in AreaKind.values},
    )


def visitors(part: Part, period: Period) -> Figure:
    """Outside visitors registered (arrived) in the period, hosted by a person of the part
    (AREA-ACCESS)."""
    value = Visitor.objects.filter(
        part.departments("host__department"),
        period.during("arrived_at"),
        organisation_id=part.organisation_id,
    ).count()
    return Figure(
        "areas.visitors",
        gettext_lazy("Visitors registered"),
        value,
        source_of(visitors),
        url=_dated("visitors", period),
        unit=pgettext_lazy("unit", "visitors"),
    )


def entries(part: Part, period: Period) -> Figure:
    """Entries into a secure area by someone not assigned to it (the access log, AREA-ACCESS)
    begun in the period, into the areas of the part's departments."""
    value = AreaEntry.objects.filter(
        part.departments("area__department"),
        period.during("entered_at"),
        organisation_id=part.organisation_id,
    ).count()
    return Figure(
        "areas.entries",
        gettext_lazy("Entries into secure areas"),
        value,
        source_of(entries),
        url=_dated("access_log", period),
        unit=pgettext_lazy("unit", "entries"),
    )


def figures(part: Part, period: Period) -> list[Figure]:
    return [listed(part, period), visitors(part, period), entries(part, period)]


PROVIDER = FigureProvider(
    "areas", gettext_lazy("Key secure departments and places"), figures, order=61, in_report=True
)
