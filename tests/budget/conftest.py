"""The budget's fixtures: a security office (OVERSEE) and this year's budget in its two parts."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from baomi.access.roles import Role
from baomi.budget.models import BudgetLine
from baomi.budget.operations import budget as ops
from baomi.core.levels import Clearance

LINES = [
    {"part": "management", "category": "publicity", "description": "宣传", "planned": "10000"},
    {"part": "management", "category": "education", "description": "教育", "planned": "10000"},
    {"part": "management", "category": "training", "description": "培训", "planned": "30000"},
    {"part": "special", "category": "technical", "description": "技防", "planned": "150000"},
    {"part": "special", "category": "physical", "description": "物防", "planned": "50000"},
]


def today() -> datetime.date:
    return timezone.localdate()


@pytest.fixture
def officer(world):
    return world.account(Role.SECURITY_OFFICER, dept="office", clearance=Clearance.CORE)


@pytest.fixture
def year_budget(officer):
    return ops.set_up_budget(actor=officer, year=today().year, lines=LINES)


@pytest.fixture
def line_of(year_budget):
    def line(category: str) -> BudgetLine:
        return BudgetLine.objects.get(budget=year_budget, category=category)

    return line


def spend(officer, line, amount="100", voucher="记-001", spent_on=None, purpose="保密宣传册"):
    return ops.record_expense(
        actor=officer,
        line_id=line.pk,
        spent_on=spent_on or today(),
        amount=amount,
        purpose=purpose,
        voucher=voucher,
    )
