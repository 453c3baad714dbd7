"""Who may know the records of this domain: one policy per kind (access.policy), the
organisation scoping inside."""

from __future__ import annotations

# --- seals, their use, taking out and locking away (SEAL-LOG) ---
