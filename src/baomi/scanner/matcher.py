"""Finding keywords and markings in bytes and in text, with automata of fixed strings
(``automata``: hyperscan where it is installed, ahocorasick-rs elsewhere; the same matches).

Bytes are matched without decoding: the automaton holds every keyword and every marking anchor
(``markings.ANCHORS``) encoded in UTF-8, GB18030 and UTF-16LE. ``detect_encoding`` decides a
text's encoding from a sample (BOM, NUL pattern, strict decoding); a text in a known encoding is
matched with the automaton of that encoding alone, and a hit counts only where a character
starts (an even offset in UTF-16LE, a character boundary in GB18030); content of no known
encoding (binary) is matched in all three at once, counting only encoded forms of at least
``MIN_BINARY_MATCH`` bytes. Only around a hit is anything decoded: a line's worth of text for
the marking rules and the masked snippet. ``scan_text`` does the same for text that is already
decoded (a paragraph, a cell, a page).

Overlapping matches: every occurrence of a keyword is reported once, except one inside a longer
keyword's occurrence (``涉密`` within ``涉密载体``); a marking is reported once, however many
anchors it contains.
"""

from __future__ import annotations

import codecs
import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import AnyStr

from baomi.scanner import automata, markings
from baomi.scanner.keywords import Keyword
from baomi.scanner.snippet import mask

ENCODINGS = ("utf-8", "gb18030", "utf-16le")
SAMPLE = 16 * 1024  # bytes of a text that decide its encoding
WINDOW = 512  # bytes (characters in text) of a line read on each side of a hit
# Longest span a hit and its context may need: windowed callers overlap their windows by this.
MARGIN = 8 * WINDOW
KEYWORD, MARKING = "keyword", "marking"
# In content of no known encoding (compressed, images …) a shorter byte string turns up by
# chance: a two-character word in GB18030 or UTF-16 is 4 bytes, found once in every ~4 GB of
# random bytes. Only longer encoded forms count there (in text every one does).
MIN_BINARY_MATCH = 6

# Compiled when first needed (re.compile caches them): a scan of UTF-8 text needs none.
_GB_SAFE = rb"[\x00-\x2f]"  # bytes that are never part of a GB18030 multibyte char
# What a real UTF-16 text decodes to: ASCII, Latin-1, punctuation, CJK, full-width forms.
_NOT_TEXT = (
    "[^\t\n\r\x20-\x7e\u00a0-\u00ff\u2000-\u206f\u2460-\u27bf\u3000-\u303f\u4e00-\u9fff"
    "\uff00-\uffef]"
)
_NOT_CJK = "[^\u2000-\u206f\u2600-\u27bf\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]"


@dataclass(frozen=True)
class Hit:
    kind: str  # KEYWORD or MARKING
    match: str  # the keyword, or the marking as found
    level: str | None
    start: int  # offset of the match: in bytes for scan_bytes, in characters for scan_text
    end: int
    encoding: str | None  # the encoding it was found in (None for decoded text)
    snippet: str


