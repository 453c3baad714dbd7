"""The pages of the secure areas, included at the site root; the URL names are the site's."""

urlpatterns: list = [
    # --- the list of secure areas, keepers and assignments (AREA-LIST) ---
    # --- visitors and the access log (AREA-ACCESS) ---
]
