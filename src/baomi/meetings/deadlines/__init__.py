"""Every deadline the classified meetings time; ``PROVIDERS`` is what the app registers with the
deadline seam."""

PROVIDERS: tuple = (
    # --- meetings: list, checks, sign-in, sweep (MEET-ATTEND, MEET-PHONES, MEET-SWEEP) ---
    # --- papers and minutes (MEET-DOCS, MEET-MINUTES) ---
)
