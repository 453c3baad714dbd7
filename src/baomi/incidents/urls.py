"""The pages of the incidents, included at the site root; the URL names are the site's."""

urlpatterns: list = [
    # --- incidents, their reports upward and investigation (INC-RECORD, LOSS-REPORT) ---
]
