"""Every deadline the incidents time; ``PROVIDERS`` is what the app registers with the
deadline seam."""

from baomi.incidents.deadlines import incidents as incident_deadlines

PROVIDERS: tuple = (
    # --- incidents, their reports upward and investigation (INC-RECORD, LOSS-REPORT) ---
    *incident_deadlines.PROVIDERS,
)
