"""RTF to text: control words stripped, ``\\uN`` escapes and ``\\'hh`` bytes decoded.

``\\'hh`` bytes (and raw 8-bit text) are decoded in the code page of the current font's
``\\fcharset``, or else the document's ``\\ansicpg`` (936 → GBK, read as its superset GB18030).
Body text comes out per paragraph ("paragraph N"); headers, footers, footnotes, comments and the
document properties each as one segment ("header 1", "footer 1", "footnote 1", "comment 1",
"properties").
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace

from baomi.scanner.extractors.base import Context
from baomi.scanner.model import Segment

_TOKEN = re.compile(
    rb"\\([a-zA-Z]{1,32})(-?\d{1,10})? ?"  # control word with its parameter
    rb"|\\'([0-9a-fA-F]{2})"  # a byte in the code page
    rb"|\\(.)"  # control symbol (or a stray backslash)
    rb"|([{}])"
    rb"|[\r\n]+"
    rb"|([^\\{}\r\n]+)",  # text
    re.S,
)
# Windows character sets (\fcharsetN) → code pages; 0, 1 and 2 mean "the document's ANSI page".
_CHARSETS = {
    128: 932,
    129: 949,
    130: 1361,
    134: 936,
    136: 950,
    161: 1253,
    162: 1254,
    163: 1258,
    177: 1255,
    178: 1256,
    186: 1257,
    204: 1251,
    222: 874,
    238: 1250,
}
_SKIPPED = frozenset(
    b"colortbl stylesheet listtable listoverridetable revtbl rsidtbl generator pict objdata "
    b"themedata colorschememapping datastore latentstyles xmlnstbl filetbl fldinst pgdsctbl "
    b"nonshppict sp sn sv userprops wgrffmtfilter passwordhash mmathPr".split()
)
_LABELLED = {
    b"header": "header",
    b"headerl": "header",
    b"headerr": "header",
    b"headerf": "header",
    b"footer": "footer",
    b"footerl": "footer",
    b"footerr": "footer",
    b"footerf": "footer",
    b"footnote": "footnote",
    b"annotation": "comment",
    b"info": "properties",
}
_INFO_FIELDS = frozenset(
    b"title subject author manager company operator category keywords comment doccomm".split()
)
_CHARS = {
    b"tab": "\t",
    b"cell": "\t",
    b"line": "\n",
    b"emdash": "—",
    b"endash": "–",
    b"bullet": "•",
    b"lquote": "‘",
    b"rquote": "’",
    b"ldblquote": "“",
    b"rdblquote": "”",
    b"emspace": " ",
    b"enspace": " ",
    b"qmspace": " ",
}
_BREAKS = frozenset((b"par", b"sect", b"page", b"row"))
_SYMBOLS = {b"~": "\u00a0", b"_": "-", b"-": "", b"\\": "\\", b"{": "{", b"}": "}"}


def extract(data: bytes, ctx: Context) -> Iterator[Segment]:
    return iter(_Converter(data).run())


def _codec(codepage: int) -> str:
    if codepage == 936:
        return "gb18030"
    try:
        return codecs.lookup(f"cp{codepage}").name
    except LookupError:
        return "cp1252"


@dataclass
class _Group:
    codec: str = "cp1252"
    uc: int = 1  # characters of fallback that follow a \uN
    skip: bool = False  # inside a destination that holds no text
    fonttbl: bool = False
    sink: list[str] | None = None  # the labelled destination being collected; None: the body
    label: str = ""
    ignorable: bool = False  # the group began with \*


class _Converter:
    def __init__(self, data: bytes) -> None:
        self.data = data
        self.group = _Group()
        self.stack: list[_Group] = []
        self.ansi = "cp1252"
        self.fonts: dict[int, str] = {}
        self.font = 0  # the font being defined in the font table
        self.pending = bytearray()  # bytes awaiting decoding in the group's code page
        self.fallback = 0  # fallback characters of a \uN still to drop
        self.paragraph: list[str] = []
        self.paragraphs = 0
        self.counts: dict[str, int] = {}
        self.segments: list[Segment] = []

    def run(self) -> list[Segment]:
        pos, end = 0, len(self.data)
        while pos < end:
            match = _TOKEN.match(self.data, pos)
            if match is None:  # a backslash as the very last byte
                break
            pos = match.end()
            word, param, hexbyte, symbol, brace, text = match.groups()
            if hexbyte is not None:
                self._bytes(bytes.fromhex(hexbyte.decode()))
                continue
            if text is not None:
                self._bytes(text)
                continue
            self._flush_bytes()
            if word is not None:
                if word == b"bin" and param:
                    pos += max(int(param), 0)
                self._word(word, int(param) if param else None)
            elif symbol is not None:
                self._symbol(symbol)
            elif brace == b"{":
                self.fallback = 0
                self.stack.append(self.group)
                self.group = replace(self.group, ignorable=False)
            elif brace == b"}":
                self.fallback = 0
                self._close_group()
        self._flush_bytes()
        self._end_paragraph()
        while self.stack:
            self._close_group()
        return self.segments

    def _bytes(self, raw: bytes) -> None:
        if self.fallback:
            dropped = min(self.fallback, len(raw))
            self.fallback -= dropped
            raw = raw[dropped:]
        self.pending += raw

    def _flush_bytes(self) -> None:
        if self.pending:
            self._emit(bytes(self.pending).decode(self.group.codec, "replace"))
            self.pending.clear()

    def _emit(self, text: str) -> None:
        if self.group.skip or not text:
            return
        (self.paragraph if self.group.sink is None else self.group.sink).append(text)

    def _word(self, word: bytes, param: int | None) -> None:
        group = self.group
        if self.fallback and word != b"u":
            self.fallback -= 1
            return
        if word == b"u" and param is not None:
            self._emit(chr(param + 65536 if param < 0 else param))
            self.fallback = group.uc
        elif word == b"uc" and param is not None:
            group.uc = param
        elif word == b"ansicpg" and param:
            self.ansi = group.codec = _codec(param)
        elif word == b"fonttbl":
            group.fonttbl = group.skip = True
        elif group.fonttbl:
            self._font_table(word, param)
        elif word == b"f" and param is not None:
            group.codec = self.fonts.get(param, self.ansi)
        elif word in _LABELLED and not group.skip:
            group.label = _LABELLED[word]
            group.sink = []
        elif word in _SKIPPED or group.ignorable:
            group.skip = True
        elif word in _INFO_FIELDS and group.label == "properties":
            self._emit("\n")
        elif word in _BREAKS:
            self._break()
        elif word in _CHARS:
            self._emit(_CHARS[word])
        group.ignorable = False

    def _font_table(self, word: bytes, param: int | None) -> None:
        if param is None:
            return
        if word == b"f":
            self.font = param
        elif word == b"fcharset" and param in _CHARSETS:
            self.fonts[self.font] = _codec(_CHARSETS[param])
        elif word == b"cpg" and param:
            self.fonts[self.font] = _codec(param)

    def _symbol(self, symbol: bytes) -> None:
        if symbol == b"*":
            self.group.ignorable = True
        elif self.fallback:
            self.fallback -= 1
        elif symbol in (b"\n", b"\r"):
            self._break()
        else:
            self._emit(_SYMBOLS.get(symbol, ""))

    def _break(self) -> None:
        if self.group.sink is None:
            self._end_paragraph()
        else:
            self._emit("\n")

    def _end_paragraph(self) -> None:
        self.paragraphs += 1
        self._add(f"paragraph {self.paragraphs}", self.paragraph)
        self.paragraph = []

    def _close_group(self) -> None:
        closed = self.group
        self.group = self.stack.pop() if self.stack else _Group()
        if closed.sink is not None and closed.sink is not self.group.sink:
            self.counts[closed.label] = self.counts.get(closed.label, 0) + 1
            label = closed.label
            if label != "properties":
                label = f"{label} {self.counts[label]}"
            self._add(label, closed.sink)

    def _add(self, location: str, pieces: list[str]) -> None:
        # \uN escapes of characters beyond the BMP arrive as two surrogate halves
        text = "".join(pieces).encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")
        self.segments.append(Segment(location=location, text=text.strip("\n")))
