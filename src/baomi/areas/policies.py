"""Who may know the records of this domain: one policy per kind (access.policy), the
organisation scoping inside."""

from __future__ import annotations

# --- the list of secure areas, keepers and assignments (AREA-LIST) ---
# --- visitors and the access log (AREA-ACCESS) ---
