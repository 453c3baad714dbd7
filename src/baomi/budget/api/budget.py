"""JSON routes of the confidentiality budget (BUDGET). The security office (OVERSEE) sets up a
year's budget in its two parts, adds lines, changes a planned amount, records expenses and
reverses them; it and the head of the organisation read a year's spent against planned and its
expenses. Amounts come as numbers or strings (``"1234.50"``), two decimals at the most, up to
9999999999.99, and go out as strings, never floats. A refusal by BUDGET answers 403 naming it
(409 for a voucher number recorded already in the year, a year set up already, an expense
reversed already); a line or expense of another organisation answers 404 like a missing one;
bad input answers 422 naming the field."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any, Literal

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from baomi.budget.models import MAX_AMOUNT, Budget, BudgetLine, Expense
from baomi.budget.operations import budget as ops
from baomi.budget.queries import budget as queries
from baomi.core.errors import NotFound
from baomi.core.inputs import Id, Line, Offset, Year, decimal_number, text
from baomi.kit.pages import attachment

router = Router(tags=["budget"])

# An amount: a number or its text, 2 decimals at the most, up to MAX_AMOUNT; the operation
# checks it again.
Planned = decimal_number(Decimal(0), MAX_AMOUNT, 2)
Amount = decimal_number(Decimal(0), MAX_AMOUNT, 2, above=True)
PartName = Literal["management", "special"]
CategoryName = Literal["publicity", "education", "training", "technical", "physical", "other"]
MOST_EXPENSES = queries.MOST_EXPENSES


class BudgetLineIn(Schema):
    """A line: its ``category`` belongs to its ``part`` (publicity, education, training to
    management; technical, physical to special; other to either)."""

    part: PartName
    category: CategoryName
    description: Line = text(BudgetLine, "description", "")
    planned: Planned


class BudgetIn(Schema):
    year: int = Field(ge=2000, le=9998)
    lines: list[BudgetLineIn] = Field(..., min_length=1, max_length=ops.MAX_LINES)


class PlannedIn(Schema):
    planned: Planned
    reason: Line = Field(..., min_length=1, max_length=ops.REASON_LENGTH)


class ExpenseIn(Schema):
    line_id: Id
    spent_on: date
    amount: Amount
    purpose: Line = text(Expense, "purpose", min_length=1)
    voucher: Line = text(Expense, "voucher", min_length=1)
    payee: Line = text(Expense, "payee", "")


class ReversalIn(Schema):
    voucher: Line = text(Expense, "voucher", min_length=1)
    reason: Line = text(Expense, "purpose", min_length=1)


class BudgetLineOut(Schema):
    id: int
    part: str
    category: str
    description: str
    planned: Decimal
    spent: Decimal
    remaining: Decimal
    percent: Decimal | None


class BudgetPartOut(Schema):
    part: str
    planned: Decimal
    spent: Decimal
    remaining: Decimal
    percent: Decimal | None
    lines: list[BudgetLineOut]


class BudgetTotalOut(Schema):
    planned: Decimal
    spent: Decimal
    remaining: Decimal
    percent: Decimal | None


class BudgetOut(Schema):
    id: int
    year: int
    parts: list[BudgetPartOut]
    total: BudgetTotalOut


class ExpenseOut(Schema):
    id: int
    line_id: int
    part: str
    category: str
    year: int
    spent_on: date
    amount: Decimal
    purpose: str
    voucher: str
    payee: str
    reverses_id: int | None
    recorded_by: str
    recorded_at: datetime


class ExpenseQuery(Schema):
    line_id: Id | None = None
    part: PartName | None = None
    category: CategoryName | None = None
    date_from: date | None = None
    date_to: date | None = None
    text: Line = Field("", max_length=100)
    offset: Offset = 0
    limit: int = Field(MOST_EXPENSES, ge=1, le=MOST_EXPENSES)


class BudgetRegisterQuery(Schema):
    kind: Literal["register", "summary"] = "register"
    format: Literal["xlsx", "pdf"] = "xlsx"


def _sums(sums: Any) -> dict[str, Any]:
    return {
        "planned": sums.planned,
        "spent": sums.spent,
        "remaining": sums.remaining,
        "percent": sums.percent,
    }


def _budget_out(actor: Any, year: int) -> dict[str, Any]:
    found = queries.summary(actor, year)
    if found.budget is None:
        raise NotFound(_("No budget of that year."))
    return {
        "id": found.budget.pk,
        "year": year,
        "parts": [
            {
                "part": part.part,
                **_sums(part),
                "lines": [
                    {
                        "id": row.line.pk,
                        "part": row.line.part,
                        "category": row.line.category,
                        "description": row.line.description,
                        **_sums(row),
                    }
                    for row in part.lines
                ],
            }
            for part in found.parts
        ],
        "total": _sums(found.total),
    }


def _expense_out(e: Expense) -> dict[str, Any]:
    return {
        "id": e.pk,
        "line_id": e.line_id,
        "part": e.line.part,
        "category": e.line.category,
        "year": e.year,
        "spent_on": e.spent_on,
        "amount": e.amount,
        "purpose": e.purpose,
        "voucher": e.voucher,
        "payee": e.payee,
        "reverses_id": e.corrects_id,
        "recorded_by": e.recorded_by.name if e.recorded_by else "",
        "recorded_at": e.recorded_at,
    }


@router.get("/budgets", response=list[int])
def budget_years(request: HttpRequest) -> Any:
    """The years of the budgets the caller may read (the security office, the organisation's
    head), latest first."""
    return queries.years(request.auth)


@router.post("/budgets", response={201: BudgetOut})
def set_up_budget(request: HttpRequest, payload: BudgetIn) -> Any:
    """Set up a year's budget with its lines, in both parts (BUDGET; the security office);
    409 when the year has one."""
    actor = request.auth
    lines = [line.dict() for line in payload.lines]
    budget = ops.set_up_budget(actor=actor, year=payload.year, lines=lines)
    return Status(201, _budget_out(actor, budget.year))


@router.get("/budgets/{year}", response=BudgetOut)
def budget_of_year(request: HttpRequest, year: Year) -> Any:
    """A year's planned against spent per line, per part and in total (404 when none)."""
    return _budget_out(request.auth, year)


