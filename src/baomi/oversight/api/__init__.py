"""The JSON routes of oversight, mounted at the root of /api/v1, one module per part."""

from __future__ import annotations

ROUTERS: list = [
    # --- checklists and self-inspections (INSP-CHECKLIST, INSP-MONTHLY, INSP-QUARTERLY) ---
    # --- rectifications (INSP-RECTIFY) ---
    # --- the security committee (COMMITTEE) ---
]
