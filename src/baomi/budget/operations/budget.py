"""The yearly confidentiality budget and its expenses (BUDGET, P13 五); the security office's
(OVERSEE).

- ``set_up_budget``: a year's budget with its lines, in the two parts — the management budget
  (publicity, education, training) and the special budget (technical and physical protection);
  a line's category belongs to its part ("other" to either), and both parts have a line.
- ``add_line``: one more line of a year's budget.
- ``change_planned``: a line's planned amount changed, the old and new amounts and the reason in
  the audit log.
- ``record_expense``: an expense against a line: a day of the budget's year that has come, an
  amount above 0, its purpose and its voucher number (凭证号), unique in the organisation's
  year (a repeat is refused, 409).
- ``correct_expense``: a mistaken expense is reversed, never edited: a negative expense of the
  same line and amount naming the original (红字冲销), with its own voucher number; an
  expense is reversed once, a reversal never.

Money is a ``Decimal`` with two places at the most, never a float (``amount_of``). Every
change is an audit event citing BUDGET; the bodies hold ids, amounts, days and voucher
numbers, never a purpose or a reason's text."""

from __future__ import annotations

import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from baomi.access.actor import Actor
from baomi.access.roles import actor_organisation_id, require
from baomi.audit.actions import register_action
from baomi.audit.operation import operation
from baomi.audit.recorder import record_event
from baomi.budget.models import MAX_AMOUNT, PART_OF, Budget, BudgetLine, Category, Expense, Part
from baomi.budget.policies import OFFICE
from baomi.core.errors import InvalidInput, NotFound
from baomi.core.text import bounded_text, house_text
from baomi.rulebook import book

RULE = "BUDGET"

BUDGET_SET_UP = register_action("budget.set_up", gettext_lazy("Confidentiality budget set up"))
LINE_ADDED = register_action("budget.line_added", gettext_lazy("Budget line added"))
PLANNED_CHANGED = register_action(
    "budget.planned_changed", gettext_lazy("Budget line's planned amount changed")
)
EXPENSE_RECORDED = register_action(
    "budget.expense_recorded", gettext_lazy("Confidentiality expense recorded")
)
EXPENSE_REVERSED = register_action(
    "budget.expense_reversed", gettext_lazy("Confidentiality expense reversed")
)

EARLIEST_YEAR = 2000
MAX_LINES = 50
REASON_LENGTH = 200


def amount_of(value: Any, field: str, *, zero: bool = False) -> Decimal:
    """An amount of money: a number (or its text) with two decimals at the most, above 0 (at
    least 0 when ``zero``), at most MAX_AMOUNT; InvalidInput naming ``field`` otherwise. A
    float is read by its shortest text (0.1 is 0.10)."""
    if isinstance(value, bool):
        value = None
    try:
        amount = Decimal(str(value).strip().replace(",", "")) if value is not None else None
    except (InvalidOperation, ValueError):
        amount = None
    if amount is None or not amount.is_finite():
        raise InvalidInput(_("Give the amount as a number, in yuan."), field=field)
    low = Decimal(0)
    if (amount < low if zero else amount <= low) or amount > MAX_AMOUNT:
        message = (
            _("The amount must be at least 0 and at most %(most)s.")
            if zero
            else _("The amount must be more than 0 and at most %(most)s.")
        )
        raise InvalidInput(message % {"most": f"{MAX_AMOUNT:,}"}, field=field)
    if amount != amount.quantize(Decimal("0.01")):
        raise InvalidInput(_("Give the amount with two decimals at the most."), field=field)
    return amount.quantize(Decimal("0.01"))


def year_of(value: Any, field: str = "year") -> int:
    """A budget's year: from 2000 to next year; InvalidInput naming ``field`` otherwise."""
    if isinstance(value, bool):
        value = None
    try:
        year = int(value)
    except (TypeError, ValueError):
        year = 0
    if not EARLIEST_YEAR <= year <= timezone.localdate().year + 1:
        raise InvalidInput(_("Give a year from 2000 to next year."), field=field)
    return year


def _choice(value: Any, choices: type, field: str) -> str:
    if not isinstance(value, str) or value not in choices.values:
        raise InvalidInput(
            _("Choose one of: %(choices)s.") % {"choices": ", ".join(choices.values)}, field=field
        )
    return value


def _office(actor: Actor) -> int | None:
    require(actor, OFFICE)
    return actor_organisation_id(actor)


def _line_values(organisation_id: int | None, line: Any, field: str) -> dict[str, Any]:
    """One line as given (a dict), checked: its part, its category belonging to the part
    (BUDGET), its description and its planned amount."""
    if not isinstance(line, dict):
        raise InvalidInput(_("A line is malformed."), field=field)
    part = _choice(line.get("part"), Part, f"{field}.part")
    category = _choice(line.get("category"), Category, f"{field}.category")
    belongs = PART_OF[category]
    book.require(
        organisation_id,
        RULE,
        belongs is None or belongs == part,
        _("%(category)s belongs to the %(part)s.")
        % {"category": Category(category).label, "part": Part(belongs or part).label},
    )
    description = bounded_text(
        line.get("description") or house_text(Category(category).label),
        f"{field}.description",
        BudgetLine._meta.get_field("description").max_length,
        required=True,
    )
    planned = amount_of(line.get("planned"), f"{field}.planned", zero=True)
    return {"part": part, "category": category, "description": description, "planned": planned}


