"""Every deadline the people's files time, one module per part; ``PROVIDERS`` is what the
app registers with the deadline seam (one provider per DEADLINE rule)."""

from baomi.people.deadlines import cooling_off, self_checks

PROVIDERS = (
    *cooling_off.PROVIDERS,
    *self_checks.PROVIDERS,
    # --- training (PPL-TRAINING) ---
    # --- travel abroad (PPL-ABROAD) ---
    # --- responsibility letters (RESP-ANNUAL, RESP-RESIGN) ---
)
