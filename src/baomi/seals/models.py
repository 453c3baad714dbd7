"""Official seals and letters of introduction (印信, SEAL-LOG): the register, each use
requested, approved and logged, taking a seal out, and the keeper's end-of-day lock-away."""

from __future__ import annotations
