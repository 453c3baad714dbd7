"""The JSON routes of the publication review, mounted at the root of /api/v1, one module per
part."""

from __future__ import annotations

ROUTERS: list = [
    # --- publication review (PUB-REVIEW) ---
    # --- foreign press and visits (PRESS-FOREIGN) ---
]
