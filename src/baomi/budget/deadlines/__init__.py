"""Every deadline the confidentiality budget time; ``PROVIDERS`` is what the app registers with the
deadline seam."""

from baomi.budget.deadlines import budget as budget_deadlines

PROVIDERS: tuple = (
    # --- the yearly budget and its expenses (BUDGET) ---
    *budget_deadlines.PROVIDERS,
)
