"""Every deadline the classified meetings time; ``PROVIDERS`` is what the app registers with the
deadline seam."""

from baomi.meetings.deadlines import meetings, papers

PROVIDERS: tuple = (
    # --- meetings: list, checks, sign-in, sweep (MEET-ATTEND, MEET-PHONES, MEET-SWEEP) ---
    *meetings.PROVIDERS,
    # --- papers and minutes (MEET-DOCS, MEET-MINUTES) ---
    *papers.PROVIDERS,
)
