"""Figure providers: what each domain counts for the security office's dashboard and for the
annual report (年度保密工作总结, ANNUAL-REPORT).

A domain registers a ``FigureProvider`` per section it keeps (copies, equipment, people,
training, inspections …) in its ``AppConfig.ready``. ``figures(part, period)`` answers the
section's figures over ``part`` (the whole organisation, or the departments a head sees: each
with its sub-departments) and ``period`` (本月, 本季度, 本年, or a calendar year for the
report): each one query — a COUNT or a SUM in the database, never a loop over the items — and
each naming the query that produced it (``source``) and the list behind it (``url``), so the
dashboard links every number to its rows and the report says where each figure comes from.
A figure that is a state of now (copies out, open rectifications) ignores the period and says
so (``now=True``)."""

from __future__ import annotations

import calendar
import datetime
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.functional import Promise

from baomi.seams.registry import Registry


class Range(StrEnum):
    MONTH = "month"  # 本月
    QUARTER = "quarter"  # 本季度
    YEAR = "year"  # 本年


@dataclass(frozen=True)
class Period:
    """Calendar days from ``start`` to ``end``, both included."""

    start: datetime.date
    end: datetime.date

    @classmethod
    def of(cls, kind: Range, today: datetime.date) -> Period:
        """The month, quarter or year that ``today`` falls in."""
        if kind is Range.YEAR:
            return cls.year(today.year)
        first = today.month if kind is Range.MONTH else 3 * ((today.month - 1) // 3) + 1
        last = today.month if kind is Range.MONTH else first + 2
        end = calendar.monthrange(today.year, last)[1]
        return cls(today.replace(month=first, day=1), datetime.date(today.year, last, end))

    @classmethod
    def year(cls, year: int) -> Period:
        return cls(datetime.date(year, 1, 1), datetime.date(year, 12, 31))

    def moments(self) -> tuple[datetime.datetime, datetime.datetime]:
        """The period as [from, until) in the installation's time zone, for timestamps."""
        zone = timezone.get_default_timezone()
        start = datetime.datetime.combine(self.start, datetime.time.min, tzinfo=zone)
        until = datetime.datetime.combine(
            self.end + datetime.timedelta(days=1), datetime.time.min, tzinfo=zone
        )
        return start, until

    def days(self, field_name: str) -> Q:
        """``field_name`` (a date) inside the period."""
        return Q(**{f"{field_name}__gte": self.start, f"{field_name}__lte": self.end})

    def during(self, field_name: str) -> Q:
        """``field_name`` (a timestamp) inside the period."""
        start, until = self.moments()
        return Q(**{f"{field_name}__gte": start, f"{field_name}__lt": until})


@dataclass(frozen=True)
class Part:
    """What a viewer of the figures sees: the organisation, and either all of it
    (``department_paths`` None: the security office, the leaders) or the departments they head,
    each with its sub-departments (their ``path``, "/1/4/")."""

    organisation_id: int
    department_paths: tuple[str, ...] | None = None

    @property
    def whole(self) -> bool:
        return self.department_paths is None

    def departments(self, field_name: str = "department") -> Q:
        """Rows whose ``field_name`` (a department foreign key; "" for departments themselves)
        lies inside the part; every row when the part is the whole organisation."""
        if self.department_paths is None:
            return Q()
        prefix = f"{field_name}__" if field_name else ""
        inside = Q(pk__in=[])
        for path in self.department_paths:
            inside |= Q(**{f"{prefix}path__startswith": path})
        return inside


@dataclass(frozen=True)
class Figure:
    key: str  # "<section>.<name>", unique over every provider
    label: Promise | str
    value: int | Decimal
    source: str  # the dotted name of the query that produced it (see ``source_of``)
    url: str = ""  # the list behind the number ("" when there is no page)
    unit: Promise | str = ""
    now: bool = False  # a state of now, not of the period
    # A bound the figure is held to (the minimum training hours, zero incidents), if any.
    target: int | Decimal | None = None
    # Per department (its name) or per kind, for a chart; empty when the figure has no split.
    split: dict[str, int | Decimal] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "label": str(self.label),
            "value": self.value,
            "unit": str(self.unit),
            "url": self.url,
            "source": self.source,
            "now": self.now,
            "target": self.target,
            "split": {str(k): v for k, v in self.split.items()},
        }


def source_of(query: Callable[..., Any]) -> str:
    """The name a figure gives of the query that produced it."""
    return f"{query.__module__}.{query.__qualname__}"


def counted(rows: QuerySet[Any], split: Mapping[str, Q] | None = None) -> tuple[int, dict]:
    """The count of ``rows`` and, for each label of ``split``, of those matching its
    condition: one query."""
    parts = dict(split or {})
    found = rows.order_by().aggregate(
        total=Count("pk"), **{f"s{i}": Count("pk", filter=q) for i, q in enumerate(parts.values())}
    )
    return found["total"], {label: found[f"s{i}"] for i, label in enumerate(parts)}


def measure(section: str, part: Part, period: Period) -> Callable[..., Figure]:
    """The maker of a section's figures from its queries, each answering ``(value, split)``
    for ``(part, period)`` (``counted``): ``figure(key, label, query, unit, url, now)``."""

    def figure(key, label, query, unit, url="", now=False) -> Figure:
        value, split = query(part, period)
        return Figure(
            key=f"{section}.{key}",
            label=label,
            value=value,
            source=source_of(query),
            url=url,
            unit=unit,
            now=now,
            split=split,
        )

    return figure


@dataclass(frozen=True)
class FigureProvider:
    key: str  # the section: "carriers", "devices", "training" …
    label: Promise | str  # the section's title
    figures: Callable[[Part, Period], list[Figure]]
    order: int = 0
    # Whether the section goes into the annual report (every section goes on the dashboard).
    in_report: bool = True


FIGURE_PROVIDERS: Registry[FigureProvider] = Registry("figure provider")
