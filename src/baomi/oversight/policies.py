"""Who may know the records of oversight: one policy per kind (access.policy), the
organisation scoping inside."""

from __future__ import annotations

# --- checklists and self-inspections (INSP-CHECKLIST, INSP-MONTHLY, INSP-QUARTERLY) ---
# --- rectifications (INSP-RECTIFY) ---
# --- the security committee (COMMITTEE) ---
