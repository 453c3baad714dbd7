"""The demo's secure areas, one module per part, built in this order."""

from __future__ import annotations

from baomi.seams.demo import Demo


def build(demo: Demo) -> None:
    """Every part's demo records (each module's ``build``)."""
    # --- the list of secure areas, keepers and assignments (AREA-LIST) ---
    # --- visitors and the access log (AREA-ACCESS) ---
