"""The pages of the seals, included at the site root; the URL names are the site's."""

urlpatterns: list = [
    # --- seals, their use, taking out and locking away (SEAL-LOG) ---
]
