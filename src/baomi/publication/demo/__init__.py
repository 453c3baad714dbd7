"""The demo's publication review, one module per part, built in this order."""

from __future__ import annotations

from baomi.publication.demo import foreign, review
from baomi.seams.demo import Demo


def build(demo: Demo) -> None:
    """Every part's demo records (each module's ``build``)."""
    # --- publication review (PUB-REVIEW) ---
    review.build(demo)
    # --- foreign press and visits (PRESS-FOREIGN) ---
    foreign.build(demo)
