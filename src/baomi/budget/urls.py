"""The pages of the confidentiality budget, included at the site root; the URL names are the
site's."""

urlpatterns: list = [
    # --- the yearly budget and its expenses (BUDGET) ---
]
