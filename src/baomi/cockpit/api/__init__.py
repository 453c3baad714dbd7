"""The JSON routes of the cockpit, mounted at the root of /api/v1, one module per part."""

from __future__ import annotations

from baomi.cockpit.api import dashboard as dashboard_api
from baomi.cockpit.api import deadlines as deadlines_api
from baomi.cockpit.api import report as report_api

ROUTERS: list = [
    # --- the deadline engine and its notifications ---
    ("", deadlines_api.router),
    # --- the dashboard ---
    ("", dashboard_api.router),
    # --- the annual report (ANNUAL-REPORT) ---
    ("", report_api.router),
]
