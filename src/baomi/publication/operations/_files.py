"""The file of a submission (PUB-REVIEW), checked and scanned once for every operation that
records a version.

A file is a .docx, .xlsx, PDF or plain text, recognised by its bytes (the scanner's format
detection, ``baomi.scanner.extractors.detect``, under a name that claims nothing), never by its
name or the type the browser claims; an office file (a zip) first passes the upload bounds
(``core.uploads.check_archive``). Its size is bounded by the setting
``PUBLICATION_MAX_BYTES`` (20 MB by default). ``scan`` runs ``baomi scan``'s engine
(``scanner.engine.Engine.scan_file`` with the default keyword list) on the bytes and answers the
findings (kind, match, level, location, masked snippet) and what could not be read.

This module writes nothing."""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
import zipfile
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

from baomi.core.errors import InvalidInput
from baomi.core.text import bounded_text
from baomi.core.uploads import UNREADABLE, check_archive
from baomi.scanner import extractors, keywords
from baomi.scanner.engine import Engine
from baomi.scanner.matcher import Matcher
from baomi.scanner.walker import FileEntry

MB = 1024 * 1024
DEFAULT_MAX_BYTES = 20 * MB
MAX_NAME = 200
FIELD = "file"

# The accepted formats (the scanner's names) and their content types and extensions.
TYPES: dict[str, tuple[str, str]] = {
    "docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "docx",
    ),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
    "pdf": ("application/pdf", "pdf"),
    "text": ("text/plain; charset=utf-8", "txt"),
}
ACCEPT = ".docx,.xlsx,.pdf,.txt"
_UNSAFE_NAME = re.compile(r"[\\/:*?\"<>|\x00-\x1f\x7f]")


def max_bytes() -> int:
    """The largest file accepted, in bytes (setting ``PUBLICATION_MAX_BYTES``)."""
    return int(getattr(settings, "PUBLICATION_MAX_BYTES", DEFAULT_MAX_BYTES))


def too_large() -> InvalidInput:
    limit = max_bytes()
    return InvalidInput(
        _("The file is larger than %(mb)s MB.") % {"mb": f"{limit / MB:g}"}, field=FIELD
    )


def _is_text(data: bytes) -> bool:
    if b"\x00" in data:
        return False
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            decoded = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        return not any(ord(c) < 32 and c not in "\t\r\n\f" for c in decoded)
    return False


def file_format(data: bytes) -> str | None:
    """The accepted format of ``data`` by its bytes ("docx", "xlsx", "pdf", "text"), or None."""
    try:
        found = extractors.detect("file", data)
    except Exception:  # a file too broken to detect is no accepted file
        return None
    if found in ("docx", "xlsx", "pdf"):
        return found
    if found in ("bytes", "text") and _is_text(data):
        return "text"
    return None


def safe_name(name: str | None, fmt: str) -> str:
    """The file's name as stored: the last path part, no separators or control characters,
    at most ``MAX_NAME`` characters, ending with the extension of its recognised format."""
    base = os.path.basename(str(name or "").replace("\\", "/"))
    base = _UNSAFE_NAME.sub("_", base).strip(" .") or "file"
    extension = TYPES[fmt][1]
    stem, dot, ext = base.rpartition(".")
    if not dot or ext.lower() != extension:
        stem = base
    stem = stem[: MAX_NAME - len(extension) - 1]
    return bounded_text(f"{stem}.{extension}", FIELD, MAX_NAME)


@dataclass(frozen=True)
class Checked:
    content: bytes
    filename: str
    content_type: str
    format: str
    size: int
    sha256: str


def check_file(data: Any, name: str | None) -> Checked:
    """The file's bytes, name, type, size and hash; ``InvalidInput`` on field ``file`` for
    no file, an empty or oversized one, or one of another type."""
    if data is None:
        raise InvalidInput(_("This field is required."), field=FIELD)
    if not isinstance(data, bytes | bytearray | memoryview):
        raise InvalidInput(_("The file is not a file."), field=FIELD)
    content = bytes(data)
    if not content:
        raise InvalidInput(_("The file is empty."), field=FIELD)
    if len(content) > max_bytes():
        raise too_large()
    fmt = file_format(content)
    if fmt is None:
        raise InvalidInput(
            _("The file must be a Word (.docx), Excel (.xlsx), PDF or plain text file."),
            field=FIELD,
        )
    if fmt in ("docx", "xlsx"):
        try:
            check_archive(content, field=FIELD)
        except UNREADABLE as exc:
            raise InvalidInput(_("The file cannot be read."), field=FIELD) from exc
        except zipfile.LargeZipFile as exc:
            raise InvalidInput(_("The file cannot be read."), field=FIELD) from exc
    return Checked(
        content=content,
        filename=safe_name(name, fmt),
        content_type=TYPES[fmt][0],
        format=fmt,
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
    )


@lru_cache(maxsize=1)
def _engine() -> Engine:
    return Engine(Matcher(keywords.load().keywords))


def scan(checked: Checked) -> tuple[list[dict[str, Any]], list[str]]:
    """What ``baomi scan``'s engine finds in the file: its findings (kind, match, level,
    location, snippet) and the reasons of the parts it could not read."""
    suffix = "." + TYPES[checked.format][1]
    with tempfile.TemporaryDirectory(prefix="baomi-pub-") as folder:
        path = os.path.join(folder, "submitted" + suffix)
        with open(path, "wb") as f:
            f.write(checked.content)
        st = os.stat(path)
        entry = FileEntry.of(path, st)
        result = _engine().scan_file(entry)
    findings = [
        {
            "kind": f.kind,
            "match": f.match,
            "level": f.level or "",
            "location": f.location,
            "snippet": f.snippet,
        }
        for f in result.findings
    ]
    skipped = [s.reason for s in result.skipped]
    return findings, skipped
