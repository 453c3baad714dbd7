"""Scanning files: read each one, split it into parts and segments (``extractors.parts``), match
every segment, and turn the hits into findings; many files at once in worker processes.

A file is read whole and handed to the extractors, except a large one that is no container
(zip-based office file, OLE, PDF): that is matched as raw bytes a window at a time, the windows
overlapping so that a match across a window's border is found (no size limit). A container
larger than ``MAX_CONTAINER_BYTES`` is skipped as "too large". Anything that goes wrong with
one file (unreadable, vanished, an extractor's failure) skips that file, with the reason, and
the scan goes on. Of a file with more than ``MAX_FINDINGS_PER_FILE`` findings only that many
are listed, and the file is reported as skipped for the rest.
"""

from __future__ import annotations

import os
import signal
import stat
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import BinaryIO

from baomi.scanner import extractors
from baomi.scanner.extractors.base import Limits
from baomi.scanner.i18n import gettext_noop
from baomi.scanner.matcher import MARGIN, SAMPLE, Hit, Matcher, detect_encoding
from baomi.scanner.model import Finding, Segment, SkipFile, Skipped
from baomi.scanner.walker import FileEntry, reason

MiB = 2**20
RAW_THRESHOLD = 64 * MiB  # larger non-container files are matched in windows, never read whole
WINDOW_BYTES = 16 * MiB
MAX_CONTAINER_BYTES = 256 * MiB
# A file with more is plainly classified; listing the rest would only make the report one too.
MAX_FINDINGS_PER_FILE = 1000
# Magic bytes of the formats an extractor must read whole: zip (OOXML, ODF, zip), OLE, PDF.
CONTAINER_MAGIC = (b"PK\x03\x04", b"PK\x05\x06", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", b"%PDF")
# Files a worker takes at once: enough to make the message per batch negligible, few enough
# that the workers finish together.
BATCH_BYTES, BATCH_FILES = 16 * MiB, 64
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)


@dataclass
class FileResult:
    findings: list[Finding] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    scanned: bool = False  # read (what it holds may still be skipped: encrypted, corrupt …)
    bytes: int = 0  # bytes read and matched

    @property
    def clean(self) -> bool:
        """Read through, nothing found, nothing inside skipped."""
        return not self.findings and not self.skipped


class Engine:
    """Scans one file at a time with one matcher."""

    def __init__(self, matcher: Matcher, limits: Limits | None = None) -> None:
        self.matcher = matcher
        self.limits = limits or Limits()

    def scan_file(self, entry: FileEntry) -> FileResult:
        """The findings in one file, or why it was skipped."""
        result = FileResult()
        try:
            # Non-blocking: a file swapped for a fifo since the walk must not hang the scan.
            fd = os.open(entry.path, _OPEN_FLAGS)
        except OSError as exc:
            result.skipped.append(Skipped(entry.path, reason(exc)))
            return result
        try:
            with open(fd, "rb") as f:
                st = os.fstat(fd)
                if not stat.S_ISREG(st.st_mode):
                    result.skipped.append(Skipped(entry.path, gettext_noop("special file")))
                    return result
                self._scan_open(entry.path, f, st.st_size, result)
        except OSError as exc:
            result.skipped.append(Skipped(entry.path, reason(exc)))
        if len(result.findings) > MAX_FINDINGS_PER_FILE:
            del result.findings[MAX_FINDINGS_PER_FILE:]
            result.skipped.append(
                Skipped(
                    entry.path, f"more than {MAX_FINDINGS_PER_FILE} findings, the rest not listed"
                )
            )
        return result

    def _scan_open(self, path: str, f: BinaryIO, size: int, result: FileResult) -> None:
        if size > min(RAW_THRESHOLD, MAX_CONTAINER_BYTES):
            container = f.read(8).startswith(CONTAINER_MAGIC)
            if container and size > MAX_CONTAINER_BYTES:
                result.skipped.append(Skipped(path, gettext_noop("too large")))
                return
            if not container and size > RAW_THRESHOLD:
                self._scan_windows(path, f, size, result)
                result.scanned, result.bytes = True, size
                return
            f.seek(0)
        # Never more than the size seen: a file without one (/proc) reads as empty.
        self._scan_parts(path, f.read(size) if size else b"", result)
        result.scanned, result.bytes = True, size

    def _scan_parts(self, path: str, data: bytes, result: FileResult) -> None:
        try:
            for part in extractors.parts(path, data, limits=self.limits):
                where = path + part.path_suffix
                if part.skipped is not None:
                    result.skipped.append(Skipped(where, part.skipped))
                    continue
                for segment in part.segments:
                    result.findings += self._segment(where, part.format, segment)
        except SkipFile as exc:
            result.skipped.append(Skipped(path, exc.reason))
        except Exception as exc:  # a broken file (or an extractor's bug) must not stop the scan
            result.skipped.append(Skipped(path, f"cannot be read ({type(exc).__name__})"))

    def _segment(self, path: str, format: str, segment: Segment) -> list[Finding]:
        if segment.text is not None:
            hits = self.matcher.scan_text(segment.text)
            return [_finding(path, format, segment.location, h) for h in hits]
        data = segment.data or b""
        encoding = detect_encoding(data[:SAMPLE])
        hits = self.matcher.scan_bytes(data, encoding)
        places = _places(data, hits, encoding)
        where = f"{segment.location}, " if segment.location else ""
        return [_finding(path, format, where + p, h) for h, p in zip(hits, places, strict=True)]

    def _scan_windows(self, path: str, f: BinaryIO, size: int, result: FileResult) -> None:
        """Match a large file as raw bytes, a window at a time with MARGIN bytes of overlap.
        (Read, not mmapped: a file truncated while mapped would kill the process.)"""
        f.seek(0)
        encoding = detect_encoding(f.read(SAMPLE))
        format = "text" if encoding else "bytes"
        line = 1
        for own in range(0, size, WINDOW_BYTES):
            lo = max(0, own - MARGIN)
            f.seek(lo)
            window = f.read(min(size, own + WINDOW_BYTES + MARGIN) - lo)
            start, stop = own - lo, min(own + WINDOW_BYTES - lo, len(window))
            if stop <= start:
                break  # the file shrank
            hits = self.matcher.scan_bytes(window, encoding, start=start, stop=stop, offset=lo)
            places = _places(window, hits, encoding, start=start, line=line, offset=lo)
            result.findings += [
                _finding(path, format, p, h) for h, p in zip(hits, places, strict=True)
            ]
            if len(result.findings) > MAX_FINDINGS_PER_FILE:
                break
            if encoding:
                line += window.count("\n".encode(encoding), start, stop)


