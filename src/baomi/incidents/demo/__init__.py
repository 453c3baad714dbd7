"""The demo's incidents."""

from __future__ import annotations

from baomi.seams.demo import Demo


def build(demo: Demo) -> None:
    """Every part's demo records."""
    # --- incidents, their reports upward and investigation (INC-RECORD, LOSS-REPORT) ---
    from baomi.incidents.demo import incidents

    incidents.build(demo)
