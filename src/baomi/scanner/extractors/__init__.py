"""Turn a file of any format into the pieces of text (or raw bytes) the matcher reads.

    for part in parts(name, data, limits=Limits()):
        if part.skipped:  ... report path + part.path_suffix as skipped for part.skipped
        else:             ... match each Segment of part.segments

``parts`` never raises for a bad file: whatever cannot be read comes out as a part with
``skipped`` set ("encrypted zip", "zip bomb", "corrupt docx" …). A file partly read (a PDF with
one broken page, a zip that turned out to be a bomb half-way) yields a part with what was read
and a skipped part with the same ``path_suffix``. Members of archives and mail attachments
follow as further parts ("!dir/report.docx", nested "!a.zip!b.docx"); a container's own part
comes after its members.

The format is decided by the magic bytes first (zip → docx/xlsx/pptx/odt/ods/odp/zip by the
entries inside; %PDF; OLE → doc/xls/ppt/msg by the streams inside; {\\rtf), then by the
extension. Plain text and anything unknown is one raw-bytes segment: the matcher reads it in
UTF-8, GB18030 and UTF-16LE at once.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Iterator
from dataclasses import replace
from typing import Any

from baomi.scanner.extractors.base import (
    OLE_MAGIC,
    Budget,
    Context,
    Extractor,
    Limits,
    Member,
    Part,
)
from baomi.scanner.i18n import gettext_noop
from baomi.scanner.model import Segment, SkipFile

__all__ = ["Limits", "Part", "detect", "parts"]

# format -> (module of this package, function). A module is imported when a file of its format
# is first met: a scan of plain text loads no zip, mail, OLE or PDF reader (nor olefile, pypdf).
_EXTRACTORS: dict[str, tuple[str, str]] = {
    "text": ("text", "extract_raw"),
    "bytes": ("text", "extract_raw"),
    "html": ("text", "extract_markup"),
    "xml": ("text", "extract_markup"),
    "rtf": ("rtf", "extract"),
    "eml": ("mail", "extract_eml"),
    "msg": ("mail", "extract_msg"),
    "docx": ("ooxml", "extract_docx"),
    "xlsx": ("ooxml", "extract_xlsx"),
    "pptx": ("ooxml", "extract_pptx"),
    "odt": ("odf", "extract"),
    "ods": ("odf", "extract"),
    "odp": ("odf", "extract"),
    "pdf": ("pdf", "extract"),
    "doc": ("ole", "extract_doc"),
    "xls": ("biff", "extract_xls"),
    "ppt": ("ole", "extract_ppt"),
    "ole": ("ole", "extract_ole"),
    "zip": ("archive", "extract"),
}
_CONTAINERS = frozenset(("zip", "eml", "msg"))  # what max_depth counts
_EXTENSIONS = {
    **dict.fromkeys(("txt", "csv", "tsv", "md", "json", "log", "ini", "conf", "yaml"), "text"),
    **dict.fromkeys(("html", "htm", "xhtml"), "html"),
    **dict.fromkeys(("eml", "mht", "mhtml"), "eml"),
    **dict.fromkeys(("docx", "docm", "dotx"), "docx"),
    **dict.fromkeys(("xlsx", "xlsm"), "xlsx"),
    **dict.fromkeys(("pptx", "pptm"), "pptx"),
    **dict.fromkeys(("zip", "jar"), "zip"),
    **dict.fromkeys(("doc", "wps"), "doc"),
    **dict.fromkeys(("xls", "et"), "xls"),
    **dict.fromkeys(("ppt", "dps"), "ppt"),
    **{ext: ext for ext in ("xml", "rtf", "msg", "pdf", "odt", "ods", "odp")},
}
_OOXML = {"word/": "docx", "xl/": "xlsx", "ppt/": "pptx"}
_ODF = {
    b"application/vnd.oasis.opendocument.text": "odt",
    b"application/vnd.oasis.opendocument.spreadsheet": "ods",
    b"application/vnd.oasis.opendocument.presentation": "odp",
}
_MIMETYPE_BYTES = 256  # an ODF package's mimetype member is read only when it declares less
_DEFAULT_LIMITS = Limits()


def parts(name: str, data: bytes, *, limits: Limits) -> Iterator[Part]:
    """The parts of file ``name`` with content ``data``: the file itself and whatever it holds,
    each with its segments or the reason it was skipped."""
    yield from _parts(name, data, "", Context(limits, Budget(limits.max_total_bytes)))


def _parts(name: str, data: bytes, suffix: str, ctx: Context) -> Iterator[Part]:
    fmt = detect(name, data, ctx.limits)
    if fmt in _CONTAINERS and ctx.depth >= ctx.limits.max_depth:
        yield Part(suffix, fmt, (), skipped=gettext_noop("nested too deep"))
        return
    inner = None  # the context of its members, made at the first (most files have none)
    own: list[Segment] = []
    reason = None
    extract = _extractor(fmt)  # outside the try: a reader that cannot be imported is no "corrupt"
    try:
        for item in extract(data, ctx):
            if isinstance(item, Member):
                inner = inner or replace(ctx, depth=ctx.depth + 1)
                yield from _member(item, suffix, inner)
            elif item.data is not None or (item.text and not item.text.isspace()):
                own.append(item)  # blank text (an empty paragraph or header) says nothing
    except SkipFile as skip:
        reason = skip.reason
    except Exception:  # a hostile or broken file must not stop the scan
        reason = f"corrupt {fmt}"
    if own or reason is None:
        yield Part(suffix, fmt, tuple(own))
    if reason is not None:
        yield Part(suffix, fmt, (), skipped=reason)


def _member(member: Member, suffix: str, ctx: Context) -> Iterator[Part]:
    path = f"{suffix}!{member.name}"
    if member.skipped:
        yield Part(path, _by_extension(member.name) or "bytes", (), skipped=member.skipped)
    else:
        yield from _parts(member.name, member.data, path, ctx)


def detect(name: str, data: bytes, limits: Limits = _DEFAULT_LIMITS) -> str:
    """The format of a file: "docx", "pdf", "zip", "text", "bytes" (unknown binary) …
    ``limits`` bound what a zip's entries may cost to list and read."""
    claimed = _by_extension(name)
    if data.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return _zip_kind(data, claimed, limits)
    if b"%PDF-" in data[:1024]:
        return "pdf"
    if data.startswith(OLE_MAGIC):
        try:
            return _module("ole").kind(data)
        except Exception:  # an OLE file too broken to list: let its extractor report it
            return claimed if claimed in ("doc", "xls", "ppt", "msg") else "ole"
    if data.startswith(b"{\\rtf"):
        return "rtf"
    if claimed in ("text", "html", "xml", "rtf", "eml"):
        return claimed
    head = data[:512].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith(b"<?xml"):
        return "xml"
    if head.startswith((b"<!doctype html", b"<html")):
        return "html"
    # A binary format's name without its magic bytes: a text file under a borrowed extension
    # (Tcl's .msg catalogues, CSV exported as .xls) or junk; either way, match the raw bytes
    return "bytes"