def _budget(organisation_id: int | None, budget_id: Any, *, lock: bool = False) -> Budget:
    found = Budget.objects.filter(organisation_id=organisation_id, pk=budget_id)
    if lock:
        found = found.select_for_update()
    budget = found.first()
    if budget is None:
        raise NotFound(_("No such budget."))
    return budget


def _line(organisation_id: int | None, line_id: Any, *, lock: bool = False) -> BudgetLine:
    found = BudgetLine.objects.filter(organisation_id=organisation_id, pk=line_id)
    if lock:
        found = found.select_for_update()
    line = found.select_related("budget").first()
    if line is None:
        raise NotFound(_("No such budget line."))
    return line


def _event(actor: Actor, action: str, subject: Any, data: dict[str, Any]) -> None:
    record_event(
        actor=actor, action=action, subject=subject, data={"rule": RULE, "rules": [RULE], **data}
    )


@operation
def set_up_budget(*, actor: Actor, year: Any, lines: Any) -> Budget:
    """Set up ``year``'s budget (BUDGET; the security office) with its ``lines`` — each a dict
    of ``part``, ``category``, ``description`` and ``planned`` — in both parts; a year has one
    budget (a second is refused, 409)."""
    organisation_id = _office(actor)
    year = year_of(year)
    if not isinstance(lines, list) or not 1 <= len(lines) <= MAX_LINES:
        raise InvalidInput(_("Give 1 to %(most)d lines.") % {"most": MAX_LINES}, field="lines")
    values = [_line_values(organisation_id, line, f"lines.{i}") for i, line in enumerate(lines)]
    parts = {v["part"] for v in values}
    book.require(
        organisation_id,
        RULE,
        parts == {Part.MANAGEMENT, Part.SPECIAL},
        _(
            "The budget has two parts: give at least one line of the management budget and one "
            "of the special budget."
        ),
    )
    book.require(
        organisation_id,
        RULE,
        not Budget.objects.filter(organisation_id=organisation_id, year=year).exists(),
        _("The budget of %(year)d is set up already.") % {"year": year},
        conflict=True,
    )
    try:
        with transaction.atomic():
            budget = Budget.objects.create(
                organisation_id=organisation_id,
                year=year,
                recorded_by_id=getattr(actor, "person_id", None),
            )
    except IntegrityError:
        book.require(
            organisation_id,
            RULE,
            False,
            _("The budget of %(year)d is set up already.") % {"year": year},
            conflict=True,
        )
        raise
    BudgetLine.objects.bulk_create(
        BudgetLine(organisation_id=organisation_id, budget=budget, **v) for v in values
    )
    _event(
        actor,
        BUDGET_SET_UP,
        budget,
        {
            "year": year,
            "lines": len(values),
            "planned": {
                part: str(sum((v["planned"] for v in values if v["part"] == part), Decimal(0)))
                for part in Part.values
            },
        },
    )
    return budget


@operation
def add_line(
    *,
    actor: Actor,
    budget_id: Any,
    part: Any,
    category: Any,
    description: Any = "",
    planned: Any,
) -> BudgetLine:
    """One more line of a budget (BUDGET; the security office), its category in its part."""
    organisation_id = _office(actor)
    budget = _budget(organisation_id, budget_id, lock=True)
    values = _line_values(
        organisation_id,
        {"part": part, "category": category, "description": description, "planned": planned},
        "line",
    )
    book.require(
        organisation_id,
        RULE,
        budget.lines.count() < MAX_LINES,
        _("A budget has at most %(most)d lines.") % {"most": MAX_LINES},
    )
    line = BudgetLine.objects.create(organisation_id=organisation_id, budget=budget, **values)
    _event(
        actor,
        LINE_ADDED,
        line,
        {
            "budget_id": budget.pk,
            "year": budget.year,
            "part": line.part,
            "category": line.category,
            "planned": str(line.planned),
        },
    )
    return line


@operation
def change_planned(*, actor: Actor, line_id: Any, planned: Any, reason: Any) -> BudgetLine:
    """Change a line's planned amount (BUDGET; the security office), with the reason; the old
    and new amounts are recorded in the audit log."""
    organisation_id = _office(actor)
    planned = amount_of(planned, "planned", zero=True)
    bounded_text(reason, "reason", REASON_LENGTH, required=True)
    line = _line(organisation_id, line_id, lock=True)
    old = line.planned
    book.require(
        organisation_id,
        RULE,
        old != planned,
        _("The line plans %(amount)s already.") % {"amount": old},
        conflict=True,
    )
    line.planned = planned
    line.save(update_fields=["planned", "changed_at"])
    _event(
        actor,
        PLANNED_CHANGED,
        line,
        {
            "budget_id": line.budget_id,
            "year": line.budget.year,
            "old": str(old),
            "new": str(planned),
        },
    )
    return line


