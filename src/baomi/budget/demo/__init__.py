"""The demo's confidentiality budget."""

from __future__ import annotations

from baomi.budget.demo import budget as budget_demo
from baomi.seams.demo import Demo


def build(demo: Demo) -> None:
    """Every part's demo records."""
    # --- the yearly budget and its expenses (BUDGET) ---
    budget_demo.build(demo)
