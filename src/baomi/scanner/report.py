"""The scan's report: JSON lines (``--json``, the format of ``model``), or tables for a person,
and a progress bar on a terminal."""

from __future__ import annotations

import json
import time
import unicodedata
from collections import Counter
from collections.abc import Sequence
from typing import Any, TextIO

from baomi.scanner.i18n import gettext as _
from baomi.scanner.i18n import gettext_noop
from baomi.scanner.model import Finding, Skipped, Summary
from baomi.scanner.wording import location_text, reason_text

LEVEL_ORDER = ("TOP_SECRET", "SECRET", "CONFIDENTIAL", "INTERNAL")
# The level names of baomi.core.levels.Level, whose labels the catalogue translates.
LEVEL_LABELS = {
    "TOP_SECRET": gettext_noop("Top secret"),
    "SECRET": gettext_noop("Secret"),
    "CONFIDENTIAL": gettext_noop("Confidential"),
    "INTERNAL": gettext_noop("Internal"),
}


def json_lines(
    findings: Sequence[Finding], skipped: Sequence[Skipped], summary: Summary
) -> list[dict[str, Any]]:
    """The report as the objects of its JSON lines: findings, skipped files, the summary last."""
    return [
        *(f.as_dict() for f in findings),
        *(s.as_dict() for s in skipped),
        summary.as_dict(),
    ]


def write_json(
    out: TextIO, findings: Sequence[Finding], skipped: Sequence[Skipped], summary: Summary
) -> None:
    for line in json_lines(findings, skipped, summary):
        out.write(json.dumps(line, ensure_ascii=False) + "\n")


def write_tables(
    out: TextIO, findings: Sequence[Finding], skipped: Sequence[Skipped], summary: Summary
) -> None:
    """Findings (masked snippets only), skipped files and the summary, as aligned tables."""
    if findings:
        rows = [
            [f.path, location_text(f.location, _), f.match, _level(f.level), f.snippet]
            for f in findings
        ]
        header = [_("File"), _("Location"), _("Match"), _("Level"), _("Snippet")]
        _table(out, _("Findings"), header, rows)
    else:
        out.write(_("No markings or keywords found.") + "\n")
    if skipped:
        rows = [[s.path, reason_text(s.reason, _)] for s in skipped]
        _table(out, _("Skipped files"), [_("File"), _("Reason")], rows)
    reasons = Counter(s.reason for s in skipped)
    rows = [
        [_("Files scanned"), f"{summary.files_scanned:,}"],
        [_("Files unchanged (cached)"), f"{summary.files_cached:,}"],
        [_("Bytes scanned"), _size(summary.bytes_scanned)],
        [_("Findings"), f"{summary.findings:,}"],
        *[[f"  {_level(level)}", f"{summary.by_level[level]:,}"] for level in _levels(summary)],
        [_("Skipped files"), f"{summary.skipped:,}"],
        *[[f"  {reason_text(why, _)}", f"{n:,}"] for why, n in sorted(reasons.items())],
        [_("Keyword list"), f"{summary.keyword_list} ({summary.keyword_list_sha256[:12]})"],
    ]
    _table(out, _("Summary"), [], rows)


def _level(name: str | None) -> str:
    return _(LEVEL_LABELS[name]) if name in LEVEL_LABELS else (name or "-")


def _levels(summary: Summary) -> list[str]:
    order = {name: n for n, name in enumerate(LEVEL_ORDER)}
    return sorted(summary.by_level, key=lambda name: order.get(name, len(order)))


def _size(n: float) -> str:
    units, i = ("B", "KB", "MB", "GB", "TB"), 0
    while n >= 1000 and i < len(units) - 1:
        n, i = n / 1000, i + 1
    return f"{n:,.0f} B" if i == 0 else f"{n:,.1f} {units[i]}"


def _table(out: TextIO, title: str, header: list[str], rows: list[list[str]]) -> None:
    out.write(f"\n{title}\n")
    lines = [header, *rows] if header else rows
    widths = [max(_width(line[i]) for line in lines) for i in range(len(lines[0]))]
    for n, line in enumerate(lines):
        cells = [c + " " * (w - _width(c)) for c, w in zip(line, widths, strict=True)]
        out.write("  ".join(cells).rstrip() + "\n")
        if header and n == 0:
            out.write("  ".join("-" * w for w in widths) + "\n")


def _width(text: str) -> int:
    """Columns ``text`` takes on a terminal: Chinese characters take two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


class Progress:
    """A one-line progress bar on ``stream`` (a terminal), redrawn at most ten times a second."""

    WIDTH = 30

    def __init__(self, stream: TextIO, files: int, size: int) -> None:
        # Django's OutputWrapper ends every write with a newline: draw on the stream it wraps.
        self.stream = getattr(stream, "_out", stream)
        self.files, self.size = files, size
        self.done_files = self.done_bytes = 0
        self._drawn = 0.0

    def advance(self, size: int) -> None:
        self.done_files += 1
        self.done_bytes += size
        now = time.monotonic()
        if now - self._drawn >= 0.1 or self.done_files == self.files:
            self._drawn = now
            share = self.done_bytes / self.size if self.size else self.done_files / self.files
            bar = "#" * round(share * self.WIDTH)
            self.stream.write(
                f"\r[{bar:<{self.WIDTH}}] {share:4.0%} {self.done_files:,}/{self.files:,} "
                f"files {_size(self.done_bytes)}\x1b[K"
            )
            self.stream.flush()

    def close(self) -> None:
        self.stream.write("\r\x1b[K")
        self.stream.flush()
