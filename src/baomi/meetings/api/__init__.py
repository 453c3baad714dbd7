"""The JSON routes of the classified meetings, mounted at the root of /api/v1, one module per
part."""

from __future__ import annotations

from baomi.meetings.api import meetings as meetings_api
from baomi.meetings.api import minutes as minutes_api
from baomi.meetings.api import papers as papers_api

ROUTERS: list = [
    # --- meetings: list, checks, sign-in, sweep (MEET-ATTEND, MEET-PHONES, MEET-SWEEP) ---
    ("", meetings_api.router),
    # --- papers and minutes (MEET-DOCS, MEET-MINUTES) ---
    ("", papers_api.router),
    ("", minutes_api.router),
]
