"""The demo's cockpit: notifications of the demo's deadlines, the draft of last year's report."""

from __future__ import annotations

from baomi.seams.demo import Demo


def build(demo: Demo) -> None:
    """Every part's demo records."""
    # --- the deadline engine and its notifications ---
    from baomi.cockpit.demo import notifications

    notifications.build(demo)
    # --- the annual report (ANNUAL-REPORT) ---
    from baomi.cockpit.demo import report

    report.build(demo)
