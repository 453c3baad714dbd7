"""The JSON routes of the seals, mounted at the root of /api/v1, one module per part."""

from __future__ import annotations

from baomi.seals.api import seals as seals_api

ROUTERS: list = [
    # --- seals, their use, taking out and locking away (SEAL-LOG) ---
    ("", seals_api.router),
]
