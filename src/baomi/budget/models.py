"""The yearly confidentiality budget in its two parts and every expense against it (BUDGET)."""

from __future__ import annotations
