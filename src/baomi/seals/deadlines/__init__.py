"""Every deadline the seals time; ``PROVIDERS`` is what the app registers with the
deadline seam."""

PROVIDERS: tuple = (
    # --- seals, their use, taking out and locking away (SEAL-LOG) ---
)
