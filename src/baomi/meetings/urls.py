"""The pages of the classified meetings, included at the site root; the URL names are the site's."""

urlpatterns: list = [
    # --- meetings: list, checks, sign-in, sweep (MEET-ATTEND, MEET-PHONES, MEET-SWEEP) ---
    # --- papers and minutes (MEET-DOCS, MEET-MINUTES) ---
]
