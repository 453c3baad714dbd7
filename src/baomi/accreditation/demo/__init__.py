"""The demo's self-score: the demo organisation assessed against the built-in profiles."""

from __future__ import annotations

from baomi.accreditation.demo import score
from baomi.seams.demo import Demo


def build(demo: Demo) -> None:
    """Every part's demo records."""
    # --- the self-score ---
    score.build(demo)
