"""The demo's oversight records, one module per part, built in this order."""

from __future__ import annotations

from baomi.oversight.demo import committee, inspections, rectifications
from baomi.seams.demo import Demo


def build(demo: Demo) -> None:
    """Every part's demo records (each module's ``build``)."""
    # --- checklists and self-inspections (INSP-CHECKLIST, INSP-MONTHLY, INSP-QUARTERLY) ---
    inspections.build(demo)
    # --- rectifications (INSP-RECTIFY) ---
    rectifications.build(demo)
    # --- the security committee (COMMITTEE) ---
    committee.build(demo)
