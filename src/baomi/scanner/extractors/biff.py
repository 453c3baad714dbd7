"""Excel 97-2003 (.xls, and .et which WPS writes in the same BIFF8 format).

Locations: "sheet NAME" (the name itself), "sheet NAME!B7" (a text cell, or a formula's text
result), "sheet NAME header" / "sheet NAME footer", "shared string N" (a string no cell refers
to). A workbook whose records cannot be followed is handed over as raw bytes.
"""

from __future__ import annotations

import struct
from collections.abc import Iterator

import olefile

from baomi.scanner.extractors.base import Context
from baomi.scanner.extractors.ooxml import header_text
from baomi.scanner.extractors.xmltext import cell_ref
from baomi.scanner.i18n import gettext_noop
from baomi.scanner.model import Segment, SkipFile

_BOF, _EOF, _BOUNDSHEET, _FILEPASS = 0x0809, 0x000A, 0x0085, 0x002F
_SST, _CONTINUE, _LABELSST, _LABEL = 0x00FC, 0x003C, 0x00FD, 0x0204
_FORMULA, _STRING, _HEADER, _FOOTER = 0x0006, 0x0207, 0x0014, 0x0015
_BIFF8 = 0x0600


def extract_xls(data: bytes, ctx: Context) -> Iterator[Segment]:
    with olefile.OleFileIO(data) as ole:
        name = "Workbook" if ole.exists("Workbook") else "Book"
        stream = ole.openstream(name).read()
    try:
        segments = list(_workbook(stream))
    except (ValueError, struct.error, IndexError, UnicodeDecodeError):
        segments = [Segment(location=name, data=stream)]
    yield from segments


def _records(stream: bytes) -> Iterator[tuple[int, int, bytes]]:
    pos = 0
    while pos + 4 <= len(stream):
        kind, length = struct.unpack_from("<HH", stream, pos)
        yield pos, kind, stream[pos + 4 : pos + 4 + length]
        pos += 4 + length


def _workbook(stream: bytes) -> Iterator[Segment]:
    records = list(_records(stream))
    if not records or records[0][1] != _BOF or struct.unpack_from("<H", records[0][2])[0] != _BIFF8:
        raise ValueError("not a BIFF8 workbook")
    sheets: dict[int, str] = {}  # offset of the sheet's BOF → name
    strings: list[str] = []
    used: set[int] = set()
    sheet = ""
    formula_cell = ""
    for index, (offset, kind, body) in enumerate(records):
        if kind == _FILEPASS:
            raise SkipFile(gettext_noop("encrypted xls"))
        if kind == _BOUNDSHEET:
            name = _Reader([body[6:]]).short_string()
            sheets[struct.unpack_from("<I", body)[0]] = name
            yield Segment(location=f"sheet {name}", text=name)
        elif kind == _BOF:
            sheet = sheets.get(offset, sheet)
        elif kind == _SST:
            chunks = [body[8:]] + [b for _, k, b in _continuations(records, index)]
            strings = _Reader(chunks).strings(struct.unpack_from("<I", body, 4)[0])
        elif kind == _LABELSST:
            row, column, _, number = struct.unpack_from("<HHHI", body)
            if number < len(strings):
                used.add(number)
                yield Segment(f"sheet {sheet}!{cell_ref(column + 1, row + 1)}", strings[number])
        elif kind == _LABEL:
            row, column = struct.unpack_from("<HH", body)
            text = _Reader([body[6:]]).string()
            yield Segment(f"sheet {sheet}!{cell_ref(column + 1, row + 1)}", text)
        elif kind == _FORMULA:
            row, column = struct.unpack_from("<HH", body)
            formula_cell = cell_ref(column + 1, row + 1)
        elif kind == _STRING:
            yield Segment(f"sheet {sheet}!{formula_cell}", _Reader([body]).string())
        elif kind in (_HEADER, _FOOTER) and body:
            label = "header" if kind == _HEADER else "footer"
            yield Segment(f"sheet {sheet} {label}", header_text(_Reader([body]).string()))
    for number, text in enumerate(strings):
        if number not in used:
            yield Segment(location=f"shared string {number + 1}", text=text)


def _continuations(
    records: list[tuple[int, int, bytes]], index: int
) -> Iterator[tuple[int, int, bytes]]:
    for record in records[index + 1 :]:
        if record[1] != _CONTINUE:
            return
        yield record


class _Reader:
    """Reads XLUnicodeStrings from a record and its CONTINUE records. A string's characters
    may break across records; each continuation then starts with a fresh flags byte saying
    whether the rest is 8-bit or UTF-16LE."""

    def __init__(self, chunks: list[bytes]) -> None:
        self.chunks = chunks
        self.index = 0
        self.pos = 0

    def _advance(self) -> None:
        self.index += 1
        self.pos = 0
        if self.index >= len(self.chunks):
            raise ValueError("string runs past its records")

    def read(self, size: int) -> bytes:
        out = bytearray()
        while len(out) < size:
            chunk = self.chunks[self.index]
            if self.pos >= len(chunk):
                self._advance()
                continue
            piece = chunk[self.pos : self.pos + size - len(out)]
            out += piece
            self.pos += len(piece)
        return bytes(out)

    def chars(self, count: int, wide: bool) -> str:
        pieces = []
        while count:
            chunk = self.chunks[self.index]
            if self.pos >= len(chunk):
                self._advance()
                wide = bool(self.read(1)[0] & 0x1)
                continue
            width = 2 if wide else 1
            take = min(count, (len(chunk) - self.pos) // width)
            if take == 0:
                raise ValueError("character split across records")
            raw = chunk[self.pos : self.pos + take * width]
            pieces.append(raw.decode("utf-16-le" if wide else "latin-1"))
            self.pos += take * width
            count -= take
        return "".join(pieces)

    def short_string(self) -> str:
        """ShortXLUnicodeString: an 8-bit count, flags, characters (a sheet name)."""
        count, flags = self.read(2)
        return self.chars(count, bool(flags & 0x1))

    def string(self) -> str:
        """XLUnicodeString: a 16-bit count, flags, characters."""
        count = struct.unpack("<H", self.read(2))[0]
        return self.chars(count, bool(self.read(1)[0] & 0x1))

    def strings(self, total: int) -> list[str]:
        """The shared string table: XLUnicodeRichExtendedStrings, formatting runs and phonetic
        data skipped. A table that ends early (a wrong count) gives the strings it has."""
        found: list[str] = []
        try:
            for _ in range(total):
                count = struct.unpack("<H", self.read(2))[0]
                flags = self.read(1)[0]
                runs = struct.unpack("<H", self.read(2))[0] if flags & 0x8 else 0
                extra = struct.unpack("<I", self.read(4))[0] if flags & 0x4 else 0
                found.append(self.chars(count, bool(flags & 0x1)))
                self.read(4 * runs + extra)
        except ValueError:
            pass
        return found
