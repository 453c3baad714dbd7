"""The JSON routes of the publication review, mounted at the root of /api/v1, one module per
part."""

from __future__ import annotations

from baomi.publication.api import foreign, review

ROUTERS: list = [
    # --- publication review (PUB-REVIEW) ---
    ("", review.router),
    # --- foreign press and visits (PRESS-FOREIGN) ---
    ("", foreign.router),
]
