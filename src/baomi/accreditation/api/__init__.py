"""The JSON routes of the accreditation self-score, mounted at the root of /api/v1."""

from __future__ import annotations

from baomi.accreditation.api import score as score_api

ROUTERS: list = [
    # --- the self-score ---
    ("", score_api.router),
]
