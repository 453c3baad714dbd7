"""Every deadline the people's files time, one module per part; ``PROVIDERS`` is what the
app registers with the deadline seam (one provider per DEADLINE rule)."""

from baomi.people.deadlines import cooling_off, self_checks
from baomi.people.deadlines import letters as letter_deadlines
from baomi.people.deadlines import training as training_deadlines
from baomi.people.deadlines import travel as travel_deadlines

PROVIDERS = (
    *cooling_off.PROVIDERS,
    *self_checks.PROVIDERS,
    # --- training (PPL-TRAINING) ---
    *training_deadlines.PROVIDERS,
    # --- travel abroad (PPL-ABROAD) ---
    *travel_deadlines.PROVIDERS,
    # --- responsibility letters (RESP-ANNUAL, RESP-RESIGN) ---
    *letter_deadlines.PROVIDERS,
)
