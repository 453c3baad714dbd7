"""The demo's secure areas, one module per part, built in this order."""

from __future__ import annotations

from baomi.seams.demo import Demo


def build(demo: Demo) -> None:
    """Every part's demo records (each module's ``build``)."""
    # --- the list of secure areas, keepers and assignments (AREA-LIST) ---
    from baomi.areas.demo import areas as areas_demo

    areas_demo.build(demo)
    # --- visitors and the access log (AREA-ACCESS) ---
    from baomi.areas.demo import access as access_demo

    access_demo.build(demo)
