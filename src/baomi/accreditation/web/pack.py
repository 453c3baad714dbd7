"""The evidence pack (评审材料): a zip of one folder per chapter, each holding the registers
that prove its items — every register as its own page exports it (.xlsx and PDF, through the
register entries of ``seams.registers``, each export recorded by its page as usual) — and the
chapter's part of the score; the whole score's summary at the top. The pack is bounded
(MAX_BYTES): past it, a register is left out and a note in its folder says so; a register
the page refuses (too long to export, …) leaves a note with the reason. The pack itself is
recorded as an export."""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote, urlsplit

from django.http import HttpRequest, QueryDict
from django.urls import Resolver404, resolve
from django.utils.translation import gettext as _

from baomi.accreditation.operations.pack import record_pack
from baomi.accreditation.queries import summary
from baomi.accreditation.queries.score import Score
from baomi.core.errors import BaomiError
from baomi.core.exports import EXPORTERS, to_pdf, to_xlsx
from baomi.seams.registers import REGISTER_ENTRIES

# The most the pack's files add up to, uncompressed.
MAX_BYTES = 60 * 1024 * 1024
_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')
_FILENAME_STAR = re.compile(r"filename\*=UTF-8''([^;]+)")
_FILENAME = re.compile(r'filename="([^"]+)"')


def safe(name: str) -> str:
    """A file or folder name without the characters a file system refuses."""
    return _UNSAFE.sub("_", name).strip(" .")[:80] or "_"


@dataclass
class Packing:
    """The files written so far and their size."""

    archive: zipfile.ZipFile
    size: int = 0
    files: int = 0
    fetched: dict[tuple[str, str], tuple[str, bytes] | str] = field(default_factory=dict)
    left_out: int = 0

    def add(self, path: str, content: bytes) -> bool:
        if self.size + len(content) > MAX_BYTES:
            self.left_out += 1
            return False
        self.archive.writestr(path, content)
        self.size += len(content)
        self.files += 1
        return True


def _export_links(key: str) -> list[tuple[str, str]]:
    """(format, link) of each export of register ``key``: its entry's, or its page's with
    ``?format=`` (a register of lines exported from its page)."""
    entry = REGISTER_ENTRIES[key]
    if entry.exports is not None:
        return list(entry.exports())
    return [(f, f"{entry.url()}?format={f}") for f in EXPORTERS]


def _filename(response: Any, default: str) -> str:
    header = response.get("Content-Disposition", "")
    found = _FILENAME_STAR.search(header)
    if found:
        return unquote(found.group(1))
    found = _FILENAME.search(header)
    return found.group(1) if found else default


def fetch(request: HttpRequest, link: str) -> tuple[str, bytes] | str:
    """The file the page at ``link`` exports for the signed-in person (its name and
    content), or the reason there is none."""
    parts = urlsplit(link)
    try:
        match = resolve(parts.path)
    except Resolver404:
        return _("no such page")
    sub = HttpRequest()
    sub.method = "GET"
    sub.path = sub.path_info = parts.path
    sub.META = {
        **request.META,
        "REQUEST_METHOD": "GET",
        "PATH_INFO": parts.path,
        "QUERY_STRING": parts.query,
    }
    sub.GET = QueryDict(parts.query)
    sub.COOKIES = request.COOKIES
    sub.user = request.user  # type: ignore[attr-defined]
    for attribute in ("session", "_messages"):
        if hasattr(request, attribute):
            setattr(sub, attribute, getattr(request, attribute))
    try:
        response = match.func(sub, *match.args, **match.kwargs)
    except BaomiError as exc:
        return exc.message
    disposition = response.get("Content-Disposition", "")
    if response.status_code != 200 or "attachment" not in disposition:
        return _("the page answered %(status)d") % {"status": response.status_code}
    return _filename(response, "register"), response.content


def build(request: HttpRequest, score: Score, organisation: str) -> tuple[bytes, dict[str, Any]]:
    """The pack of ``score`` as zip bytes, and what it holds (for the audit event)."""
    buffer = io.BytesIO()
    registers: set[str] = set()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        packing = Packing(archive)
        whole = summary.table(score, organisation)
        packing.add(f"00_{safe(_('Summary'))}.xlsx", to_xlsx(whole))
        packing.add(f"00_{safe(_('Summary'))}.pdf", to_pdf(whole))
        for chapter in score.chapters:
            folder = f"{chapter.chapter.position:02d}_{safe(str(chapter.chapter))}"
            packing.add(
                f"{folder}/00_{safe(_('Score of the chapter'))}.xlsx",
                to_xlsx(summary.table(score, organisation, chapter)),
            )
            notes = []
            keys = []
            for line in chapter.lines:
                keys += [r.key for r in line.registers if r.key not in keys]
            for key in keys:
                registers.add(key)
                for file_format, link in _export_links(key):
                    got = packing.fetched.get((key, file_format))
                    if got is None:
                        got = packing.fetched[(key, file_format)] = fetch(request, link)
                    if isinstance(got, str):
                        notes.append(f"{REGISTER_ENTRIES[key].title} ({file_format}): {got}")
                    elif not packing.add(f"{folder}/{safe(got[0])}", got[1]):
                        notes.append(
                            f"{REGISTER_ENTRIES[key].title} ({file_format}): "
                            + _("left out: the pack is full; export it from its page")
                        )
            if notes:
                packing.add(f"{folder}/{safe(_('Notes'))}.txt", "\n".join(notes).encode())
    data = {
        "chapters": len(score.chapters),
        "files": packing.files,
        "registers": sorted(registers),
        "bytes": packing.size,
        "left_out": packing.left_out,
    }
    return buffer.getvalue(), data


def export(request: HttpRequest, score: Score, organisation_id: int, organisation: str) -> bytes:
    content, data = build(request, score, organisation)
    record_pack(request.user, organisation_id, score.standard, data)
    return content
