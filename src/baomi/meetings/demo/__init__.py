"""The demo's classified meetings, one module per part, built in this order."""

from __future__ import annotations

from baomi.meetings.demo import meetings, papers
from baomi.seams.demo import Demo


def build(demo: Demo) -> None:
    """Every part's demo records (each module's ``build``)."""
    # --- meetings: list, checks, sign-in, sweep (MEET-ATTEND, MEET-PHONES, MEET-SWEEP) ---
    meetings.build(demo)
    # --- papers and minutes (MEET-DOCS, MEET-MINUTES) ---
    papers.build(demo)
