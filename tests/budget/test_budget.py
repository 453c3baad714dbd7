"""The yearly confidentiality budget and its expenses (BUDGET): the two parts and their
categories, amounts as Decimals within bounds, voucher numbers once a year, days in the
budget's year, reversals instead of edits, spent against planned."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from baomi.access.roles import Role
from baomi.budget.models import Budget, BudgetLine, Expense
from baomi.budget.operations import budget as ops
from baomi.budget.queries import budget as queries
from baomi.core.errors import AccessDenied, InvalidInput, NotFound, RuleViolation
from tests.budget.conftest import LINES, spend, today
from tests.factories import World, audit_events


def test_a_year_is_set_up_in_its_two_parts__BUDGET(world, officer, year_budget):
    assert year_budget.year == today().year
    assert BudgetLine.objects.filter(budget=year_budget).count() == 5
    [event] = audit_events("budget.set_up")
    assert event["data"]["rules"] == ["BUDGET"]
    assert event["data"]["planned"] == {"management": "50000.00", "special": "200000.00"}


@pytest.mark.parametrize(
    ("part", "category"),
    [
        ("management", "technical"),
        ("management", "physical"),
        ("special", "training"),
        ("special", "publicity"),
        ("special", "education"),
    ],
)
def test_a_category_belongs_to_its_part__BUDGET(world, officer, part, category):
    lines = [*LINES, {"part": part, "category": category, "planned": "1"}]
    with pytest.raises(RuleViolation) as refused:
        ops.set_up_budget(actor=officer, year=today().year, lines=lines)
    assert refused.value.rule_id == "BUDGET"
    assert not Budget.objects.exists()


def test_other_fits_either_part__BUDGET(world, officer):
    lines = [
        *LINES,
        {"part": "special", "category": "other", "description": "保密柜", "planned": 0},
    ]
    budget = ops.set_up_budget(actor=officer, year=today().year, lines=lines)
    assert budget.lines.filter(category="other", part="special").exists()


def test_both_parts_are_needed__BUDGET(world, officer):
    with pytest.raises(RuleViolation):
        ops.set_up_budget(actor=officer, year=today().year, lines=LINES[:3])


def test_a_year_has_one_budget__BUDGET(world, officer, year_budget):
    with pytest.raises(RuleViolation) as refused:
        ops.set_up_budget(actor=officer, year=today().year, lines=LINES)
    assert refused.value.conflict


@pytest.mark.parametrize(
    "planned", ["-1", "10000000000", "1e11", "abc", "", None, "NaN", "Infinity", "1.005", True]
)
def test_a_bad_planned_amount_is_refused__BUDGET(world, officer, planned):
    lines = [*LINES[:4], {**LINES[4], "planned": planned}]
    with pytest.raises(InvalidInput) as refused:
        ops.set_up_budget(actor=officer, year=today().year, lines=lines)
    assert refused.value.field == "lines.4.planned"


@pytest.mark.parametrize("year", [1999, "x", None, today().year + 2])
def test_a_bad_year_is_refused__BUDGET(world, officer, year):
    with pytest.raises(InvalidInput) as refused:
        ops.set_up_budget(actor=officer, year=year, lines=LINES)
    assert refused.value.field == "year"


def test_only_the_security_office_keeps_the_budget__BUDGET(world, officer, year_budget, line_of):
    for role in (Role.LEADER, Role.CLERK, Role.STAFF, Role.AUDITOR):
        other = world.account(role)
        with pytest.raises(AccessDenied):
            ops.set_up_budget(actor=other, year=today().year - 1, lines=LINES)
        with pytest.raises(AccessDenied):
            spend(other, line_of("publicity"), voucher=f"X-{role}")


def test_the_planned_amount_changes_with_its_record__BUDGET(world, officer, line_of):
    line = line_of("training")
    changed = ops.change_planned(actor=officer, line_id=line.pk, planned=35000, reason="追加")
    assert changed.planned == Decimal("35000.00")
    [event] = audit_events("budget.planned_changed")
    assert event["data"]["old"] == "30000.00" and event["data"]["new"] == "35000.00"
    assert event["data"]["rules"] == ["BUDGET"]
    assert "追加" not in str(event)
    with pytest.raises(InvalidInput) as refused:
        ops.change_planned(actor=officer, line_id=line.pk, planned="-5", reason="x")
    assert refused.value.field == "planned"


def test_an_expense_is_recorded__BUDGET(world, officer, line_of):
    expense = spend(officer, line_of("publicity"), amount="1234.50")
    assert expense.amount == Decimal("1234.50")
    assert expense.year == today().year
    assert expense.recorded_by_id == officer.person_id
    [event] = audit_events("budget.expense_recorded")
    assert event["data"]["amount"] == "1234.50"
    assert event["data"]["rules"] == ["BUDGET"]
    assert "保密宣传册" not in str(event)


@pytest.mark.parametrize(
    "amount", ["0", "-1", "10000000000", "9999999999.999", "abc", "", None, "1e400", "-0"]
)
def test_a_bad_amount_is_refused__BUDGET(world, officer, line_of, amount):
    with pytest.raises(InvalidInput) as refused:
        spend(officer, line_of("publicity"), amount=amount)
    assert refused.value.field == "amount"
    assert not Expense.objects.exists()


def test_the_largest_amount_and_a_float_are_taken_exactly__BUDGET(world, officer, line_of):
    ops.change_planned(
        actor=officer, line_id=line_of("technical").pk, planned="9999999999.99", reason="上限"
    )
    big = spend(officer, line_of("technical"), amount="9999999999.99", voucher="A")
    assert big.amount == Decimal("9999999999.99")
    small = spend(officer, line_of("publicity"), amount=0.1, voucher="B")
    assert small.amount == Decimal("0.10")


def test_a_voucher_number_is_recorded_once_a_year__BUDGET(world, officer, line_of):
    spend(officer, line_of("publicity"), voucher="记-007")
    with pytest.raises(RuleViolation) as refused:
        spend(officer, line_of("training"), voucher="记-007")
    assert refused.value.rule_id == "BUDGET" and refused.value.conflict
    assert Expense.objects.count() == 1


def test_another_organisation_may_reuse_a_voucher_number__BUDGET(world, officer, line_of):
    spend(officer, line_of("publicity"), voucher="记-007")
    other = World.build()
    other_officer = other.account(Role.SECURITY_OFFICER, dept="office")
    budget = ops.set_up_budget(actor=other_officer, year=today().year, lines=LINES)
    spend(other_officer, budget.lines.get(category="publicity"), voucher="记-007")
    # Nor does one office know the other's lines.
    with pytest.raises(NotFound):
        spend(officer, budget.lines.get(category="training"), voucher="记-008")


def test_an_expense_outside_the_budget_year_is_refused__BUDGET(world, officer, line_of):
    year = today().year
    for day in (datetime.date(year - 1, 12, 31), today() + datetime.timedelta(days=1)):
        with pytest.raises(InvalidInput) as refused:
            spend(officer, line_of("publicity"), spent_on=day)
        assert refused.value.field == "spent_on"
    last_year = ops.set_up_budget(actor=officer, year=year - 1, lines=LINES)
    with pytest.raises(InvalidInput):
        spend(officer, last_year.lines.get(category="physical"), spent_on=today())
    spend(officer, last_year.lines.get(category="physical"), spent_on=datetime.date(year - 1, 6, 1))


def test_a_mistake_is_reversed_never_edited__BUDGET(world, officer, line_of):
    original = spend(officer, line_of("education"), amount="800", voucher="记-010")
    reversal = ops.correct_expense(
        actor=officer, expense_id=original.pk, voucher="记-010红", reason="金额有误"
    )
    assert reversal.amount == Decimal("-800.00")
    assert reversal.corrects_id == original.pk and reversal.line_id == original.line_id
    original.refresh_from_db()
    assert original.amount == Decimal("800.00")
    [event] = audit_events("budget.expense_reversed")
    assert event["data"]["expense_id"] == original.pk and event["data"]["rules"] == ["BUDGET"]
    with pytest.raises(RuleViolation) as twice:
        ops.correct_expense(actor=officer, expense_id=original.pk, voucher="记-011", reason="x")
    assert twice.value.conflict
    with pytest.raises(RuleViolation):
        ops.correct_expense(actor=officer, expense_id=reversal.pk, voucher="记-012", reason="x")
    with pytest.raises(RuleViolation):
        ops.correct_expense(actor=officer, expense_id=original.pk, voucher="记-010", reason="x")
    spent = {
        r.line.category: r.spent
        for p in queries.summary(officer, today().year).parts
        for r in p.lines
    }
    assert spent["education"] == Decimal("0.00")


def test_spent_against_planned_per_line_part_and_year__BUDGET(world, officer, line_of):
    spend(officer, line_of("publicity"), amount="2500", voucher="1")
    spend(officer, line_of("training"), amount="1000.25", voucher="2")
    spend(officer, line_of("training"), amount="500", voucher="3")
    spend(officer, line_of("technical"), amount="160000", voucher="4")
    found = queries.summary(officer, today().year)
    management, special = found.parts
    assert management.part == "management" and special.part == "special"
    by_category = {r.line.category: r for r in management.lines + special.lines}
    assert by_category["training"].spent == Decimal("1500.25")
    assert by_category["training"].remaining == Decimal("28499.75")
    assert by_category["publicity"].percent == Decimal("25.0")
    assert by_category["education"].spent == Decimal("0")
    assert by_category["technical"].over and by_category["technical"].bar == 100
    assert management.planned == Decimal("50000") and management.spent == Decimal("4000.25")
    assert special.spent == Decimal("160000")
    assert found.total.planned == Decimal("250000")
    assert found.total.spent == Decimal("164000.25")
    assert found.total.remaining == Decimal("85999.75")


def test_the_summary_is_one_query__BUDGET(world, officer, line_of, django_assert_num_queries):
    for n in range(5):
        spend(officer, line_of("publicity"), voucher=f"V{n}")
    found = queries.lines(officer, today().year)
    with django_assert_num_queries(1):
        assert len(list(found)) == 5


def test_the_expense_list_filters__BUDGET(world, officer, line_of):
    spend(officer, line_of("publicity"), voucher="甲-1", purpose="宣传栏")
    spend(officer, line_of("technical"), voucher="乙-2", purpose="保密检查工具")
    year = today().year
    assert [e.voucher for e in queries.expenses(officer, year, part="special")] == ["乙-2"]
    assert [e.voucher for e in queries.expenses(officer, year, category="publicity")] == ["甲-1"]
    assert [e.voucher for e in queries.expenses(officer, year, text="检查")] == ["乙-2"]
    assert queries.expenses(officer, year - 1).count() == 0
    assert queries.expenses(officer, year, date_from=today() + datetime.timedelta(1)).count() == 0


def test_a_line_without_description_is_named_by_its_category__BUDGET(world, officer, year_budget):
    line = ops.add_line(
        actor=officer, budget_id=year_budget.pk, part="special", category="other", planned="5"
    )
    assert line.description == "其他"


def test_no_budget_by_31_march_is_flagged__BUDGET(world, officer):
    from baomi.budget.deadlines.budget import budget_due
    from baomi.seams.deadlines import State

    organisation_id = world.organisation.pk
    april = timezone.make_aware(datetime.datetime(today().year, 4, 1, 9))
    [due] = budget_due(organisation_id, april)
    assert due.rule_id == "BUDGET" and due.state(april) == State.OVERDUE
    ops.set_up_budget(actor=officer, year=today().year, lines=LINES)
    [due] = budget_due(organisation_id, april)
    assert due.state(april) == State.DONE
