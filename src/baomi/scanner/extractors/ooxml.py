"""Office Open XML: .docx, .xlsx and .pptx, read straight from the zip.

Locations: "paragraph 12", "header 1", "footer 1", "footnote 2", "endnote 1", "comment 3",
"sheet 工资表" (the sheet's name itself), "sheet 工资表!B7", "sheet 工资表!B7 comment",
"sheet 工资表 header", "slide 3", "slide 3 notes", "slide 3 comment", "properties" (title,
subject, keywords of docProps/core.xml).
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator

from baomi.scanner.extractors import xmltext
from baomi.scanner.extractors.archive import open_zip
from baomi.scanner.extractors.base import Context
from baomi.scanner.extractors.xmltext import (
    Element,
    cell_ref,
    paragraphs,
    relationships,
    tree,
)
from baomi.scanner.model import Segment

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
S = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
P = "{http://schemas.openxmlformats.org/presentationml/2006/main}"
R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"

_WORD_TEXT = frozenset((W + "t", W + "delText"))  # deleted text under revision is still there
_WORD_BREAKS = {W + "tab": "\t", W + "br": "\n", W + "cr": "\n"}
_WORD_SKIP = frozenset((W + "pPr", W + "rPr"))  # formatting (tab stops are w:tab too)
_NOTES = {
    "footnotes": (W + "footnote", "footnote"),
    "endnotes": (W + "endnote", "endnote"),
    "comments": (W + "comment", "comment"),
}
_SHEET_HEADERS = {
    f"{S}{kind}{part}": part.lower()
    for kind in ("odd", "even", "first")
    for part in ("Header", "Footer")
}
_HEADER_CODES = re.compile(r'&(?:"[^"]*"|K[0-9A-Fa-f]{6}|\d+|&|[A-Za-z])')


def _word_leaf(element: Element) -> str | None:
    if element.tag in _WORD_TEXT:
        return element.text
    return _WORD_BREAKS.get(element.tag)


def _drawing_leaf(element: Element) -> str | None:
    if element.tag == A + "t":
        return element.text
    return "\n" if element.tag == A + "br" else None


def _word_text(root: Element) -> str:
    return "\n".join(paragraphs(root, frozenset((W + "p",)), _word_leaf, skip=_WORD_SKIP))


def _drawing_text(root: Element) -> str:
    return "\n".join(paragraphs(root, frozenset((A + "p",)), _drawing_leaf))


def _open(data: bytes, ctx: Context, default: str) -> tuple[zipfile.ZipFile, str, Element]:
    """The package, the name of its main part (the officeDocument relationship's target, else
    ``default``) and that part's tree."""
    archive = open_zip(data, ctx.limits)
    main = next(
        (rel.target for rel in relationships(archive, "", ctx) if rel.type == "officeDocument"),
        default,
    )
    root = tree(archive, main, ctx)
    if root is None:
        raise ValueError("no main part")
    return archive, main, root


def _properties(archive: zipfile.ZipFile, ctx: Context) -> Segment:
    """Title, subject, keywords … of docProps/core.xml."""
    return Segment(
        location="properties", text=xmltext.properties(tree(archive, "docProps/core.xml", ctx))
    )


def extract_docx(data: bytes, ctx: Context) -> Iterator[Segment]:
    archive, main, body = _open(data, ctx, "word/document.xml")
    texts = paragraphs(body, frozenset((W + "p",)), _word_leaf, skip=_WORD_SKIP)
    for number, text in enumerate(texts, 1):
        yield Segment(location=f"paragraph {number}", text=text)
    related = relationships(archive, main, ctx)
    for kind in ("header", "footer"):
        targets = sorted(rel.target for rel in related if rel.type == kind)
        for number, target in enumerate(targets, 1):
            root = tree(archive, target, ctx)
            if root is not None:
                yield Segment(location=f"{kind} {number}", text=_word_text(root))
    for rel in related:
        if rel.type in _NOTES and (root := tree(archive, rel.target, ctx)) is not None:
            tag, label = _NOTES[rel.type]
            notes = [note for note in root.iter(tag) if note.get(W + "type") is None]
            for number, note in enumerate(notes, 1):
                yield Segment(location=f"{label} {number}", text=_word_text(note))
    yield _properties(archive, ctx)


