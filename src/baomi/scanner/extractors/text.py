"""Text-like files: plain text as raw bytes, HTML and XML with the tags stripped (RTF is in
``rtf.py``)."""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator

from baomi.scanner.extractors.base import Context
from baomi.scanner.model import Segment

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_DECLARED = re.compile(rb"""(?:charset|encoding)\s*=\s*["']?([A-Za-z0-9_.:-]+)""", re.I)
_MARKUP = re.compile(r"<!--(.*?)-->|<!\[CDATA\[(.*?)\]\]>|<[^>]*>", re.S)


def extract_raw(data: bytes, ctx: Context) -> Iterator[Segment]:
    """Plain text and unknown binaries: the bytes themselves, which the matcher reads in UTF-8,
    GB18030 and UTF-16LE at once."""
    yield Segment(location="", data=data)


def extract_markup(data: bytes, ctx: Context) -> Iterator[Segment]:
    """HTML and XML: the text between the tags (comments and CDATA included), one segment per
    source line that has any, at "line N"."""
    for number, line in enumerate(strip_markup(decode_text(data)).splitlines(), 1):
        yield Segment(location=f"line {number}", text=line)


def codec(label: str | None) -> str | None:
    """The Python codec for a declared charset; GB2312 and GBK widen to GB18030, their superset
    (mail and web pages labelled GB2312 routinely hold GBK characters). None if unknown."""
    if not label:
        return None
    try:
        name = codecs.lookup(label).name
    except LookupError:
        return None
    return "gb18030" if name in ("gb2312", "gbk") else name


def decode_text(data: bytes, declared: str | None = None) -> str:
    """Decode markup of unknown encoding: a BOM, else ASCII markup in UTF-16LE, else the charset
    declared by the caller or in the document, else UTF-8, else GB18030."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            return data.decode(name, "replace")
    head = data[:4096]
    if len(head) >= 8 and head[1::2].count(0) > len(head) // 4:
        return data.decode("utf-16-le", "replace")
    found = _DECLARED.search(head)
    for label in (declared, found and found.group(1).decode("ascii")):
        name = codec(label)
        if name:
            try:
                return data.decode(name)
            except UnicodeDecodeError:
                continue
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("gb18030", "replace")


def strip_markup(text: str) -> str:
    """Remove tags, keeping comment and CDATA content and each tag's line breaks (so lines stay
    where they were in the source); resolve entities. A tag between two characters joins them:
    Word's HTML splits words into runs (``<span>机</span><span>密</span>``)."""

    def keep(match: re.Match[str]) -> str:
        inner = match.group(1) if match.group(1) is not None else match.group(2)
        return inner if inner is not None else "\n" * match.group(0).count("\n")

    import html  # for markup only: not loaded by a scan of plain text

    return html.unescape(_MARKUP.sub(keep, text))
