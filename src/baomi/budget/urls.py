"""The pages of the confidentiality budget, included at the site root; the URL names are the
site's."""

from django.urls import path

from baomi.budget.web import budget as budget_pages

urlpatterns: list = [
    # --- the yearly budget and its expenses (BUDGET) ---
    path("budget/", budget_pages.budget, name="budget"),
    path("budget/set-up/", budget_pages.budget_set_up, name="budget_set_up"),
    path("budget/<id:budget_id>/lines/", budget_pages.budget_line_add, name="budget_line_add"),
    path(
        "budget/lines/<id:line_id>/planned/",
        budget_pages.budget_line_planned,
        name="budget_line_planned",
    ),
    path("budget/expenses/", budget_pages.budget_expense_record, name="budget_expense_record"),
    path(
        "budget/expenses/<id:expense_id>/reverse/",
        budget_pages.budget_expense_reverse,
        name="budget_expense_reverse",
    ),
]
