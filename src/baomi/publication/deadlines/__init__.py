"""Every deadline the publication review time; ``PROVIDERS`` is what the app registers with the
deadline seam."""

PROVIDERS: tuple = (
    # --- publication review (PUB-REVIEW) ---
    # --- foreign press and visits (PRESS-FOREIGN) ---
)
