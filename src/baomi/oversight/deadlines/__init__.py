"""Every deadline oversight times; ``PROVIDERS`` is what the app registers with the
deadline seam (one provider per DEADLINE rule)."""

from baomi.oversight.deadlines import committee as committee_deadlines  # COMMITTEE

PROVIDERS: tuple = (
    # --- checklists and self-inspections (INSP-CHECKLIST, INSP-MONTHLY, INSP-QUARTERLY) ---
    # --- rectifications (INSP-RECTIFY) ---
    # --- the security committee (COMMITTEE) ---
    *committee_deadlines.PROVIDERS,
)
