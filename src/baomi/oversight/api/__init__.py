"""The JSON routes of oversight, mounted at the root of /api/v1, one module per part."""

from __future__ import annotations

from baomi.oversight.api import committee as committee_api  # COMMITTEE
from baomi.oversight.api import inspections as inspections_api
from baomi.oversight.api import rectifications as rectifications_api  # INSP-RECTIFY

ROUTERS: list = [
    # --- checklists and self-inspections (INSP-CHECKLIST, INSP-MONTHLY, INSP-QUARTERLY) ---
    ("", inspections_api.router),
    # --- rectifications (INSP-RECTIFY) ---
    ("", rectifications_api.router),
    # --- the security committee (COMMITTEE) ---
    ("", committee_api.router),
]
