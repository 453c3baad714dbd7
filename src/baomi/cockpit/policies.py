"""Who sees what of the cockpit: the security office and the leaders the whole organisation,
a department head the departments they head (with their sub-departments), everyone the
deadlines they answer for."""

from __future__ import annotations

# --- the deadline engine and its notifications ---
# --- the dashboard ---
# --- the annual report (ANNUAL-REPORT) ---
