"""The budget's figures for the dashboard and the annual report (``seams.figures``): the
section 保密经费 — the year's confidentiality budget planned and what was spent against it
(BUDGET), in yuan, split by category.

The budget is the organisation's, kept by the security office: a head's part has no budget
figures. Each figure is one SUM in the database (``Decimal``, two places; 0.00 when there is
nothing) and links to the year's budget page."""

from __future__ import annotations

from decimal import Decimal
from urllib.parse import urlencode

from django.db.models import DecimalField, Model, Q, Sum, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext_lazy, pgettext_lazy

from baomi.budget.models import BudgetLine, Category, Expense
from baomi.seams.figures import Figure, FigureProvider, Part, Period, source_of

_MONEY = DecimalField(max_digits=14, decimal_places=2)
ZERO = Decimal("0.00")
YUAN = pgettext_lazy("unit", "yuan")


def _sum(field: str, condition: Q | None = None) -> Coalesce:
    return Coalesce(Sum(field, filter=condition), Value(ZERO), output_field=_MONEY)


def _by_category(model: type[Model], field: str, category: str, rows: Q) -> dict[str, Decimal]:
    """The sum of ``field`` over ``rows`` ("total") and per category (``category`` the path
    to it): one query of conditional sums."""
    return model._default_manager.filter(rows).aggregate(
        total=_sum(field),
        **{value: _sum(field, Q(**{category: value})) for value in Category.values},
    )


def _url(**params: object) -> str:
    return f"{reverse('budget')}?{urlencode(params)}"


def planned(part: Part, period: Period) -> Figure:
    """The confidentiality budget planned for the period's year: the sum of the planned
    amounts of every line of the organisation's budget of that year (0 when none is set up),
    split by category."""
    year = period.start.year
    sums = _by_category(
        BudgetLine,
        "planned",
        "category",
        Q(organisation_id=part.organisation_id, budget__year=year),
    )
    return Figure(
        "budget.planned",
        gettext_lazy("Confidentiality budget planned"),
        sums["total"],
        source_of(planned),
        _url(year=year),
        unit=YUAN,
        split={str(label): sums[value] for value, label in Category.choices},
    )


def spent(part: Part, period: Period) -> Figure:
    """Spent against the period's year's budget inside the period: the sum of the amounts of
    the expenses of that year with their day (``spent_on``) inside the period, reversals
    (negative) netted, split by the category of their line. Over a year (the annual report)
    every expense of the year's budget."""
    year = period.start.year
    sums = _by_category(
        Expense,
        "amount",
        "line__category",
        Q(organisation_id=part.organisation_id, year=year) & period.days("spent_on"),
    )
    return Figure(
        "budget.spent",
        gettext_lazy("Confidentiality budget spent"),
        sums["total"],
        source_of(spent),
        _url(year=year, date_from=period.start.isoformat(), date_to=period.end.isoformat()),
        unit=YUAN,
        split={str(label): sums[value] for value, label in Category.choices},
    )


def figures(part: Part, period: Period) -> list[Figure]:
    """The section 保密经费, the whole organisation's only: ``planned``, ``spent``."""
    if not part.whole:
        return []
    return [planned(part, period), spent(part, period)]


PROVIDER = FigureProvider("budget", gettext_lazy("Confidentiality budget"), figures, order=90)
