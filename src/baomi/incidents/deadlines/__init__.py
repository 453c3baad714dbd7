"""Every deadline the incidents time; ``PROVIDERS`` is what the app registers with the
deadline seam."""

PROVIDERS: tuple = (
    # --- incidents, their reports upward and investigation (INC-RECORD, LOSS-REPORT) ---
)
