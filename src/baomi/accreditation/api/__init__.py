"""The JSON routes of the accreditation self-score, mounted at the root of /api/v1."""

from __future__ import annotations

ROUTERS: list = [
    # --- the self-score ---
]
