"""Who may know the incidents: one policy per kind (access.policy), the organisation
scoping inside."""

from __future__ import annotations

# --- incidents, their reports upward and investigation (INC-RECORD, LOSS-REPORT) ---