def _module(name: str) -> Any:
    """This package's module ``name``, imported on first use."""
    return importlib.import_module(f"{__name__}.{name}")


def _extractor(fmt: str) -> Extractor:
    module, function = _EXTRACTORS[fmt]
    return getattr(_module(module), function)


def _by_extension(name: str) -> str | None:
    return _EXTENSIONS.get(os.path.splitext(name)[1].lower().lstrip("."))


def _zip_kind(data: bytes, claimed: str | None, limits: Limits) -> str:
    """An OOXML or ODF package by its entries, else a plain zip. A zip that cannot be opened
    keeps the format its extension claims, so it is reported as e.g. "corrupt docx". The
    mimetype is read bounded like any member: zipfile's own read of a member that lies about
    its size unpacks all of it at once (300 KB declaring 10 bytes made a 600 MB peak)."""
    archive = _module("archive")
    try:
        with archive.open_zip(data, limits) as package:
            names = package.namelist()
            info = package.getinfo("mimetype") if "mimetype" in names else None
            small = info is not None and info.file_size < _MIMETYPE_BYTES
            ctx = Context(limits, Budget(_MIMETYPE_BYTES))
            mimetype = archive.read_member(package, info, ctx).strip() if small else b""
    except Exception:  # too many entries, no central directory, a mimetype that lies …
        return claimed if claimed in ("docx", "xlsx", "pptx", "odt", "ods", "odp") else "zip"
    if mimetype in _ODF:
        return _ODF[mimetype]
    if "[Content_Types].xml" in names:
        for prefix, fmt in _OOXML.items():
            if any(entry.startswith(prefix) for entry in names):
                return fmt
    return "zip"
