"""The pages of the publication review, included at the site root; the URL names are the site's."""

urlpatterns: list = [
    # --- publication review (PUB-REVIEW) ---
    # --- foreign press and visits (PRESS-FOREIGN) ---
]
