"""OpenDocument: .odt, .ods and .odp (also as written by WPS and LibreOffice).

content.xml holds the body: "paragraph N" (text), "sheet NAME" and "sheet NAME!B7"
(spreadsheet), "slide N" and "slide N notes" (presentation). styles.xml holds the page headers
and footers: "header 1", "footer 1". meta.xml the title, subject and keywords: "properties".
"""

from __future__ import annotations

from collections.abc import Iterator

from baomi.scanner.extractors import xmltext
from baomi.scanner.extractors.archive import open_zip
from baomi.scanner.extractors.base import Context
from baomi.scanner.extractors.xmltext import Element, cell_ref, paragraphs, tree
from baomi.scanner.model import Segment

TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
DRAW = "{urn:oasis:names:tc:opendocument:xmlns:drawing:1.0}"
OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
STYLE = "{urn:oasis:names:tc:opendocument:xmlns:style:1.0}"
PRESENTATION = "{urn:oasis:names:tc:opendocument:xmlns:presentation:1.0}"
DC = "{http://purl.org/dc/elements/1.1/}"
META = "{urn:oasis:names:tc:opendocument:xmlns:meta:1.0}"

_PARA = frozenset((TEXT + "p", TEXT + "h"))
_BREAKS = {TEXT + "tab": "\t", TEXT + "line-break": "\n"}
# A comment's author and date sit inside the paragraph it annotates: leave them out.
_SKIP = frozenset((DC + "creator", DC + "date", META + "date-string"))
_CELLS = frozenset((TABLE + "table-cell", TABLE + "covered-table-cell"))
_PAGE_PARTS = {
    f"{STYLE}{part}{variant}": part
    for part in ("header", "footer")
    for variant in ("", "-left", "-first")
}


def _leaf(element: Element) -> str | None:
    if element.tag == TEXT + "s":
        return " " * min(int(element.get(TEXT + "c", "1")), 100)  # a hostile count stays small
    return _BREAKS.get(element.tag, element.text)


def _texts(root: Element, skip: frozenset[str] = _SKIP) -> list[str]:
    return paragraphs(root, _PARA, _leaf, mixed=True, skip=skip)


def extract(data: bytes, ctx: Context) -> Iterator[Segment]:
    archive = open_zip(data, ctx.limits)
    content = tree(archive, "content.xml", ctx)
    body = None if content is None else content.find(OFFICE + "body")
    if body is None or len(body) == 0:
        raise ValueError("no document body")
    document = body[0]
    if document.tag == OFFICE + "spreadsheet":
        yield from _spreadsheet(document)
    elif document.tag == OFFICE + "presentation":
        yield from _presentation(document)
    else:
        for number, text in enumerate(_texts(document), 1):
            yield Segment(location=f"paragraph {number}", text=text)
    styles = tree(archive, "styles.xml", ctx)
    counts = {"header": 0, "footer": 0}
    for element in [] if styles is None else styles.iter():
        if element.tag in _PAGE_PARTS:
            kind = _PAGE_PARTS[element.tag]
            counts[kind] += 1
            text = "\n".join(_texts(element))
            yield Segment(location=f"{kind} {counts[kind]}", text=text)
    properties = xmltext.properties(tree(archive, "meta.xml", ctx))
    if properties:
        yield Segment(location="properties", text=properties)


def _spreadsheet(document: Element) -> Iterator[Segment]:
    for table in document.iter(TABLE + "table"):
        name = table.get(TABLE + "name", "")
        yield Segment(location=f"sheet {name}", text=name)
        row = 0
        for row_element in table.iter(TABLE + "table-row"):
            column = 0
            for cell in row_element:
                if cell.tag not in _CELLS:
                    continue
                ref = cell_ref(column + 1, row + 1)
                yield Segment(location=f"sheet {name}!{ref}", text="\n".join(_texts(cell)))
                column += int(cell.get(TABLE + "number-columns-repeated", "1"))
            row += int(row_element.get(TABLE + "number-rows-repeated", "1"))


def _presentation(document: Element) -> Iterator[Segment]:
    for number, page in enumerate(document.iter(DRAW + "page"), 1):
        yield Segment(
            location=f"slide {number}",
            text="\n".join(_texts(page, _SKIP | {PRESENTATION + "notes"})),
        )
        notes = page.find(PRESENTATION + "notes")
        if notes is not None:
            yield Segment(location=f"slide {number} notes", text="\n".join(_texts(notes)))
