"""Every deadline the seals time; ``PROVIDERS`` is what the app registers with the
deadline seam."""

from baomi.seals.deadlines import seals as seal_deadlines

PROVIDERS: tuple = (
    # --- seals, their use, taking out and locking away (SEAL-LOG) ---
    *seal_deadlines.PROVIDERS,
)
