"""Legacy binary Office files (OLE compound files): .doc/.wps, .ppt/.dps, and OLE files of no
known kind. (.xls/.et are in ``biff.py``, .msg in ``mail.py``.)

A stream whose structure cannot be followed is handed over as raw bytes (Segment(data=...)),
which the matcher reads in UTF-8, GB18030 and UTF-16LE: the text of these formats is stored in
UTF-16LE or an 8-bit code page, so a marking is still found, only located less precisely.
"""

from __future__ import annotations

import re
import struct
from collections.abc import Iterator

import olefile

from baomi.scanner.extractors.base import OLE_MAGIC, Context
from baomi.scanner.i18n import gettext_noop
from baomi.scanner.model import Segment, SkipFile

MAGIC = OLE_MAGIC
_KINDS = (
    ("EncryptedPackage", "ole"),  # a password-protected .docx/.xlsx/.pptx
    ("WordDocument", "doc"),
    ("Workbook", "xls"),
    ("Book", "xls"),
    ("PowerPoint Document", "ppt"),
    ("__properties_version1.0", "msg"),
)


def kind(data: bytes) -> str:
    """ "doc", "xls", "ppt", "msg" or "ole", by the streams the file holds."""
    with olefile.OleFileIO(data) as ole:
        top = {entry[0] for entry in ole.listdir(streams=True, storages=True)}
    return next((name for stream, name in _KINDS if stream in top), "ole")


def extract_ole(data: bytes, ctx: Context) -> Iterator[Segment]:
    """An OLE file of no known kind: every stream as raw bytes, located by its path."""
    with olefile.OleFileIO(data) as ole:
        if ole.exists("EncryptedPackage"):
            raise SkipFile(gettext_noop("encrypted office document"))
        for path in ole.listdir():
            yield Segment(location="/".join(path), data=ole.openstream(path).read())


# --- Word 97-2003 (.doc, and .wps which WPS writes in the same format) -------------------------

# Character counts of the stories, in the order their text follows the main text (FibRgLw97).
_STORIES = (
    (0x50, "footnote"),
    (0x54, "header/footer"),
    (0x58, None),  # macro text, unused
    (0x5C, "comment"),
    (0x60, "endnote"),
    (0x64, "text box"),
    (0x68, "header text box"),
)
_FIELD_CODE = re.compile("\x13[^\x13\x14\x15]*(?:\x14|\x15)")  # keep a field's result only
_PARAGRAPH_END = re.compile("[\r\x07\x0c]")  # paragraph, table cell, page break
_CONTROL = re.compile("[\x00-\x08\x0e-\x1f]")


def extract_doc(data: bytes, ctx: Context) -> Iterator[Segment]:
    """The main text per paragraph ("paragraph N"), then the footnotes, headers and footers,
    comments, endnotes and text boxes, read through the piece table. Without a usable piece
    table, the WordDocument stream as raw bytes."""
    with olefile.OleFileIO(data) as ole:
        word = ole.openstream("WordDocument").read()
        flags = struct.unpack_from("<H", word, 0x0A)[0] if len(word) >= 0x0C else 0
        if flags & 0x0100:
            raise SkipFile(gettext_noop("encrypted doc"))
        table_name = "1Table" if flags & 0x0200 else "0Table"
        table = ole.openstream(table_name).read() if ole.exists(table_name) else b""
    try:
        text = _piece_text(word, table)
    except (ValueError, struct.error, IndexError):
        yield Segment(location="WordDocument", data=word)
        return
    main = struct.unpack_from("<I", word, 0x4C)[0]
    paragraphs = _PARAGRAPH_END.split(_clean(text[:main]))
    for number, paragraph in enumerate(paragraphs, 1):
        yield Segment(location=f"paragraph {number}", text=paragraph)
    start = main
    for offset, label in _STORIES:
        length = struct.unpack_from("<I", word, offset)[0]
        if label is not None:
            story = _PARAGRAPH_END.sub("\n", _clean(text[start : start + length]))
            yield Segment(location=label, text=story)
        start += length