def _voucher_free(organisation_id: int | None, year: int, voucher: str) -> None:
    book.require(
        organisation_id,
        RULE,
        not Expense.objects.filter(
            organisation_id=organisation_id, year=year, voucher=voucher
        ).exists(),
        _("Voucher number %(voucher)s is recorded already in %(year)d.")
        % {"voucher": voucher, "year": year},
        conflict=True,
    )


def _create(organisation_id: int | None, year: int, voucher: str, **values: Any) -> Expense:
    """The expense saved; a voucher number taken meanwhile is the same 409."""
    try:
        with transaction.atomic():
            return Expense.objects.create(
                organisation_id=organisation_id, year=year, voucher=voucher, **values
            )
    except IntegrityError:
        _voucher_free(organisation_id, year, voucher)
        raise


def _voucher(value: Any) -> str:
    return bounded_text(
        value, "voucher", Expense._meta.get_field("voucher").max_length, required=True
    )


@operation
def record_expense(
    *,
    actor: Actor,
    line_id: Any,
    spent_on: Any,
    amount: Any,
    purpose: Any,
    voucher: Any,
    payee: Any = "",
) -> Expense:
    """Record an expense against a line (BUDGET; the security office): a day of the budget's
    year that has come, an amount above 0, the purpose and the voucher number — unique in the
    organisation's year (a repeat is refused, 409) — and optionally the payee."""
    organisation_id = _office(actor)
    amount = amount_of(amount, "amount")
    purpose = bounded_text(
        purpose, "purpose", Expense._meta.get_field("purpose").max_length, required=True
    )
    voucher = _voucher(voucher)
    payee = bounded_text(payee, "payee", Expense._meta.get_field("payee").max_length)
    if not isinstance(spent_on, datetime.date) or isinstance(spent_on, datetime.datetime):
        raise InvalidInput(_("Give the day of the expense."), field="spent_on")
    if spent_on > timezone.localdate():
        raise InvalidInput(
            _("An expense is recorded once made: its day cannot be to come."), field="spent_on"
        )
    line = _line(organisation_id, line_id)
    # The budget locked: its expenses' voucher numbers are checked and written one at a time.
    budget = _budget(organisation_id, line.budget_id, lock=True)
    if spent_on.year != budget.year:
        raise InvalidInput(
            _("The day must fall in the budget's year, %(year)d.") % {"year": budget.year},
            field="spent_on",
        )
    _voucher_free(organisation_id, budget.year, voucher)
    expense = _create(
        organisation_id,
        budget.year,
        voucher,
        line=line,
        spent_on=spent_on,
        amount=amount,
        purpose=purpose,
        payee=payee,
        recorded_by_id=getattr(actor, "person_id", None),
    )
    _event(
        actor,
        EXPENSE_RECORDED,
        expense,
        {
            "line_id": line.pk,
            "year": budget.year,
            "spent_on": spent_on.isoformat(),
            "amount": str(amount),
            "voucher": voucher,
        },
    )
    return expense


@operation
def correct_expense(*, actor: Actor, expense_id: Any, voucher: Any, reason: Any) -> Expense:
    """Reverse a mistaken expense (BUDGET; the security office): a negative expense of the
    same line and amount naming the original, dated today (or the last day of the budget's
    year when that is past), with its own voucher number and the reason as its purpose. The
    original stays; an expense is reversed once (409), a reversal never."""
    organisation_id = _office(actor)
    voucher = _voucher(voucher)
    reason = bounded_text(
        reason, "reason", Expense._meta.get_field("purpose").max_length, required=True
    )
    found = Expense.objects.filter(organisation_id=organisation_id, pk=expense_id).first()
    if found is None:
        raise NotFound(_("No such expense."))
    budget = _budget(organisation_id, found.line.budget_id, lock=True)
    original = Expense.objects.select_for_update().get(pk=found.pk)
    book.require(
        organisation_id,
        RULE,
        original.corrects_id is None,
        _("A reversal is not reversed: record the expense again instead."),
        conflict=True,
    )
    book.require(
        organisation_id,
        RULE,
        not Expense.objects.filter(corrects_id=original.pk).exists(),
        _("Voucher %(voucher)s is reversed already.") % {"voucher": original.voucher},
        conflict=True,
    )
    _voucher_free(organisation_id, budget.year, voucher)
    today = timezone.localdate()
    day = today if today.year == budget.year else datetime.date(budget.year, 12, 31)
    day = max(day, original.spent_on)
    reversal = _create(
        organisation_id,
        budget.year,
        voucher,
        line_id=original.line_id,
        spent_on=day,
        amount=-original.amount,
        purpose=reason,
        payee=original.payee,
        corrects=original,
        recorded_by_id=getattr(actor, "person_id", None),
    )
    _event(
        actor,
        EXPENSE_REVERSED,
        reversal,
        {
            "expense_id": original.pk,
            "line_id": original.line_id,
            "year": budget.year,
            "amount": str(reversal.amount),
            "voucher": voucher,
            "reverses": original.voucher,
        },
    )
    return reversal
