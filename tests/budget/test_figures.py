"""The budget's figures (section 保密经费, ANNUAL-REPORT: planned and spent, by category, in
yuan) and the evidence "this year's budget set up" (BUDGET), against a budget set up and
spent through the operations."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db.models import Sum
from django.urls import reverse
from django.utils import timezone, translation

from baomi.budget.models import BudgetLine, Category, Expense
from baomi.budget.operations import budget as ops
from baomi.budget.queries import evidence, figures
from baomi.seams.evidence import EVIDENCE_PROVIDERS, Finding, Scope
from baomi.seams.figures import FIGURE_PROVIDERS, Part, Period, Range
from tests.budget.conftest import LINES, spend, today
from tests.factories import World


def this_year() -> Period:
    return Period.year(today().year)


def by_key(found):
    return {figure.key: figure for figure in found}


def test_the_years_budget_planned_by_category__BUDGET(world, officer, year_budget):
    other = World.build()
    ops.set_up_budget(
        actor=other.account("security_officer", dept="office"), year=today().year, lines=LINES
    )
    found = by_key(FIGURE_PROVIDERS["budget"].figures(Part(world.organisation.pk), this_year()))
    assert list(found) == ["budget.planned", "budget.spent"]
    planned = found["budget.planned"]
    direct = BudgetLine.objects.filter(budget=year_budget).aggregate(s=Sum("planned"))["s"]
    assert planned.value == direct == Decimal("250000.00")
    with translation.override("en"):
        assert isinstance(planned.value, Decimal) and str(planned.unit) == "yuan"
    assert sum(planned.split.values()) == planned.value
    assert planned.split[str(Category.TECHNICAL.label)] == Decimal("150000")
    assert planned.split[str(Category.OTHER.label)] == Decimal("0")
    assert planned.url == f"{reverse('budget')}?year={today().year}"
    # Another year has nothing planned.
    assert figures.planned(Part(world.organisation.pk), Period.year(2001)).value == Decimal("0")


def test_spent_in_the_period_reversals_netted_by_category__BUDGET(world, officer, line_of):
    day = today()
    month = Period.of(Range.MONTH, day)
    spend(officer, line_of("training"), amount="1200.50", voucher="记-001", spent_on=day)
    wrong = spend(officer, line_of("technical"), amount="800", voucher="记-002", spent_on=day)
    ops.correct_expense(actor=officer, expense_id=wrong.pk, voucher="记-003", reason="记错科目")
    earlier = day.replace(day=1) - datetime.timedelta(days=1)
    if earlier.year == day.year:  # an expense of the year before this month
        spend(officer, line_of("publicity"), amount="300", voucher="记-004", spent_on=earlier)
    part = Part(world.organisation.pk)
    spent = figures.spent(part, month)
    direct = Expense.objects.filter(
        organisation=world.organisation, spent_on__gte=month.start, spent_on__lte=month.end
    ).aggregate(s=Sum("amount"))["s"]
    assert spent.value == direct == Decimal("1200.50")
    assert sum(spent.split.values()) == spent.value
    assert spent.split[str(Category.TECHNICAL.label)] == Decimal("0")
    assert spent.url.startswith(reverse("budget")) and f"date_from={month.start}" in spent.url
    year_total = Expense.objects.filter(organisation=world.organisation).aggregate(s=Sum("amount"))[
        "s"
    ]
    assert figures.spent(part, this_year()).value == year_total


def test_a_heads_part_has_no_budget_figures__BUDGET(world, year_budget):
    part = Part(world.organisation.pk, (world.departments["tech"].path,))
    assert figures.figures(part, this_year()) == []


def test_each_budget_figure_is_one_query(world, year_budget, django_assert_num_queries):
    with django_assert_num_queries(1):
        figures.planned(Part(world.organisation.pk), this_year())
    with django_assert_num_queries(1):
        figures.spent(Part(world.organisation.pk), this_year())


def test_a_year_without_a_budget_is_a_problem__BUDGET(world, officer):
    moment = timezone.now()
    answer = EVIDENCE_PROVIDERS["budget.planned"].provide(world.organisation.pk, Scope(), moment)
    assert answer.verdict == Finding.PROBLEM
    [fact] = answer.facts
    assert fact.url == f"{reverse('budget')}?year={today().year}"


def test_a_budget_planning_nothing_is_a_problem__BUDGET(world, officer):
    ops.set_up_budget(
        actor=officer, year=today().year, lines=[{**line, "planned": "0"} for line in LINES]
    )
    answer = evidence.planned(world.organisation.pk, Scope(), timezone.now())
    assert answer.verdict == Finding.PROBLEM


def test_this_years_budget_set_up_is_ok__BUDGET(world, officer, year_budget):
    assert evidence.planned(world.organisation.pk, Scope(), timezone.now()).verdict == Finding.OK
    # Last year's budget does not answer for next year.
    next_year = timezone.now() + datetime.timedelta(days=366)
    assert evidence.planned(world.organisation.pk, Scope(), next_year).verdict == Finding.PROBLEM
