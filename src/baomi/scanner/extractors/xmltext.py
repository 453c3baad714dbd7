"""Text out of the XML inside office zips (OOXML and ODF): parsing, paragraphs, relationships."""

from __future__ import annotations

import io
import posixpath
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Callable, Iterator
from typing import NamedTuple

from baomi.scanner.extractors.archive import read_member
from baomi.scanner.extractors.base import Context

# Parsing hostile XML with ElementTree is bounded: expat >= 2.4.1 (every Python 3.11 build)
# refuses billion-laughs entity expansion, and ElementTree never fetches external entities.
Element = ET.Element
_PROPERTIES = frozenset(("title", "subject", "keywords", "keyword", "description", "category"))


def part(archive: zipfile.ZipFile, name: str, ctx: Context) -> bytes | None:
    """A part's bytes by its name in the zip (bounded, charged to the budget), None if absent."""
    try:
        info = archive.getinfo(name)
    except KeyError:
        return None
    return read_member(archive, info, ctx)


def tree(archive: zipfile.ZipFile, name: str, ctx: Context) -> Element | None:
    data = part(archive, name, ctx)
    return None if data is None else ET.fromstring(data)  # noqa: S314 - bounded, see above


def events(data: bytes) -> Iterator[tuple[str, Element]]:
    """Start and end events of a large part (a worksheet) without building its whole tree."""
    return ET.iterparse(io.BytesIO(data), events=("start", "end"))  # noqa: S314


def local(tag: str) -> str:
    return tag.rpartition("}")[2]


class Relationship(NamedTuple):
    id: str
    type: str  # the last segment of the type URI: "header", "comments", "slide" …
    target: str  # the part name in the zip


def relationships(archive: zipfile.ZipFile, name: str, ctx: Context) -> list[Relationship]:
    """The internal relationships of part ``name``, from its ``_rels/NAME.rels``."""
    folder, base = posixpath.split(name)
    root = tree(archive, posixpath.join(folder, "_rels", f"{base}.rels"), ctx)
    found = []
    for rel in [] if root is None else root:
        target = rel.get("Target", "")
        if rel.get("TargetMode") == "External" or not target:
            continue
        path = target.lstrip("/") if target.startswith("/") else posixpath.join(folder, target)
        kind = rel.get("Type", "").rpartition("/")[2]
        found.append(Relationship(rel.get("Id", ""), kind, posixpath.normpath(path)))
    return found


def properties(root: Element | None) -> str:
    """Title, subject, keywords, description and category of docProps/core.xml or meta.xml."""
    if root is None:
        return ""
    return "\n".join(
        el.text.strip() for el in root.iter() if local(el.tag) in _PROPERTIES and el.text
    )


def paragraphs(
    root: Element,
    para: frozenset[str],
    leaf: Callable[[Element], str | None],
    *,
    mixed: bool = False,
    skip: frozenset[str] = frozenset(),
) -> list[str]:
    """The text of every paragraph (element tagged in ``para``) under ``root``, in document
    order. A paragraph inside another (a text box, a note, a comment) comes out on its own,
    right after the one that holds it. ``leaf`` gives an element's own text (or None);
    ``mixed`` also takes the text between elements (ODF); ``skip`` elements and what they hold
    are left out (but for their tail)."""
    out: list[str] = []

    def collect(paragraph: Element) -> None:
        slot = len(out)
        out.append("")
        pieces = [paragraph.text or ""] if mixed else []

        def walk(element: Element) -> None:
            for child in element:
                if child.tag in para:
                    collect(child)
                elif child.tag not in skip:
                    pieces.append(leaf(child) or "")
                    walk(child)
                if mixed and child.tail:
                    pieces.append(child.tail)

        walk(paragraph)
        out[slot] = "".join(pieces)

    def find(element: Element) -> None:
        for child in element:
            if child.tag in para:
                collect(child)
            elif child.tag not in skip:
                find(child)

    if root.tag in para:
        collect(root)
    else:
        find(root)
    return out


def cell_ref(column: int, row: int) -> str:
    """A spreadsheet cell reference from 1-based numbers: (2, 7) → "B7"."""
    letters = ""
    while column:
        column, rest = divmod(column - 1, 26)
        letters = chr(65 + rest) + letters
    return f"{letters}{row}"
