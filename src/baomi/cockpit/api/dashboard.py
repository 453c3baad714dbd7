"""JSON route of the dashboard (保密工作看板): ``GET /dashboard?range=month|quarter|year`` answers
exactly what the page embeds (``cockpit.queries.dashboard.dashboard``): the caller's part (the
whole organisation for SEE_DASHBOARD, the departments they head), the period, every section's
figures (each with the query that produced it and the list behind it) and the charts. 403 for
a caller who sees no part, 422 naming ``range`` for another range."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any, Literal

from django.http import HttpRequest
from ninja import Query, Router, Schema

from baomi.cockpit.queries import dashboard as queries
from baomi.seams.figures import Range

router = Router(tags=["dashboard"])

Number = int | Decimal
# The ranges (``seams.figures.Range``) spelled out, so the schema holds them inline.
RangeName = Literal["month", "quarter", "year"]


class DashboardQuery(Schema):
    range: RangeName = "month"


class DashboardFigureOut(Schema):
    key: str
    label: str
    value: Number
    unit: str
    url: str
    source: str
    now: bool
    target: Number | None
    split: dict[str, Number]
    off_target: bool


class DashboardSectionOut(Schema):
    key: str
    label: str
    figures: list[DashboardFigureOut]


class DashboardSeriesOut(Schema):
    name: str
    values: list[Number]
    urls: list[str]


class DashboardChartOut(Schema):
    key: str
    title: str
    kind: Literal["bar", "pie"]
    categories: list[str]
    series: list[DashboardSeriesOut]


class DashboardPeriodOut(Schema):
    start: date
    end: date


class DashboardPartOut(Schema):
    whole: bool
    departments: list[str]


class DashboardOut(Schema):
    range: RangeName
    period: DashboardPeriodOut
    part: DashboardPartOut
    sections: list[DashboardSectionOut]
    charts: list[DashboardChartOut]


@router.get("/dashboard", response=DashboardOut)
def dashboard(request: HttpRequest, query: Query[DashboardQuery]) -> Any:
    """The caller's dashboard over the range (this month by default)."""
    return queries.dashboard(request.auth, Range(query.range))
