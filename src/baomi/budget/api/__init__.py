"""The JSON routes of the confidentiality budget, mounted at the root of /api/v1."""

from __future__ import annotations

from baomi.budget.api import budget as budget_api

ROUTERS: list = [
    # --- the yearly budget and its expenses (BUDGET) ---
    ("", budget_api.router),
]
