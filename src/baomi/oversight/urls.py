"""The pages of oversight, included at the site root; the URL names are the site's."""

urlpatterns: list = [
    # --- checklists and self-inspections (INSP-CHECKLIST, INSP-MONTHLY, INSP-QUARTERLY) ---
    # --- rectifications (INSP-RECTIFY) ---
    # --- the security committee (COMMITTEE) ---
]
