"""Every deadline the secure areas time; ``PROVIDERS`` is what the app registers with the
deadline seam."""

from baomi.areas.deadlines import access

PROVIDERS: tuple = (
    # --- the list of secure areas, keepers and assignments (AREA-LIST) ---
    # --- visitors and the access log (AREA-ACCESS) ---
    *access.PROVIDERS,
)