def _places(
    data: bytes,
    hits: list[Hit],
    encoding: str | None,
    *,
    start: int = 0,
    line: int = 1,
    offset: int = 0,
) -> list[str]:
    """Where each hit is: "line N" in text (``line`` being the line at ``data[start]``),
    "byte N" in content of no known encoding."""
    if encoding is None:
        return [f"byte {h.start}" for h in hits]
    newline, pos, places = "\n".encode(encoding), start, []
    for hit in hits:
        line += data.count(newline, pos, hit.start - offset)
        pos = hit.start - offset
        places.append(f"line {line}")
    return places


def _finding(path: str, format: str, location: str, hit: Hit) -> Finding:
    return Finding(path, format, hit.kind, hit.match, hit.level, location, hit.snippet)


# The engine of the worker processes, inherited through fork.
_worker_engine: Engine | None = None


def _init_worker(engine: Engine) -> None:
    global _worker_engine
    _worker_engine = engine
    # Ctrl-C is the parent's to handle (it ends the pool): no traceback from every worker.
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _scan_batch(batch: list[tuple[int, FileEntry]]) -> list[tuple[int, FileResult]]:
    assert _worker_engine is not None
    return [(index, _worker_engine.scan_file(entry)) for index, entry in batch]


def scan_files(
    engine: Engine, entries: Sequence[FileEntry], *, jobs: int = 1
) -> Iterator[tuple[int, FileResult]]:
    """``(index in entries, result)`` for every entry, in the order they finish; with
    ``jobs`` > 1 in that many forked worker processes, which take the files in batches of
    about ``BATCH_BYTES`` (one message per batch, not per file)."""
    if jobs <= 1 or len(entries) <= 1:
        for index, entry in enumerate(entries):
            yield index, engine.scan_file(entry)
        return
    import multiprocessing  # only for jobs > 1

    context = multiprocessing.get_context("fork")
    with context.Pool(jobs, initializer=_init_worker, initargs=(engine,)) as pool:
        for done in pool.imap_unordered(_scan_batch, _batches(entries)):
            yield from done


def _batches(entries: Sequence[FileEntry]) -> Iterator[list[tuple[int, FileEntry]]]:
    """The entries in batches, the largest files first: the last batches, which one worker may
    still be busy with while the others are done, are of the smallest files."""
    batch: list[tuple[int, FileEntry]] = []
    size = 0
    for index in sorted(range(len(entries)), key=lambda i: -entries[i].size):
        entry = entries[index]
        batch.append((index, entry))
        size += entry.size
        if size >= BATCH_BYTES or len(batch) >= BATCH_FILES:
            yield batch
            batch, size = [], 0
    if batch:
        yield batch