def extract_pptx(data: bytes, ctx: Context) -> Iterator[Segment]:
    archive, main, presentation = _open(data, ctx, "ppt/presentation.xml")
    targets = {rel.id: rel.target for rel in relationships(archive, main, ctx)}
    slides = [targets.get(slide.get(R + "id", ""), "") for slide in presentation.iter(P + "sldId")]
    for number, slide in enumerate(slides, 1):
        root = tree(archive, slide, ctx)
        if root is None:
            continue
        yield Segment(location=f"slide {number}", text=_drawing_text(root))
        for rel in relationships(archive, slide, ctx):
            if rel.type not in ("notesSlide", "comments"):
                continue
            part = tree(archive, rel.target, ctx)
            if part is None:
                continue
            if rel.type == "notesSlide":
                yield Segment(location=f"slide {number} notes", text=_drawing_text(part))
            for comment in part.iter(P + "text"):
                yield Segment(location=f"slide {number} comment", text=comment.text or "")
    yield _properties(archive, ctx)


def extract_xlsx(data: bytes, ctx: Context) -> Iterator[Segment]:
    archive, main, workbook = _open(data, ctx, "xl/workbook.xml")
    related = relationships(archive, main, ctx)
    strings: list[str] = []
    for rel in related:
        if rel.type == "sharedStrings" and (table := tree(archive, rel.target, ctx)) is not None:
            strings = [_string(item) for item in table.iter(S + "si")]
    targets = {rel.id: rel.target for rel in related}
    for sheet in workbook.iter(S + "sheet"):
        name = sheet.get("name", "")
        yield Segment(location=f"sheet {name}", text=name)
        target = targets.get(sheet.get(R + "id", ""))
        content = xmltext.part(archive, target, ctx) if target else None
        if content is None:
            continue
        yield from _cells(content, name, strings)
        for rel in relationships(archive, target, ctx):
            comments = tree(archive, rel.target, ctx) if rel.type == "comments" else None
            for comment in [] if comments is None else comments.iter(S + "comment"):
                ref = comment.get("ref", "")
                text = _string(comment.find(S + "text"))
                yield Segment(location=f"sheet {name}!{ref} comment", text=text)
    yield _properties(archive, ctx)


def _string(item: Element | None) -> str:
    """A shared, inline or comment string: its text and its rich-text runs' text, without the
    phonetic guide."""
    if item is None:
        return ""
    pieces = []
    for child in item:
        if child.tag == S + "t":
            pieces.append(child.text or "")
        elif child.tag == S + "r":
            pieces.extend(t.text or "" for t in child if t.tag == S + "t")
    return "".join(pieces)


def _cells(content: bytes, sheet: str, strings: list[str]) -> Iterator[Segment]:
    """The text of every cell (and the print header and footer), streamed row by row."""
    row = column = 0
    rows_parent: Element | None = None
    for event, element in xmltext.events(content):
        tag = element.tag
        if event == "start":
            if tag == S + "sheetData":
                rows_parent = element
            elif tag == S + "row":
                row, column = int(element.get("r") or row + 1), 0
            continue
        if tag == S + "c":
            ref = element.get("r")
            column = _column_number(ref) if ref else column + 1
            text = _cell_text(element, strings)
            if text:
                yield Segment(location=f"sheet {sheet}!{ref or cell_ref(column, row)}", text=text)
        elif tag == S + "row" and rows_parent is not None:
            rows_parent.clear()  # the row is done: keep memory flat on large sheets
        elif tag in _SHEET_HEADERS and element.text:
            text = header_text(element.text)
            yield Segment(location=f"sheet {sheet} {_SHEET_HEADERS[tag]}", text=text)


def header_text(coded: str) -> str:
    """A print header or footer without its codes (&L section, &P page, &"font" …), as both
    .xlsx and .xls store it."""
    return _HEADER_CODES.sub(lambda m: "&" if m.group(0) == "&&" else "", coded)


def _cell_text(cell: Element, strings: list[str]) -> str:
    kind = cell.get("t")
    if kind == "inlineStr":
        return _string(cell.find(S + "is"))
    value = cell.find(S + "v")
    if value is None or not value.text or kind in ("b", "e"):
        return ""
    if kind == "s":
        index = int(value.text)
        return strings[index] if 0 <= index < len(strings) else ""
    return value.text


def _column_number(ref: str) -> int:
    number = 0
    for char in ref:
        if not char.isalpha():
            break
        number = number * 26 + ord(char.upper()) - 64
    return number