def detect_encoding(sample: bytes) -> str | None:
    """The encoding of a text from its first bytes: "utf-8", "gb18030", "utf-16le", or None
    for content that is none of them (binary, or a mixture)."""
    if sample.startswith(codecs.BOM_UTF8):
        return "utf-8"
    if sample.startswith(codecs.BOM_UTF16_LE):
        return "utf-16le"
    sample = sample[:SAMPLE]
    if b"\x00" in sample:  # ASCII in UTF-16 has a NUL in every other byte
        return "utf-16le" if _looks_utf16(sample, _NOT_TEXT) else None
    if _decodes(sample, "utf-8", tolerance=len(sample) // 1000):
        return "utf-8"
    # UTF-16 without a NUL is all Chinese, which GB18030 might decode too: look at it first.
    if _looks_utf16(sample, _NOT_CJK):
        return "utf-16le"
    return "gb18030" if _decodes(sample, "gb18030") else None


def _decodes(sample: bytes, encoding: str, tolerance: int = 0) -> bool:
    """Whether ``sample`` is ``encoding`` with at most ``tolerance`` bad bytes (a character cut
    at the sample's end is no error)."""
    decoder = codecs.getincrementaldecoder(encoding)("replace")
    return decoder.decode(sample, final=False).count("\ufffd") <= tolerance


def _looks_utf16(sample: bytes, unlike: str) -> bool:
    """Whether ``sample`` decoded as UTF-16LE has few characters ``unlike`` text (a pattern)."""
    text = sample[: 4096 & ~1].decode("utf-16le", "replace")
    return bool(text) and len(re.compile(unlike).findall(text)) <= len(text) // 20


class Matcher:
    """The automata for one keyword list; build once, scan many (safe to share across fork).
    ``engine``: "hyperscan" or "ahocorasick" (``automata.choose``: by default hyperscan where
    it works); EngineError if the engine asked for cannot be used."""

    def __init__(self, keywords: Sequence[Keyword], engine: str | None = None) -> None:
        self.keywords = tuple(keywords)
        self.engine = automata.choose(engine)
        self._items: list[Keyword | None] = [*self.keywords, *[None for _ in markings.ANCHORS]]
        self._words = [k.text for k in self.keywords] + list(markings.ANCHORS)
        self._trailing = {
            enc: [word.encode(enc) for word in markings.TRAILING] for enc in ENCODINGS
        }
        self._automata: dict[tuple[str, ...], _BytesAutomaton] = {}

    @functools.cached_property
    def _text_automaton(self) -> automata.Automaton:
        return automata.text_automaton(self._words, self.engine)

    def _automaton(self, encodings: tuple[str, ...]) -> _BytesAutomaton:
        """The automaton for ``encodings``, built when first needed."""
        if encodings not in self._automata:
            self._automata[encodings] = _BytesAutomaton(
                self._words, self._items, encodings, self.engine
            )
        return self._automata[encodings]

    def scan_text(self, text: str) -> list[Hit]:
        """The keywords and markings in decoded text, with character offsets."""
        found = self._text_automaton.find(text)
        keywords, anchors = [], []
        for index, start, end in found:
            keyword = self._items[index]
            if keyword is None:
                anchors.append(start)
            else:
                keywords.append((start, end, keyword))
        anchors += _trailing(text, markings.BLANK, markings.TRAILING)
        return _resolve(_TextView(text), keywords, anchors)

    def scan_bytes(
        self,
        data: bytes,
        encoding: str | None,
        *,
        start: int = 0,
        stop: int | None = None,
        offset: int = 0,
    ) -> list[Hit]:
        """The keywords and markings in ``data`` (text in ``encoding``, or of unknown encoding
        when None), with byte offsets plus ``offset``. Only hits starting in
        ``data[start:stop]`` count: a caller matching a large file in windows passes each
        window with ``MARGIN`` bytes of its neighbours on both sides, and the window's own
        range; ``offset`` is where ``data`` starts in the file."""
        stop = len(data) if stop is None else stop
        encodings = ENCODINGS if encoding is None else (encoding,)
        automaton = self._automaton(encodings)
        groups: dict[str, tuple[list, list]] = {enc: ([], []) for enc in encodings}
        for index, s, e in automaton.automaton.find(data):
            if s >= stop:
                continue  # the next window's (those before ``start`` may cover ours)
            enc, keyword = automaton.items[index]
            if encoding is None:
                if e - s < MIN_BINARY_MATCH:
                    continue
            elif not _aligned(data, s, enc, offset):
                continue
            if keyword is None:
                groups[enc][1].append(s)
            else:
                groups[enc][0].append((s, e, keyword))
        if stop == len(data) and encoding is not None:
            # A level word that ends a text without a newline (a header's only text).
            anchors = groups[encoding][1]
            for s in _trailing(data, b" \t\r\n\x00", self._trailing[encoding]):
                if _aligned(data, s, encoding, offset):
                    anchors.append(s)
        hits = []
        for enc, (keywords, anchors) in groups.items():
            if keywords or anchors:
                view = _BytesView(data, enc, origin=offset == 0)
                hits += _resolve(view, keywords, anchors, offset)
        return sorted((h for h in hits if h.start >= offset + start), key=lambda h: h.start)


def _trailing(data: AnyStr, blank: AnyStr, words: Sequence[AnyStr]) -> list[int]:
    """Where one of ``words`` ends ``data`` but for blanks."""
    tail = data[-64:].rstrip(blank)
    base = len(data) - len(data[-64:])
    return [base + len(tail) - len(w) for w in words if tail.endswith(w)]


class _BytesAutomaton:
    """One automaton over the keywords and anchors in some encodings; ``items[i]`` is the
    (encoding, keyword or None for an anchor) of pattern ``i``."""

    def __init__(
        self,
        words: list[str],
        items: list[Keyword | None],
        encodings: tuple[str, ...],
        engine: str,
    ) -> None:
        # (bytes, word number) -> encoding: an ASCII keyword is the same bytes in UTF-8 and
        # GB18030, one pattern; a keyword that is also an anchor (内部资料) stays both.
        patterns: dict[tuple[bytes, int], str] = {}
        for enc in encodings:
            for n, word in enumerate(words):
                patterns.setdefault((word.encode(enc), n), enc)
        self.items = [(enc, items[n]) for (_pattern, n), enc in patterns.items()]
        self.automaton = automata.bytes_automaton([pattern for pattern, _n in patterns], engine)


def _aligned(data: bytes, s: int, encoding: str, offset: int) -> bool:
    """Whether ``s`` is where a character starts in text of a known encoding."""
    if encoding == "utf-16le":
        return (offset + s) % 2 == 0
    if encoding == "gb18030":
        # Decode from the last byte that cannot be inside a character: it ends exactly at
        # ``s`` (no cut character) iff ``s`` is a boundary.
        lo = max(0, s - MARGIN // 2)
        safe = max(data.rfind(b, lo, s) for b in (b"\n", b" ", b"\t"))
        if safe < 0 and not (lo == 0 and offset == 0):
            return True  # nothing to align from: give the hit the benefit of the doubt
        try:
            data[safe + 1 : s].decode("gb18030")
        except UnicodeDecodeError:
            return False
    return True  # UTF-8 synchronises itself: a UTF-8 pattern only matches at a boundary


class _TextView:
    """The line around a position in decoded text."""

    encoding = None

    def __init__(self, text: str) -> None:
        self.text = text

    def before(self, pos: int) -> tuple[str, bool]:
        lo = max(0, pos - WINDOW)
        begin = self.text.rfind("\n", lo, pos) + 1
        if begin == 0 and lo > 0:
            return self.text[lo:pos], False
        return self.text[begin:pos], True

    def after(self, pos: int) -> tuple[str, bool]:
        hi = min(len(self.text), pos + WINDOW)
        end = self.text.find("\n", pos, hi)
        if end < 0:
            return self.text[pos:hi], hi == len(self.text)
        return self.text[pos:end], True

    def length(self, text: str) -> int:
        return len(text)


class _BytesView:
    """The line around a position in bytes of one encoding, decoded. ``origin``: the data
    starts where the text starts (so its first line is complete)."""

    def __init__(self, data: bytes, encoding: str, *, origin: bool) -> None:
        self.data, self.encoding, self.origin = data, encoding, origin
        self.newline = "\n".encode(encoding)
        self.unit = len(self.newline)

    def _newline(self, lo: int, hi: int, pos: int, *, backwards: bool) -> int:
        """The offset of the last (first) newline in ``data[lo:hi]`` in step with ``pos``."""
        data, nl = self.data, self.newline
        i = data.rfind(nl, lo, hi) if backwards else data.find(nl, lo, hi)
        while i >= 0 and (i - pos) % self.unit:
            i = data.rfind(nl, lo, i + 1) if backwards else data.find(nl, i + 1, hi)
        return i

    def before(self, pos: int) -> tuple[str, bool]:
        lo = max(0, pos - WINDOW)
        lo += (pos - lo) % self.unit
        i = self._newline(lo, pos, pos, backwards=True)
        if i >= 0:
            return self._decode(i + self.unit, pos), True
        if lo == 0 and self.origin:
            return self._decode(0, pos).lstrip("\ufeff"), True
        if self.encoding == "gb18030":
            safe = re.compile(_GB_SAFE).search(self.data, lo, pos)
            lo = safe.end() if safe else pos
        return self._decode(lo, pos).lstrip("\ufffd"), False

    def after(self, pos: int) -> tuple[str, bool]:
        # The window never reaches past the data's end unless the text ends there: a windowed
        # caller's margin (MARGIN) is wider than WINDOW.
        hi = min(len(self.data), pos + WINDOW)
        i = self._newline(pos, hi, pos, backwards=False)
        if i >= 0:
            return self._decode(pos, i), True
        return self._decode(pos, hi).rstrip("\ufffd"), hi == len(self.data)

    def _decode(self, lo: int, hi: int) -> str:
        return self.data[lo:hi].decode(self.encoding, "replace")

    def length(self, text: str) -> int:
        return len(text.encode(self.encoding))


def _resolve(
    view: _TextView | _BytesView,
    keywords: list[tuple[int, int, Keyword]],
    anchors: list[int],
    offset: int = 0,
) -> list[Hit]:
    """Keyword hits (the longest where they nest) and the markings confirmed at the anchors,
    their offsets moved by ``offset``."""
    hits = []
    reach = -1
    for start, end, keyword in sorted(keywords, key=lambda k: (k[0], -k[1])):
        if end <= reach:
            continue  # inside a longer keyword found at or before the same place
        reach = end
        before, whole_before = view.before(start)
        after, whole_after = view.after(end)
        snippet = mask(
            before, keyword.text, after, more_before=not whole_before, more_after=not whole_after
        )
        hits.append(
            Hit(
                KEYWORD,
                keyword.text,
                keyword.level,
                start + offset,
                end + offset,
                view.encoding,
                snippet,
            )
        )
    covered = -1
    for start in sorted(set(anchors)):
        if start < covered:
            continue  # part of a marking already found (机密★10年 holds the anchor ★)
        before, whole_before = view.before(start)
        after, whole_after = view.after(start)
        found = markings.confirm(before, after, whole_line=whole_before and whole_after)
        if found is None:
            continue
        text, level = found
        covered = start + view.length(text)
        snippet = mask(
            before,
            text,
            after[len(text) :],
            more_before=not whole_before,
            more_after=not whole_after,
        )
        hits.append(
            Hit(MARKING, text, level, start + offset, covered + offset, view.encoding, snippet)
        )
    return hits
