"""The demo's security files, one module per part, built in this order."""

from __future__ import annotations

from baomi.people.demo import exit as exit_demo
from baomi.people.demo import letters, posts, training, travel
from baomi.seams.demo import Demo


def build(demo: Demo) -> None:
    """Every part's demo records (each module's ``build``)."""
    # --- posts, vetting, signed papers ---
    posts.build(demo)
    # --- training ---
    training.build(demo)
    # --- travel abroad ---
    travel.build(demo)
    # --- leaving ---
    exit_demo.build(demo)
    # --- responsibility letters and assessment ---
    letters.build(demo)