@router.post("/budgets/{year}/lines", response={201: BudgetLineOut})
def add_line(request: HttpRequest, year: Year, payload: BudgetLineIn) -> Any:
    """One more line of a year's budget (BUDGET; the security office)."""
    actor = request.auth
    found = queries.budget(actor, year)
    budget_id = found.pk if isinstance(found, Budget) else 0
    line = ops.add_line(actor=actor, budget_id=budget_id, **payload.dict())
    return Status(201, _line_out(actor, line.pk))


def _line_out(actor: Any, line_id: int) -> dict[str, Any]:
    line = queries.line(actor, line_id)
    spent = sum((e.amount for e in line.expenses.all()), Decimal("0.00"))
    return {
        "id": line.pk,
        "part": line.part,
        "category": line.category,
        "description": line.description,
        "planned": line.planned,
        "spent": spent,
        "remaining": line.planned - spent,
        "percent": queries.percent(spent, line.planned),
    }


@router.post("/budget-lines/{line_id}/planned", response=BudgetLineOut)
def change_planned(request: HttpRequest, line_id: Id, payload: PlannedIn) -> Any:
    """Change a line's planned amount, with the reason (BUDGET; the security office)."""
    actor = request.auth
    ops.change_planned(actor=actor, line_id=line_id, planned=payload.planned, reason=payload.reason)
    return _line_out(actor, line_id)


@router.get("/budgets/{year}/expenses", response=list[ExpenseOut])
def expenses(request: HttpRequest, year: Year, query: Query[ExpenseQuery]) -> Any:
    """A year's expenses (reversals negative), latest first, filtered; ``limit`` (at most
    500) from ``offset``."""
    found = queries.expenses(
        request.auth,
        year,
        line_id=query.line_id,
        part=query.part or "",
        category=query.category or "",
        date_from=query.date_from,
        date_to=query.date_to,
        text=query.text,
    )
    return [_expense_out(e) for e in found[query.offset : query.offset + query.limit]]


@router.get("/budgets/{year}/register")
def budget_register(request: HttpRequest, year: Year, query: Query[BudgetRegisterQuery]) -> Any:
    """The year's 保密经费支出登记表 (``kind=register``) or its summary of planned against
    spent (``kind=summary``) as .xlsx (amounts as numbers) or PDF; the export is recorded."""
    exported = queries.export(request.auth, year, query.kind, query.format)
    return attachment(exported.content, exported.filename, exported.content_type)


@router.post("/budget-expenses", response={201: ExpenseOut})
def record_expense(request: HttpRequest, payload: ExpenseIn) -> Any:
    """Record an expense against a line (BUDGET; the security office): a day of the budget's
    year that has come; 409 when its voucher number is recorded already that year."""
    actor = request.auth
    expense = ops.record_expense(actor=actor, **payload.dict())
    return Status(201, _expense_out(queries.expense(actor, expense.pk)))


@router.post("/budget-expenses/{expense_id}/reversal", response={201: ExpenseOut})
def reverse_expense(request: HttpRequest, expense_id: Id, payload: ReversalIn) -> Any:
    """Reverse an expense: a negative expense naming it, with its own voucher number (BUDGET;
    the security office); 409 when reversed already or a reversal itself."""
    actor = request.auth
    reversal = ops.correct_expense(
        actor=actor, expense_id=expense_id, voucher=payload.voucher, reason=payload.reason
    )
    return Status(201, _expense_out(queries.expense(actor, reversal.pk)))
