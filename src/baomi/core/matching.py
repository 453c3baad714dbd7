"""Numbers and names compared the way people write them: without spaces or case, full-width
and half-width characters alike (ＪＳＪ－０１ is JSJ-01), and every kind of bracket alike
(〔2026〕, [2026], （2026） and 【2026】 are one year mark). ``compact`` is the pure form the
incoming register keys on (IN-NUMBER); ``matches`` and ``closeness`` find a typed text in a
column however it was stored, and say how near the stored value is (the search ranks by it).
"""

from __future__ import annotations

import re
import unicodedata
from enum import IntEnum

from django.db.models import Case, IntegerField, Q, Value, When

_BRACKETS = str.maketrans({"〔": "(", "【": "(", "[": "(", "〕": ")", "】": ")", "]": ")"})
_SPACE = re.compile(r"\s+")
# What a compacted bracket may have been stored as (NFKC folds （ and ［ to ( and [).
_STORED_AS = {"(": "(（〔【[［", ")": ")）〕】]］"}
# The printable ASCII characters, each with a full-width twin at +0xFEE0 (！ … ～).
_FULL_WIDTH = 0xFEE0


def compact(text: str) -> str:
    """``text`` NFKC-folded (full-width to half-width), brackets made round, case-folded and
    without any white space."""
    folded = unicodedata.normalize("NFKC", text).translate(_BRACKETS).casefold()
    return _SPACE.sub("", folded)


def _character(char: str) -> str:
    """A regular-expression class of the ways ``char`` (compacted) may be stored."""
    ways = set(_STORED_AS.get(char, char))
    if "!" <= char <= "~":
        ways.add(chr(ord(char) + _FULL_WIDTH))
    # Escape every ASCII character that is not a letter or digit: a backslash before it
    # means the character itself in Python's and PostgreSQL's regular expressions alike.
    escaped = ("\\" + w if w.isascii() and not w.isalnum() else w for w in sorted(ways))
    return "[" + "".join(escaped) + "]"


def pattern(text: str, *, anchored: str = "") -> str:
    """A case-insensitive regular expression (``__iregex``) that finds ``text`` however it
    was stored: any width, any bracket, spaces anywhere between its characters. ``anchored``
    "start" matches only at the start of the value, "whole" only the whole value."""
    body = r"\s*".join(_character(c) for c in compact(text))
    if anchored == "whole":
        return rf"^\s*{body}\s*$"
    return rf"^\s*{body}" if anchored == "start" else body


def matches(field: str, text: str) -> Q:
    """The rows whose ``field`` holds ``text`` as people write it."""
    return Q(**{f"{field}__iregex": pattern(text)})


class Closeness(IntEnum):
    """How near a stored value is to the text searched for: the search lists the nearest first."""

    EXACT = 0
    START = 1
    WITHIN = 2
    ELSEWHERE = 3


def closeness(field: str, text: str) -> Case:
    """An annotation: how near ``field`` is to ``text`` (``Closeness``)."""
    return Case(
        When(**{f"{field}__iregex": pattern(text, anchored="whole")}, then=Value(Closeness.EXACT)),
        When(**{f"{field}__iregex": pattern(text, anchored="start")}, then=Value(Closeness.START)),
        When(**{f"{field}__iregex": pattern(text)}, then=Value(Closeness.WITHIN)),
        default=Value(Closeness.ELSEWHERE),
        output_field=IntegerField(),
    )
