"""Reads of the confidentiality budget (BUDGET), through what the actor may know
(``budget.policies``: the security office, and the head of the organisation reading):

- ``summary(actor, year)``: the year's lines with planned, spent (reversals netted), remaining
  and the share spent, summed per part and in total — one aggregate query over the lines;
- ``expenses(actor, year, …)``: the year's expenses, filtered by line, part, category, days
  and text;
- the registers as ``core.exports.Table``: the 保密经费支出登记表 (日期, 科目, 用途, 金额, 凭证号,
  经办人) and the year's summary (planned against spent per line); ``export`` writes either
  as .xlsx (amounts as number cells, never formulas) or PDF and records the export."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.db.models import DecimalField, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from baomi.access.actor import Actor
from baomi.access.roles import actor_organisation_id
from baomi.audit.actions import register_action
from baomi.audit.recorder import record_event
from baomi.budget.models import Budget, BudgetLine, Category, Expense, Part
from baomi.budget.policies import BUDGETS, EXPENSES, LINES, reading_organisation
from baomi.core import exports
from baomi.core.errors import AccessDenied, InvalidInput, NotFound
from baomi.core.registers import Filters, export_name
from baomi.org.models import Organisation

EXPORTED = register_action(
    "budget.exported", gettext_lazy("Confidentiality budget register exported")
)
_MONEY = DecimalField(max_digits=14, decimal_places=2)
ZERO = Decimal("0.00")
# The most expenses one page or answer lists.
MOST_EXPENSES = 500


def this_year() -> int:
    return timezone.localdate().year


def may_read(actor: Actor | None) -> bool:
    """Whether ``actor`` reads any budget (the office, the organisation's head)."""
    return reading_organisation(actor) is not None


def budget(actor: Actor, year: int) -> Budget | None:
    """The year's budget the actor may know, or None (not set up, or not theirs)."""
    return BUDGETS.known(actor).filter(year=year).first()


def years(actor: Actor) -> list[int]:
    """The years of the budgets the actor may know, latest first."""
    return list(BUDGETS.known(actor).order_by("-year").values_list("year", flat=True))


def percent(spent: Decimal, planned: Decimal) -> Decimal | None:
    """The share of ``planned`` spent, in per cent with one decimal; None when nothing is
    planned."""
    if planned <= 0:
        return None
    return (spent * 100 / planned).quantize(Decimal("0.1"))


@dataclass
class Sums:
    """Planned, spent and what remains of a line, a part or the whole year."""

    planned: Decimal = ZERO
    spent: Decimal = ZERO

    @property
    def remaining(self) -> Decimal:
        return self.planned - self.spent

    @property
    def percent(self) -> Decimal | None:
        return percent(self.spent, self.planned)

    @property
    def bar(self) -> int:
        """The share spent for a bar, 0 to 100."""
        share = self.percent
        return 0 if share is None else int(min(max(share, Decimal(0)), Decimal(100)))

    @property
    def over(self) -> bool:
        return self.spent > self.planned


@dataclass
class LineSums(Sums):
    line: BudgetLine | None = None


@dataclass
class PartSums(Sums):
    part: str = ""
    label: str = ""
    lines: list[LineSums] = field(default_factory=list)


@dataclass
class Summary:
    year: int
    budget: Budget | None
    parts: list[PartSums]
    total: Sums


def lines(actor: Actor, year: int) -> QuerySet[BudgetLine]:
    """The year's lines the actor may know, each with ``spent``: the sum of its expenses
    (reversals netted), 0 without any — one aggregate query."""
    return (
        LINES.known(actor)
        .filter(budget__year=year)
        .annotate(
            spent=Coalesce(Sum("expenses__amount"), Value(ZERO), output_field=_MONEY),
        )
        .order_by("part", "pk")
    )


def summary(actor: Actor, year: int) -> Summary:
    """Spent against planned per line, per part (management first) and in total."""
    parts = {p: PartSums(part=p, label=str(Part(p).label)) for p in Part.values}
    total = Sums()
    for line in lines(actor, year):
        row = LineSums(planned=line.planned, spent=line.spent, line=line)
        part = parts[line.part]
        part.lines.append(row)
        part.planned += row.planned
        part.spent += row.spent
        total.planned += row.planned
        total.spent += row.spent
    return Summary(year, budget(actor, year), list(parts.values()), total)


def known_lines(actor: Actor) -> QuerySet[BudgetLine]:
    """Every line the actor may know, of any year."""
    return LINES.known(actor).select_related("budget")


def line(actor: Actor, line_id: int) -> BudgetLine:
    found = LINES.known(actor).filter(pk=line_id).select_related("budget").first()
    if found is None:
        raise NotFound(_("No such budget line."))
    return found


def expenses(
    actor: Actor,
    year: int,
    *,
    line_id: int | None = None,
    part: str = "",
    category: str = "",
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
    text: str = "",
) -> QuerySet[Expense]:
    """The year's expenses the actor may know, latest first, narrowed by the filters given
    (``text`` in the purpose, voucher number or payee)."""
    found = EXPENSES.known(actor).filter(year=year)
    if line_id is not None:
        found = found.filter(line_id=line_id)
    if part:
        found = found.filter(line__part=part)
    if category:
        found = found.filter(line__category=category)
    if date_from is not None:
        found = found.filter(spent_on__gte=date_from)
    if date_to is not None:
        found = found.filter(spent_on__lte=date_to)
    if text:
        found = found.filter(
            Q(purpose__icontains=text) | Q(voucher__icontains=text) | Q(payee__icontains=text)
        )
    return found.select_related("line", "recorded_by", "corrects").order_by("-spent_on", "-pk")


def expense(actor: Actor, expense_id: int) -> Expense:
    found = (
        EXPENSES.known(actor)
        .filter(pk=expense_id)
        .select_related("line", "recorded_by", "corrects")
        .first()
    )
    if found is None:
        raise NotFound(_("No such expense."))
    return found


def heading(line: BudgetLine) -> str:
    """A line as a register's 科目: its part, its category and, when it says more, its
    description."""
    name = f"{Part(line.part).label}·{Category(line.category).label}"
    if line.description and line.description != str(Category(line.category).label):
        name = f"{name}（{line.description}）"
    return name


# --- the registers ---------------------------------------------------------------------------

REGISTER = "register"
SUMMARY = "summary"
REGISTERS = (REGISTER, SUMMARY)
REGISTER_COLUMNS = (
    ("spent_on", gettext_lazy("Date")),
    ("line", gettext_lazy("Budget heading")),
    ("purpose", gettext_lazy("Purpose")),
    ("amount", gettext_lazy("Amount (yuan)")),
    ("voucher", gettext_lazy("Voucher number")),
    ("recorded_by", gettext_lazy("Handled by")),
)
SUMMARY_COLUMNS = (
    ("part", gettext_lazy("Part")),
    ("line", gettext_lazy("Budget heading")),
    ("planned", gettext_lazy("Planned (yuan)")),
    ("spent", gettext_lazy("Spent (yuan)")),
    ("remaining", gettext_lazy("Remaining (yuan)")),
    ("percent", gettext_lazy("Spent (%)")),
)
# The columns written as numbers in the .xlsx (0-based) with their number formats, per register.
MONEY_FORMAT, SHARE_FORMAT = "#,##0.00", "0.0"
NUMBER_COLUMNS = {
    REGISTER: {3: MONEY_FORMAT},
    SUMMARY: {2: MONEY_FORMAT, 3: MONEY_FORMAT, 4: MONEY_FORMAT, 5: SHARE_FORMAT},
}


def _organisation_name(actor: Actor) -> str:
    organisation_id = reading_organisation(actor)
    found = Organisation.objects.filter(pk=organisation_id).values_list("name", flat=True)
    return found.first() or ""


def register_table(actor: Actor, year: int) -> exports.Table:
    """The 保密经费支出登记表 of ``year``: one row per expense (reversals as negative
    amounts), in the order of their days, the total last."""
    rows = []
    total = ZERO
    for e in expenses(actor, year).order_by("spent_on", "pk")[: MOST_EXPENSES * 20]:
        purpose = e.purpose
        if e.corrects_id is not None:
            purpose = _("%(purpose)s (reverses voucher %(voucher)s)") % {
                "purpose": purpose,
                "voucher": e.corrects.voucher,
            }
        rows.append(
            [
                f"{e.spent_on:%Y-%m-%d}",
                heading(e.line),
                purpose,
                str(e.amount),
                e.voucher,
                e.recorded_by.name if e.recorded_by else "",
            ]
        )
        total += e.amount
    rows.append(["", str(_("Total")), "", str(total), "", ""])
    return exports.Table(
        title=_("Confidentiality expense register"),
        organisation=_organisation_name(actor),
        period=str(year),
        columns=[(key, str(header)) for key, header in REGISTER_COLUMNS],
        rows=rows,
        numbers=NUMBER_COLUMNS[REGISTER],
    )


def _share(value: Decimal | None) -> str:
    return "" if value is None else str(value)


def summary_table(actor: Actor, year: int) -> exports.Table:
    """The year's budget against its expenses: each line, each part's subtotal, the total."""
    found = summary(actor, year)
    rows = []
    for part in found.parts:
        for row in part.lines:
            assert row.line is not None
            rows.append(
                [
                    part.label,
                    heading(row.line),
                    str(row.planned),
                    str(row.spent),
                    str(row.remaining),
                    _share(row.percent),
                ]
            )
        rows.append(
            [
                part.label,
                str(_("Subtotal")),
                str(part.planned),
                str(part.spent),
                str(part.remaining),
                _share(part.percent),
            ]
        )
    t = found.total
    rows.append(
        [
            str(_("Total")),
            "",
            str(t.planned),
            str(t.spent),
            str(t.remaining),
            _share(t.percent),
        ]
    )
    return exports.Table(
        title=_("Confidentiality budget summary"),
        organisation=_organisation_name(actor),
        period=str(year),
        columns=[(key, str(header)) for key, header in SUMMARY_COLUMNS],
        rows=rows,
        numbers=NUMBER_COLUMNS[SUMMARY],
    )


def export(actor: Actor, year: int, which: str, file_format: str) -> exports.Export:
    """The register ``which`` (``register``: the expenses; ``summary``: planned against spent)
    of ``year`` as .xlsx (amounts as numbers) or PDF; the export is recorded in the audit
    log."""
    exports.require_format(file_format)
    if which not in REGISTERS:
        raise InvalidInput(_("Export the register or the summary."), field="register")
    if not may_read(actor):
        raise AccessDenied(_("Your role does not permit this operation."))
    table = register_table(actor, year) if which == REGISTER else summary_table(actor, year)
    content = exports.export(table, file_format)
    days = Filters(date_from=datetime.date(year, 1, 1), date_to=datetime.date(year, 12, 31))
    exported = exports.Export(
        content,
        exports.CONTENT_TYPES[file_format],
        export_name(str(table.title), file_format, days),
    )
    with transaction.atomic():
        record_event(
            actor=actor,
            action=EXPORTED,
            organisation_id=actor_organisation_id(actor),
            data={
                "rules": ["BUDGET"],
                "register": which,
                "year": year,
                "format": file_format,
                "lines": len(table.rows),
            },
        )
    return exported
