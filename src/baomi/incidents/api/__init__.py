"""The JSON routes of the incidents, mounted at the root of /api/v1."""

from __future__ import annotations

from baomi.incidents.api import incidents as incidents_api

ROUTERS: list = [
    # --- incidents, their reports upward and investigation (INC-RECORD, LOSS-REPORT) ---
    ("", incidents_api.router),
]
