"""``--since-cache``: files unchanged since their last clean scan are not read again.

A file is clean when it was read through with no finding and nothing in it skipped. The cache
remembers, per keyword list (by its SHA-256: another list must look again), the size, mtime
(ns) and inode of each clean file by absolute path; a file whose three are the same is counted
as cached instead of being scanned. Only scans with ``--since-cache`` read and write it. It
lives in ``$BAOMI_SCAN_CACHE`` if set, else ``$XDG_CACHE_HOME/baomi/scan-cache.json``, else
``~/.cache/baomi/scan-cache.json``; a missing or damaged cache is an empty one.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from pathlib import Path

from baomi.scanner.walker import FileEntry

VERSION = 1


def default_path() -> Path:
    if os.environ.get("BAOMI_SCAN_CACHE"):
        return Path(os.environ["BAOMI_SCAN_CACHE"])
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base, "baomi", "scan-cache.json")


class ScanCache:
    """The clean files of one keyword list."""

    def __init__(self, path: Path, list_sha256: str) -> None:
        self.path, self.list_sha256 = path, list_sha256
        self._lists = _read(path)
        self._clean: dict[str, list[int]] = self._lists.setdefault(list_sha256, {})

    def unchanged(self, entry: FileEntry) -> bool:
        """Whether ``entry`` is as it was when last scanned clean."""
        return self._clean.get(_key(entry)) == _stamp(entry)

    def remember(self, entry: FileEntry, *, clean: bool) -> None:
        """Note how the scan of ``entry`` went: only a clean file may be passed over next time."""
        if clean:
            self._clean[_key(entry)] = _stamp(entry)
        else:
            self._clean.pop(_key(entry), None)

    def write(self) -> None:
        """Store the cache (atomically); OSError if it cannot be written."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".scan-cache-", dir=self.path.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                json.dump({"version": VERSION, "lists": self._lists}, f)
            os.replace(tmp, self.path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise


def _read(path: Path) -> dict[str, dict[str, list[int]]]:
    try:
        with open(path, encoding="utf-8") as f:
            stored = json.load(f)
    except (OSError, ValueError):
        return {}
    if not isinstance(stored, dict) or stored.get("version") != VERSION:
        return {}
    lists = stored.get("lists")
    if not isinstance(lists, dict):
        return {}
    return {sha: files for sha, files in lists.items() if isinstance(files, dict)}


def _key(entry: FileEntry) -> str:
    return os.path.abspath(entry.path)


def _stamp(entry: FileEntry) -> list[int]:
    return [entry.size, entry.mtime_ns, entry.inode]
