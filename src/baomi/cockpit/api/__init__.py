"""The JSON routes of the cockpit, mounted at the root of /api/v1, one module per part."""

from __future__ import annotations

ROUTERS: list = [
    # --- the deadline engine and its notifications ---
    # --- the dashboard ---
    # --- the annual report (ANNUAL-REPORT) ---
]
