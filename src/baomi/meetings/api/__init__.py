"""The JSON routes of the classified meetings, mounted at the root of /api/v1, one module per
part."""

from __future__ import annotations

ROUTERS: list = [
    # --- meetings: list, checks, sign-in, sweep (MEET-ATTEND, MEET-PHONES, MEET-SWEEP) ---
    # --- papers and minutes (MEET-DOCS, MEET-MINUTES) ---
]
