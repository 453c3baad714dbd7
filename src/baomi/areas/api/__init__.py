"""The JSON routes of the secure areas, mounted at the root of /api/v1, one module per part."""

from __future__ import annotations

ROUTERS: list = [
    # --- the list of secure areas, keepers and assignments (AREA-LIST) ---
    # --- visitors and the access log (AREA-ACCESS) ---
]
