"""Keyword lists: whole fixed strings the scanner looks for besides the markings.

A list is a text file, one keyword a line, optionally followed by a TAB and the level it
implies (``TOP_SECRET``, ``SECRET``, ``CONFIDENTIAL``, ``INTERNAL``, or 绝密, 机密, 秘密,
内部); lines starting with ``#`` and blank lines are ignored. The file may be UTF-8 (with or
without a BOM), UTF-16 with a BOM, or GB18030 (as Notepad saves it on a Chinese Windows). The
SHA-256 of the file's bytes identifies the list's version in scan reports.
"""

from __future__ import annotations

import codecs
import hashlib
import os
from dataclasses import dataclass

from baomi.scanner.model import CONFIDENTIAL, INTERNAL, SECRET, TOP_SECRET

DEFAULT_NAME = "default"
DEFAULT_FILE = os.path.join(os.path.dirname(__file__), "default_keywords.txt")  # package data
MIN_LENGTH = 2  # one character would match everywhere (and in UTF-16, in any binary)
MAX_LENGTH = 100  # the report's match column holds 200; matching windows assume short words

LEVEL_NAMES = {
    **{name: name for name in (TOP_SECRET, SECRET, CONFIDENTIAL, INTERNAL)},
    "绝密": TOP_SECRET,
    "机密": SECRET,
    "秘密": CONFIDENTIAL,
    "内部": INTERNAL,
}


class KeywordListError(ValueError):
    """The keyword list cannot be used; the message names the line when there is one."""


@dataclass(frozen=True)
class Keyword:
    text: str
    level: str | None = None  # the level a finding of it implies, None if the list says none


@dataclass(frozen=True)
class KeywordList:
    name: str  # "default" or the file it was read from
    sha256: str
    keywords: tuple[Keyword, ...]


def load(path: str | None = None) -> KeywordList:
    """The list in the file ``path``, or the default list shipped with baomi."""
    if path is None:
        with open(DEFAULT_FILE, "rb") as f:
            return parse(f.read(), DEFAULT_NAME)
    try:
        with open(path, "rb") as f:
            data = f.read()
    except OSError as exc:
        raise KeywordListError(
            f"cannot read the keyword list {path}: {exc.strerror or exc}"
        ) from None
    return parse(data, path)


def parse(data: bytes, name: str) -> KeywordList:
    """The keywords of a list file's bytes; KeywordListError for a bad line or an empty list."""
    keywords: dict[str, Keyword] = {}
    for number, line in enumerate(_decode(data, name).splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        text, _tab, level_name = line.partition("\t")
        text, level_name = text.strip(), level_name.strip()
        level = LEVEL_NAMES.get(level_name.upper() if level_name.isascii() else level_name)
        if level_name and level is None:
            raise KeywordListError(
                f"{name}:{number}: unknown level {level_name!r} (one of {', '.join(LEVEL_NAMES)})"
            )
        if not MIN_LENGTH <= len(text) <= MAX_LENGTH:
            raise KeywordListError(
                f"{name}:{number}: a keyword must have {MIN_LENGTH} to {MAX_LENGTH} characters"
            )
        keywords.setdefault(text, Keyword(text, level))
    if not keywords:
        raise KeywordListError(f"{name}: the keyword list holds no keywords")
    return KeywordList(name, hashlib.sha256(data).hexdigest(), tuple(keywords.values()))


def _decode(data: bytes, name: str) -> str:
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encodings: tuple[str, ...] = ("utf-16",)
    else:
        encodings = ("utf-8-sig", "gb18030")
    for encoding in encodings:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise KeywordListError(f"{name}: not a text file in UTF-8, UTF-16 or GB18030")
