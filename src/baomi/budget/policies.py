"""Who may know the confidentiality budget: one policy per kind (access.policy), the organisation
scoping inside."""

from __future__ import annotations

# --- the yearly budget and its expenses (BUDGET) ---
