"""The demo's seals, one module per part, built in this order."""

from __future__ import annotations

from baomi.seams.demo import Demo


def build(demo: Demo) -> None:
    """Every part's demo records (each module's ``build``)."""
    # --- seals, their use, taking out and locking away (SEAL-LOG) ---
    from baomi.seals.demo import seals

    seals.build(demo)
