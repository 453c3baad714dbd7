"""The yearly confidentiality budget in its two parts and every expense against it (BUDGET).

P13 五: the year's confidentiality budget (年度保密经费) is planned in two parts — the
management budget (保密工作管理经费: publicity, education, training) and the special budget
(专项经费: technical and physical protection) — one ``BudgetLine`` per purpose with its planned
amount, and every expense (``Expense``) is recorded against a line with its voucher number
(凭证号). An expense is never edited nor deleted: a mistake is corrected by a reversal
(红字冲销), a negative expense naming the one it reverses, so the original stays.

Money is ``Decimal`` with two places, never a float; an amount is below 10^10 (12 digits)."""

from __future__ import annotations

from decimal import Decimal

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

# The largest amount a line plans or an expense spends (12 digits, 2 of them decimals).
MAX_AMOUNT = Decimal("9999999999.99")


class Part(models.TextChoices):
    """The two parts of the budget (P13 五)."""

    MANAGEMENT = "management", _("Management budget")
    SPECIAL = "special", _("Special budget")


class Category(models.TextChoices):
    """What a line pays for; each but "other" belongs to one part (``PART_OF``)."""

    PUBLICITY = "publicity", _("Publicity")
    EDUCATION = "education", _("Education")
    TRAINING = "training", _("Training")
    TECHNICAL = "technical", _("Technical protection")
    PHYSICAL = "physical", _("Physical protection")
    OTHER = "other", _("Other")


# The part each category belongs to; "other" may sit in either.
PART_OF: dict[str, str | None] = {
    Category.PUBLICITY: Part.MANAGEMENT,
    Category.EDUCATION: Part.MANAGEMENT,
    Category.TRAINING: Part.MANAGEMENT,
    Category.TECHNICAL: Part.SPECIAL,
    Category.PHYSICAL: Part.SPECIAL,
    Category.OTHER: None,
}


class Budget(models.Model):
    """An organisation's confidentiality budget of one year (one a year)."""

    organisation = models.ForeignKey("org.Organisation", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("year"))
    recorded_by = models.ForeignKey(
        "org.Person",
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("confidentiality budget")
        verbose_name_plural = _("confidentiality budgets")
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "year"], name="budget_one_per_organisation_year"
            )
        ]

    def __str__(self) -> str:
        return str(self.year)


class BudgetLine(models.Model):
    """One line of a year's budget: its part, its category, what it is for and the amount
    planned (≥ 0)."""

    organisation = models.ForeignKey("org.Organisation", on_delete=models.PROTECT, related_name="+")
    budget = models.ForeignKey(
        Budget, on_delete=models.PROTECT, related_name="lines", verbose_name=_("budget")
    )
    part = models.CharField(_("part"), max_length=20, choices=Part.choices)
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    description = models.CharField(_("description"), max_length=200)
    planned = models.DecimalField(_("planned amount"), max_digits=12, decimal_places=2)
    changed_at = models.DateTimeField(_("changed at"), auto_now=True)

    class Meta:
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")
        ordering = ["budget", "part", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(planned__gte=0) & Q(planned__lte=MAX_AMOUNT),
                name="budget_line_planned_in_range",
            )
        ]

    def __str__(self) -> str:
        return self.description


class Expense(models.Model):
    """An expense against a line (保密经费支出): its day, amount, purpose and voucher number
    (unique in the organisation's year). A reversal (``corrects`` set) is negative and
    reverses the whole of the expense it names, which is corrected once."""

    organisation = models.ForeignKey("org.Organisation", on_delete=models.PROTECT, related_name="+")
    line = models.ForeignKey(
        BudgetLine, on_delete=models.PROTECT, related_name="expenses", verbose_name=_("line")
    )
    # The budget's year, copied so that a voucher number is unique per organisation and year.
    year = models.PositiveSmallIntegerField(_("year"))
    spent_on = models.DateField(_("date"))
    amount = models.DecimalField(_("amount"), max_digits=12, decimal_places=2)
    purpose = models.CharField(_("purpose"), max_length=200)
    voucher = models.CharField(_("voucher number"), max_length=40)
    payee = models.CharField(_("payee"), max_length=100, blank=True)
    corrects = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="correction",
        verbose_name=_("reverses"),
    )
    recorded_by = models.ForeignKey(
        "org.Person",
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("handled by"),
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("expense")
        verbose_name_plural = _("expenses")
        ordering = ["-spent_on", "-pk"]
        indexes = [models.Index(fields=["organisation", "year", "spent_on"])]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "year", "voucher"], name="expense_voucher_once_a_year"
            ),
            models.CheckConstraint(
                condition=(
                    Q(corrects__isnull=True, amount__gt=0, amount__lte=MAX_AMOUNT)
                    | Q(corrects__isnull=False, amount__lt=0, amount__gte=-MAX_AMOUNT)
                ),
                name="expense_amount_sign",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.voucher} {self.amount}"
