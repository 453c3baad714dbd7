"""The accreditation self-score's scoring standards and the unit's assessment of each item."""

from __future__ import annotations
