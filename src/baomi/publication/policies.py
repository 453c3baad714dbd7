"""Who may know the records of this domain: one policy per kind (access.policy), the
organisation scoping inside."""

from __future__ import annotations

# --- publication review (PUB-REVIEW) ---
# --- foreign press and visits (PRESS-FOREIGN) ---
