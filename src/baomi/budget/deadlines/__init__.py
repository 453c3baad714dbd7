"""Every deadline the confidentiality budget time; ``PROVIDERS`` is what the app registers with the
deadline seam."""

PROVIDERS: tuple = (
    # --- the yearly budget and its expenses (BUDGET) ---
)
