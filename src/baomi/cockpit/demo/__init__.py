"""The demo's cockpit: notifications of the demo's deadlines, the draft of last year's report."""

from __future__ import annotations

from baomi.seams.demo import Demo


def build(demo: Demo) -> None:
    """Every part's demo records."""
    # --- the deadline engine and its notifications ---
    # --- the annual report (ANNUAL-REPORT) ---
