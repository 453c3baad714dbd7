"""The types every extractor shares: the limits, what an extractor yields, the unpacking budget.

An extractor is a function ``extract(data, ctx) -> Iterator[Segment | Member]``: segments of the
file's own content, and members (archive entries, mail attachments) that the dispatcher in
``extractors/__init__.py`` extracts in turn as nested parts.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from baomi.scanner.i18n import gettext_noop
from baomi.scanner.model import Segment, SkipFile

MiB = 2**20
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # an OLE compound file (.doc, .xls, .msg …)


@dataclass(frozen=True)
class Limits:
    """Bounds that keep one hostile file from exhausting the scanner."""

    max_depth: int = 3  # containers (zip, mail) opened inside one another
    max_member_bytes: int = 100 * MiB  # one unpacked archive member
    max_total_bytes: int = 1024 * MiB  # everything unpacked from one top file
    max_ratio: int = 100  # unpacked : packed size of one member beyond which it is a bomb
    max_members: int = 10_000  # entries of one archive


@dataclass(frozen=True)
class Part:
    """One scannable unit of a file: the file itself (``path_suffix`` "") or something inside
    it ("!member/path.docx", nested "!a.zip!b.docx"). A part that could not be read carries
    ``skipped`` (a short English reason) and no segments."""

    path_suffix: str
    format: str
    segments: Iterable[Segment]
    skipped: str | None = None


@dataclass(frozen=True)
class Member:
    """A file inside a container: its bytes, or why it cannot be had."""

    name: str
    data: bytes = b""
    skipped: str | None = None


class Budget:
    """The bytes one top file may still unpack, across every nesting level."""

    def __init__(self, total: int) -> None:
        self.remaining = total

    def take(self, size: int) -> None:
        """Spend ``size`` bytes; refuse as a zip bomb when the total is exceeded."""
        if size > self.remaining:
            self.remaining = 0
            raise SkipFile(gettext_noop("zip bomb"))
        self.remaining -= size


@dataclass(frozen=True)
class Context:
    limits: Limits
    budget: Budget
    depth: int = 0  # containers opened above this file


Extractor = Callable[[bytes, Context], Iterator[Segment | Member]]
