"""Who may see and keep the self-score: the security office (OVERSEE)."""

from __future__ import annotations

# --- the self-score ---
