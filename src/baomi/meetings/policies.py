"""Who may know the records of this domain: one policy per kind (access.policy), the
organisation scoping inside."""

from __future__ import annotations

# --- meetings: list, checks, sign-in, sweep (MEET-ATTEND, MEET-PHONES, MEET-SWEEP) ---
# --- papers and minutes (MEET-DOCS, MEET-MINUTES) ---
