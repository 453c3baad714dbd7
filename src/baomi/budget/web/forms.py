"""The forms of the budget pages (BUDGET). They only shape input; every rule is checked by the
operation they feed."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy

from baomi.budget.models import MAX_AMOUNT, Category, Expense, Part
from baomi.kit.forms import Form, date_input


def money(label: Any, *, required: bool = True, positive: bool = False) -> forms.DecimalField:
    """An amount in yuan: two decimals at the most, 0 (or 0.01) to MAX_AMOUNT."""
    return forms.DecimalField(
        label=label,
        required=required,
        min_value=Decimal("0.01") if positive else Decimal(0),
        max_value=MAX_AMOUNT,
        max_digits=12,
        decimal_places=2,
    )


class YearForm(Form):
    year = forms.IntegerField(
        label=gettext_lazy("Year"), required=False, min_value=2000, max_value=9998
    )


# The standard lines a budget is set up with: (category, part).
STANDARD_LINES = (
    (Category.PUBLICITY, Part.MANAGEMENT),
    (Category.EDUCATION, Part.MANAGEMENT),
    (Category.TRAINING, Part.MANAGEMENT),
    (Category.TECHNICAL, Part.SPECIAL),
    (Category.PHYSICAL, Part.SPECIAL),
)


class SetUpForm(Form):
    """A year's budget with its five standard lines (more are added afterwards)."""

    year = forms.IntegerField(label=gettext_lazy("Year"), min_value=2000, max_value=9998)
    publicity = money(Category.PUBLICITY.label)
    education = money(Category.EDUCATION.label)
    training = money(Category.TRAINING.label)
    technical = money(Category.TECHNICAL.label)
    physical = money(Category.PHYSICAL.label)

    def lines(self, data: dict[str, Any]) -> list[dict[str, Any]]:
        return [
            {
                "part": part.value,
                "category": category.value,
                "description": str(category.label),
                "planned": data[category.value],
            }
            for category, part in STANDARD_LINES
        ]


class LineForm(Form):
    part = forms.ChoiceField(label=gettext_lazy("Part"), choices=Part.choices)
    category = forms.ChoiceField(label=gettext_lazy("Category"), choices=Category.choices)
    description = forms.CharField(label=gettext_lazy("Description"), max_length=200)
    planned = money(gettext_lazy("Planned amount (yuan)"))


class PlannedForm(Form):
    planned = money(gettext_lazy("Planned amount (yuan)"))
    reason = forms.CharField(label=gettext_lazy("Reason"), max_length=200)


class ExpenseForm(Form):
    line = forms.TypedChoiceField(label=gettext_lazy("Budget heading"), coerce=int)
    spent_on = forms.DateField(label=gettext_lazy("Date"), widget=date_input())
    amount = money(gettext_lazy("Amount (yuan)"), positive=True)
    purpose = forms.CharField(
        label=gettext_lazy("Purpose"), max_length=Expense._meta.get_field("purpose").max_length
    )
    voucher = forms.CharField(
        label=gettext_lazy("Voucher number"),
        max_length=Expense._meta.get_field("voucher").max_length,
    )
    payee = forms.CharField(
        label=gettext_lazy("Payee"),
        required=False,
        max_length=Expense._meta.get_field("payee").max_length,
    )

    def __init__(self, *args: Any, lines: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["line"].choices = lines


class ReverseForm(Form):
    voucher = forms.CharField(
        label=gettext_lazy("Voucher number of the reversal"),
        max_length=Expense._meta.get_field("voucher").max_length,
    )
    reason = forms.CharField(
        label=gettext_lazy("Reason"), max_length=Expense._meta.get_field("purpose").max_length
    )


class ExpenseFilterForm(Form):
    year = forms.IntegerField(
        label=gettext_lazy("Year"), required=False, min_value=2000, max_value=9998
    )
    part = forms.ChoiceField(
        label=gettext_lazy("Part"), required=False, choices=[("", "—"), *Part.choices]
    )
    category = forms.ChoiceField(
        label=gettext_lazy("Category"), required=False, choices=[("", "—"), *Category.choices]
    )
    date_from = forms.DateField(label=gettext_lazy("From"), required=False, widget=date_input())
    date_to = forms.DateField(label=gettext_lazy("To"), required=False, widget=date_input())
    text = forms.CharField(label=gettext_lazy("Text"), required=False, max_length=100)
