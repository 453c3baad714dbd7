"""The masked snippet of a finding: the match in full, at most ``CONTEXT`` characters of its line
on each side, "…" where the line goes on. A scan report must not itself become a classified
item, so it never carries more of the text than that."""

from __future__ import annotations

CONTEXT = 4
ELLIPSIS = "…"


def mask(
    before: str, match: str, after: str, *, more_before: bool = False, more_after: bool = False
) -> str:
    """``before`` and ``after`` are the text of the line around the match (``more_*``: the line
    goes on beyond them)."""
    after = after.rstrip("\r")
    lead = ELLIPSIS if more_before or len(before) > CONTEXT else ""
    trail = ELLIPSIS if more_after or len(after) > CONTEXT else ""
    return lead + _printable(before[-CONTEXT:] + match + after[:CONTEXT]) + trail


def _printable(text: str) -> str:
    return "".join(c if c.isprintable() else " " for c in text)
