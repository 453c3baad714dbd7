"""The confidentiality budget's pages (BUDGET; the security office, OVERSEE): a year's lines
grouped by part with planned, spent, remaining and the share spent (a <meter>, no inline
style), the forms that set up the year, add a line, change a planned amount, record an expense
and reverse one, the year's expenses filtered, and the exports of the 保密经费支出登记表 and
of the year's summary."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from baomi.access.roles import Permission, has_permission
from baomi.budget.operations import budget as ops
from baomi.budget.queries import budget as queries
from baomi.budget.web.forms import (
    ExpenseFilterForm,
    ExpenseForm,
    LineForm,
    PlannedForm,
    ReverseForm,
    SetUpForm,
)
from baomi.core.exports import EXPORTERS
from baomi.core.inputs import asked_year
from baomi.kit.pages import attachment, cleaned, done, page

NAV = "budget"


def year_url(year: int) -> str:
    return f"{reverse('budget')}?{urlencode({'year': year})}"


def _line_choices(actor: Any, year: int) -> list[tuple[int, str]]:
    return [(line.pk, queries.heading(line)) for line in queries.lines(actor, year)]


@page(NAV)
def budget(request: HttpRequest) -> HttpResponse:
    """A year's budget (this year): its parts and lines, its expenses (filtered) and forms;
    ``?register=register|summary&format=xlsx|pdf`` exports."""
    actor = request.user
    filters = ExpenseFilterForm(request.GET or None)
    data = cleaned(filters) if filters.is_bound else {}
    year = asked_year(data.get("year"))
    if "format" in request.GET:
        exported = queries.export(
            actor, year, request.GET.get("register", queries.REGISTER), request.GET["format"]
        )
        return attachment(exported.content, exported.filename, exported.content_type)
    found = queries.summary(actor, year)
    expenses = queries.expenses(
        actor,
        year,
        part=data.get("part") or "",
        category=data.get("category") or "",
        date_from=data.get("date_from"),
        date_to=data.get("date_to"),
        text=data.get("text") or "",
    )
    lines = _line_choices(actor, year)
    return render(
        request,
        "budget/budget/year.html",
        {
            "year": year,
            "summary": found,
            "years": queries.years(actor),
            "filters": filters if filters.is_bound else ExpenseFilterForm(initial={"year": year}),
            "expenses": expenses[: queries.MOST_EXPENSES],
            "more": expenses.count() > queries.MOST_EXPENSES,
            "set_up_form": SetUpForm(initial={"year": year}),
            "line_form": LineForm(),
            "planned_form": PlannedForm(),
            "expense_form": ExpenseForm(lines=lines) if lines else None,
            "reverse_form": ReverseForm(),
            "keeps": has_permission(actor, Permission.OVERSEE),
            "exports": [
                (
                    register,
                    [
                        (f, f"?{urlencode({'year': year, 'register': register, 'format': f})}")
                        for f in EXPORTERS
                    ],
                )
                for register in queries.REGISTERS
            ],
        },
    )


@require_POST
@page(NAV)
def budget_set_up(request: HttpRequest) -> HttpResponse:
    form = SetUpForm(request.POST)
    data = cleaned(form)
    ops.set_up_budget(actor=request.user, year=data["year"], lines=form.lines(data))
    return done(request, _("Budget set up."), year_url(data["year"]))


@require_POST
@page(NAV)
def budget_line_add(request: HttpRequest, budget_id: int) -> HttpResponse:
    data = cleaned(LineForm(request.POST))
    line = ops.add_line(actor=request.user, budget_id=budget_id, **data)
    return done(request, _("Budget line added."), year_url(line.budget.year))


@require_POST
@page(NAV)
def budget_line_planned(request: HttpRequest, line_id: int) -> HttpResponse:
    data = cleaned(PlannedForm(request.POST))
    line = ops.change_planned(
        actor=request.user, line_id=line_id, planned=data["planned"], reason=data["reason"]
    )
    return done(request, _("Planned amount changed."), year_url(line.budget.year))


@require_POST
@page(NAV)
def budget_expense_record(request: HttpRequest) -> HttpResponse:
    actor = request.user
    data = cleaned(ExpenseForm(request.POST, lines=_posted_line(actor, request.POST)))
    expense = ops.record_expense(
        actor=actor,
        line_id=data["line"],
        spent_on=data["spent_on"],
        amount=data["amount"],
        purpose=data["purpose"],
        voucher=data["voucher"],
        payee=data["payee"],
    )
    return done(request, _("Expense recorded."), year_url(expense.year))


def _posted_line(actor: Any, post: Any) -> list[tuple[int, str]]:
    """The posted line as the only choice when the actor may know it (any year)."""
    value = str(post.get("line", ""))
    if not value.isdigit() or len(value) > 18:
        return []
    line = queries.known_lines(actor).filter(pk=int(value)).first()
    return [(line.pk, queries.heading(line))] if line else []


@require_POST
@page(NAV)
def budget_expense_reverse(request: HttpRequest, expense_id: int) -> HttpResponse:
    data = cleaned(ReverseForm(request.POST))
    reversal = ops.correct_expense(
        actor=request.user, expense_id=expense_id, voucher=data["voucher"], reason=data["reason"]
    )
    return done(request, _("Expense reversed."), year_url(reversal.year))


def register_shown(actor: Any) -> bool:
    return has_permission(actor, Permission.OVERSEE)


def register_exports(which: str) -> list[tuple[str, str]]:
    return [
        (f, f"{reverse('budget')}?{urlencode({'register': which, 'format': f})}") for f in EXPORTERS
    ]