def _piece_text(word: bytes, table: bytes) -> str:
    """The document's text in character order, assembled from the piece table (the Clx in the
    table stream): each piece is UTF-16LE, or "compressed" 8-bit CP1252."""
    if len(word) < 0x1AA or struct.unpack_from("<H", word, 0)[0] != 0xA5EC:
        raise ValueError("no Word FIB")
    fc_clx, lcb_clx = struct.unpack_from("<II", word, 0x1A2)
    clx = table[fc_clx : fc_clx + lcb_clx]
    if lcb_clx == 0 or len(clx) != lcb_clx:
        raise ValueError("no piece table")
    pos = 0
    while clx[pos] == 0x01:  # Prc: property modifiers, skipped
        pos += 3 + struct.unpack_from("<H", clx, pos + 1)[0]
    if clx[pos] != 0x02:
        raise ValueError("no piece table")
    size = struct.unpack_from("<I", clx, pos + 1)[0]
    plc = clx[pos + 5 : pos + 5 + size]
    count = (len(plc) - 4) // 12
    positions = struct.unpack_from(f"<{count + 1}I", plc, 0)
    pieces = []
    for index in range(count):
        length = positions[index + 1] - positions[index]
        fc = struct.unpack_from("<I", plc, 4 * (count + 1) + 8 * index + 2)[0]
        if length < 0 or length > len(word):
            raise ValueError("bad piece")
        if fc & 0x40000000:
            start = (fc & 0x3FFFFFFF) // 2
            pieces.append(word[start : start + length].decode("cp1252", "replace"))
        else:
            pieces.append(word[fc : fc + 2 * length].decode("utf-16-le", "replace"))
    return "".join(pieces)


def _clean(text: str) -> str:
    text = _FIELD_CODE.sub("", text).replace("\x0b", "\n").replace("\x1e", "-")
    return _CONTROL.sub("", text)


# --- PowerPoint 97-2003 (.ppt, and .dps) --------------------------------------------------------

_CONTAINER = 0xF
_SLIDE_LIST, _SLIDE_PERSIST = 0x0FF0, 0x03F3
_TEXT_CHARS, _TEXT_BYTES, _CSTRING = 0x0FA0, 0x0FA8, 0x0FBA
_COMMENT = 0x2EE0
_LIST_LABELS = {0: "slide", 2: "notes"}  # SlideListWithText instances; 1 is the masters


def extract_ppt(data: bytes, ctx: Context) -> Iterator[Segment]:
    """The text atoms of the PowerPoint Document stream: slide text in outline order
    ("slide N", "notes N"), other shapes' text ("text"), comments ("comment")."""
    with olefile.OleFileIO(data) as ole:
        if ole.exists("EncryptedSummary"):
            raise SkipFile(gettext_noop("encrypted ppt"))
        stream = ole.openstream("PowerPoint Document").read()
    try:
        segments = list(_ppt_text(stream))
    except (ValueError, struct.error):
        segments = [Segment(location="PowerPoint Document", data=stream)]
    yield from segments


def _ppt_text(stream: bytes) -> Iterator[Segment]:
    open_containers: list[tuple[int, int, int]] = []  # (end, record type, instance)
    persisted = {0: 0, 1: 0, 2: 0}
    pos = 0
    while pos + 8 <= len(stream):
        while open_containers and pos >= open_containers[-1][0]:
            open_containers.pop()
        head, kind, length = struct.unpack_from("<HHI", stream, pos)
        version, instance = head & 0xF, head >> 4
        if version == _CONTAINER:
            open_containers.append((pos + 8 + length, kind, instance))
            pos += 8
            continue
        body = stream[pos + 8 : pos + 8 + length]
        if len(body) != length:
            raise ValueError("truncated record")
        pos += 8 + length
        slide_list = next((c for c in open_containers if c[1] == _SLIDE_LIST), None)
        if kind == _SLIDE_PERSIST and slide_list is not None:
            persisted[slide_list[2]] = persisted.get(slide_list[2], 0) + 1
        if kind not in (_TEXT_CHARS, _TEXT_BYTES, _CSTRING):
            continue
        in_comment = any(c[1] == _COMMENT for c in open_containers)
        if kind == _CSTRING and not in_comment:
            continue  # names of fonts, links, custom shows
        text = body.decode("utf-16-le" if kind != _TEXT_BYTES else "latin-1", "replace")
        if in_comment:
            location = "comment"
        elif slide_list is not None and slide_list[2] in _LIST_LABELS:
            location = f"{_LIST_LABELS[slide_list[2]]} {persisted[slide_list[2]]}"
        else:
            location = "text"
        yield Segment(location=location, text=text.replace("\r", "\n"))
