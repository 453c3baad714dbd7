"""The scanner's data: what an extractor yields, what the scan reports.

The JSON report (``baomi scan --json``, and the body that ``--upload`` files into baomi) is one
object per line: ``{"type": "finding", ...Finding}`` for each finding, ``{"type": "skipped",
...Skipped}`` for each file that could not be read, and a last ``{"type": "summary",
...Summary}``. ``report_version`` in the summary names this format.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

REPORT_VERSION = 1

# Levels a marking or keyword implies, by the names of baomi.core.levels.Level (not imported:
# the scanner imports no Django).
TOP_SECRET, SECRET, CONFIDENTIAL, INTERNAL = "TOP_SECRET", "SECRET", "CONFIDENTIAL", "INTERNAL"


@dataclass(frozen=True)
class Segment:
    """A piece of a file's content with where it is. Extractors yield segments of text (a
    paragraph, a cell, a page, a header) or, for content whose encoding is unknown, raw bytes
    to be matched in UTF-8, GB18030 and UTF-16LE at once."""

    location: str  # "paragraph 12", "sheet 工资表!B7", "page 3", "header", "byte 1024", …
    text: str | None = None
    data: bytes | None = None


class SkipFile(Exception):
    """The file cannot be scanned (encrypted, corrupt, too large, a loop …); ``reason`` says why
    in one short English phrase, e.g. "encrypted zip"."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Finding:
    path: str  # the file; inside an archive "outer.zip!inner/dir/file.docx"
    format: str  # "text", "docx", "xlsx", "pdf", "zip", "bytes", …
    kind: str  # "marking" or "keyword"
    match: str  # the marking or keyword as found (the keyword itself, never more)
    level: str | None  # the level it implies (TOP_SECRET … INTERNAL), None if unknown
    location: str
    snippet: str  # masked: the match shown, the rest of the line shortened to a few characters

    def as_dict(self) -> dict[str, Any]:
        # Its fields are strings: a shallow copy is asdict's result, at a tenth of the cost.
        return {"type": "finding", **vars(self)}


@dataclass(frozen=True)
class Skipped:
    path: str
    reason: str

    def as_dict(self) -> dict[str, Any]:
        return {"type": "skipped", **vars(self)}


@dataclass
class Summary:
    host: str
    started_at: str  # ISO 8601 with offset
    finished_at: str
    paths: list[str]
    keyword_list: str  # "default" or the file given with --keywords
    keyword_list_sha256: str  # identifies the keyword list version
    files_scanned: int = 0
    files_cached: int = 0  # skipped by --since-cache as unchanged
    bytes_scanned: int = 0
    findings: int = 0
    skipped: int = 0
    by_level: dict[str, int] = field(default_factory=dict)
    report_version: int = REPORT_VERSION

    def as_dict(self) -> dict[str, Any]:
        return {"type": "summary", **asdict(self)}
