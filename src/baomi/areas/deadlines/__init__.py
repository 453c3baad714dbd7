"""Every deadline the secure areas time; ``PROVIDERS`` is what the app registers with the
deadline seam."""

PROVIDERS: tuple = (
    # --- the list of secure areas, keepers and assignments (AREA-LIST) ---
    # --- visitors and the access log (AREA-ACCESS) ---
)
