"""Walking the paths of a scan: every regular file once, in a stable order, and the rest skipped
with a reason instead of an error.

Directories are entered in name order, depth first. Symbolic links are followed, but a
directory is entered only once (tracked by device and inode): a link back to a directory being
walked is skipped as "symlink loop", a second link to a directory already walked is passed over.
A file reached by several links or hard links is scanned once, under the first path found.
Special files (fifos, devices, sockets) are skipped without being opened, unreadable
directories as "permission denied", and the kernel's pseudo filesystems (/proc, /sys: files
that are endless or huge, like /proc/kcore) as "pseudo filesystem", however they are reached
(``/proc/self/cwd`` leads back to ``/``).
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from baomi.scanner.i18n import gettext_noop
from baomi.scanner.model import Skipped


@dataclass(frozen=True)
class FileEntry:
    """A regular file to scan, as ``stat`` saw it (after links) when it was walked."""

    path: str
    size: int
    mtime_ns: int
    inode: int
    device: int

    @classmethod
    def of(cls, path: str, st: os.stat_result) -> FileEntry:
        return cls(path, st.st_size, st.st_mtime_ns, st.st_ino, st.st_dev)


# The OS errors a scan meets, as skip reasons the catalogue translates.
REASONS = {
    errno.ELOOP: gettext_noop("symlink loop"),
    errno.ENOENT: gettext_noop("no such file or directory"),
    errno.EIO: gettext_noop("input/output error"),
    errno.ENAMETOOLONG: gettext_noop("file name too long"),
    errno.EBUSY: gettext_noop("in use by another program"),
}


def reason(exc: OSError) -> str:
    """An OS error as a skip reason: "permission denied", "symlink loop", … (another error by
    the system's own words)."""
    if isinstance(exc, PermissionError):
        return gettext_noop("permission denied")
    return REASONS.get(exc.errno or 0) or (exc.strerror or type(exc).__name__).lower()


PSEUDO_FILESYSTEMS = ("/proc", "/sys")

# A directory being walked and the chain of those above it: ((device, inode), parent chain).
_Chain = tuple[tuple[int, int], "_Chain | None"]


def walk(paths: Iterable[str]) -> Iterator[FileEntry | Skipped]:
    """The files under ``paths`` (files or directories), and what had to be skipped."""
    seen_files: set[tuple[int, int]] = set()
    seen_dirs: set[tuple[int, int]] = set()
    pseudo = {st.st_dev for st in map(_stat, PSEUDO_FILESYSTEMS) if not isinstance(st, OSError)}
    for top in paths:
        # (path, its stat or why there is none, is it a link, the directories above it)
        stack: list[tuple[str, os.stat_result | OSError, bool, _Chain | None]] = [
            (top, _stat(top), os.path.islink(top), None)
        ]
        while stack:
            path, st, link, chain = stack.pop()
            if isinstance(st, OSError):
                broken = link and st.errno == errno.ENOENT
                yield Skipped(path, gettext_noop("broken symlink") if broken else reason(st))
            elif st.st_dev in pseudo:
                yield Skipped(path, gettext_noop("pseudo filesystem"))
            elif stat.S_ISDIR(st.st_mode):
                key = (st.st_dev, st.st_ino)
                if key in seen_dirs:
                    if _on(chain, key):
                        yield Skipped(path, gettext_noop("symlink loop"))
                    continue
                seen_dirs.add(key)
                try:
                    children = _children(path, (key, chain))
                except OSError as exc:
                    yield Skipped(path, reason(exc))
                    continue
                stack.extend(reversed(children))
            elif stat.S_ISREG(st.st_mode):
                key = (st.st_dev, st.st_ino)
                if key not in seen_files:
                    seen_files.add(key)
                    yield FileEntry.of(path, st)
            else:
                yield Skipped(path, gettext_noop("special file"))


def _stat(path: str) -> os.stat_result | OSError:
    try:
        return os.stat(path)
    except OSError as exc:
        return exc


def _children(path: str, chain: _Chain) -> list[tuple[str, os.stat_result | OSError, bool, _Chain]]:
    with os.scandir(path) as entries:
        found = sorted(entries, key=lambda e: e.name)
    children = []
    for entry in found:
        try:
            st: os.stat_result | OSError = entry.stat()
        except OSError as exc:
            st = exc
        children.append((entry.path, st, entry.is_symlink(), chain))
    return children


def _on(chain: _Chain | None, key: tuple[int, int]) -> bool:
    while chain is not None:
        if chain[0] == key:
            return True
        chain = chain[1]
    return False
