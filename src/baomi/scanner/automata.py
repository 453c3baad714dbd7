"""Every occurrence of a set of fixed strings: the one search the matcher runs, in two engines.

- ``hyperscan`` (Intel's Hyperscan through PyPI ``hyperscan``, whose wheels exist for x86-64
  Linux only): about five times the speed of the other on the scanner's patterns;
- ``ahocorasick`` (ahocorasick-rs, a DFA): everywhere, and the fallback wherever hyperscan
  cannot be imported (or cannot run on the processor).

Both answer the same question the same way: ``find(data)`` lists ``(pattern index, start,
end)`` for every occurrence of every pattern, overlapping ones and duplicate patterns included,
case-sensitive, in no particular order; offsets are in bytes for a bytes automaton, in
characters for a text automaton. The engine is chosen once per process: BAOMI_SCAN_ENGINE
(``hyperscan`` or ``ahocorasick``) forces one, otherwise hyperscan where it works.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Sequence
from typing import Any, Protocol

HYPERSCAN, AHOCORASICK = "hyperscan", "ahocorasick"
ENGINES = (HYPERSCAN, AHOCORASICK)
ENV = "BAOMI_SCAN_ENGINE"

Match = tuple[int, int, int]  # (pattern index, start, end)


class EngineError(ValueError):
    """The engine asked for cannot be used; the message says why in one line."""


class Automaton(Protocol):
    def find(self, data: Any) -> list[Match]:
        """Every occurrence of every pattern in ``data`` (bytes, or str for text)."""
        ...


def choose(engine: str | None = None) -> str:
    """The engine to use: ``engine``, else BAOMI_SCAN_ENGINE, else hyperscan if it works here."""
    wanted = (engine or os.environ.get(ENV, "")).strip().lower()
    if wanted not in ("", *ENGINES):
        raise EngineError(f"unknown scan engine {wanted!r} (one of {', '.join(ENGINES)})")
    if wanted == AHOCORASICK:
        return AHOCORASICK
    if _hyperscan() is not None:
        return HYPERSCAN
    if wanted == HYPERSCAN:
        raise EngineError("the hyperscan scan engine is not installed or cannot run here")
    return AHOCORASICK


def bytes_automaton(patterns: Sequence[bytes], engine: str) -> Automaton:
    """An automaton over byte strings, offsets in bytes."""
    if engine == HYPERSCAN:
        return _HyperscanBytes(patterns)
    return _AhoCorasickBytes(patterns)


def text_automaton(words: Sequence[str], engine: str) -> Automaton:
    """An automaton over strings, for decoded text: offsets in characters."""
    if engine == HYPERSCAN:
        return _HyperscanText(words)
    return _AhoCorasickText(words)


@functools.cache
def _hyperscan() -> Any:
    """The hyperscan module if it imports and compiles on this machine, else None."""
    try:
        import hyperscan

        hyperscan.Database(mode=hyperscan.HS_MODE_BLOCK).compile(expressions=[b"ab"])
    except Exception:  # no wheel for this platform, a processor without SSSE3, a broken build
        return None
    return hyperscan


class _AhoCorasickBytes:
    def __init__(self, patterns: Sequence[bytes]) -> None:
        import ahocorasick_rs

        self._automaton = ahocorasick_rs.BytesAhoCorasick(
            list(patterns),
            matchkind=ahocorasick_rs.MATCHKIND_STANDARD,
            implementation=ahocorasick_rs.Implementation.DFA,
        )

    def find(self, data: bytes) -> list[Match]:
        return self._automaton.find_matches_as_indexes(data, overlapping=True)


class _AhoCorasickText:
    def __init__(self, words: Sequence[str]) -> None:
        import ahocorasick_rs

        self._automaton = ahocorasick_rs.AhoCorasick(
            list(words),
            matchkind=ahocorasick_rs.MATCHKIND_STANDARD,
            implementation=ahocorasick_rs.Implementation.DFA,
        )

    def find(self, text: str) -> list[Match]:
        return self._automaton.find_matches_as_indexes(text, overlapping=True)


class _HyperscanBytes:
    """One block-mode database; each distinct byte string is one expression (every byte
    escaped: a pattern may hold NUL, which hyperscan's literal mode cannot take from Python),
    reported for every pattern index that holds it."""

    def __init__(self, patterns: Sequence[bytes]) -> None:
        hyperscan = _hyperscan()
        distinct: dict[bytes, list[int]] = {}
        for index, pattern in enumerate(patterns):
            distinct.setdefault(pattern, []).append(index)
        self._indexes = list(distinct.values())
        self._lengths = [len(pattern) for pattern in distinct]
        self._database = None
        if distinct:
            self._database = hyperscan.Database(mode=hyperscan.HS_MODE_BLOCK)
            self._database.compile(
                expressions=[b"".join(b"\\x%02x" % c for c in p) for p in distinct],
                ids=list(range(len(distinct))),
                elements=len(distinct),
                flags=0,
            )

    def find(self, data: bytes) -> list[Match]:
        if self._database is None or not data:
            return []
        ends: list[tuple[int, int]] = []

        def on_match(id_: int, _from: int, end: int, _flags: int, _context: object) -> None:
            ends.append((id_, end))

        self._database.scan(data, match_event_handler=on_match)
        indexes, lengths = self._indexes, self._lengths
        return [(i, end - lengths[id_], end) for id_, end in ends for i in indexes[id_]]


class _HyperscanText:
    """Text matched as its UTF-8 (strict, as ahocorasick-rs encodes it: a lone surrogate is the
    same UnicodeEncodeError), the byte offsets turned into character offsets."""

    def __init__(self, words: Sequence[str]) -> None:
        self._bytes = _HyperscanBytes([w.encode("utf-8") for w in words])

    def find(self, text: str) -> list[Match]:
        data = text.encode("utf-8")
        found = self._bytes.find(data)
        if not found or len(data) == len(text):  # ASCII: bytes are characters
            return found
        # Every offset found is a character boundary (a UTF-8 pattern starts and ends on
        # one): count the characters up to each, in one pass over the text.
        chars: dict[int, int] = {}
        pos = count = 0
        for offset in sorted({o for _i, s, e in found for o in (s, e)}):
            count += len(data[pos:offset].decode("utf-8"))
            chars[offset] = count
            pos = offset
        return [(i, chars[s], chars[e]) for i, s, e in found]
