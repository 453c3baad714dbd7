"""Every deadline oversight times; ``PROVIDERS`` is what the app registers with the
deadline seam (one provider per DEADLINE rule)."""

from baomi.oversight.deadlines import committee as committee_deadlines  # COMMITTEE
from baomi.oversight.deadlines import inspections as inspection_deadlines  # INSP-*
from baomi.oversight.deadlines import rectifications as rectification_deadlines  # INSP-RECTIFY

PROVIDERS: tuple = (
    # --- checklists and self-inspections (INSP-CHECKLIST, INSP-MONTHLY, INSP-QUARTERLY) ---
    *inspection_deadlines.PROVIDERS,
    # --- rectifications (INSP-RECTIFY) ---
    *rectification_deadlines.PROVIDERS,
    # --- the security committee (COMMITTEE) ---
    *committee_deadlines.PROVIDERS,
)
