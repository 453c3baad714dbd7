"""Registers and ledgers as the files an office prints and keeps: an .xlsx workbook and a PDF
in the paper layout (title, organisation, period, the grid, blank signature columns, page
numbers and a line for the registrar's signature). Any domain describes its register as a
``Table`` of strings and calls ``to_xlsx`` or ``to_pdf`` (or ``export`` by format name).

The PDF is a page of ``core.paper``: the built-in CID font STSong-Light (no font file), and
the marking of the highest level the register lists (``Table.level``, CLS-MARK) at the head and
the foot of every page; the .xlsx has the marking in its title row.

Stored text never makes an export fail, nor runs as a formula: a character the files cannot
hold (``printable``) is printed as U+FFFD, and every .xlsx cell is a text cell holding the
string as shown (``_append_text``, the OWASP CSV-injection rule).
"""

from __future__ import annotations

import io
import re
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.writer.excel import save_workbook
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Spacer, TableStyle
from reportlab.platypus import Table as Grid

from baomi.core.errors import InvalidInput
from baomi.core.paper import Marks, build, font, marking, para, printable

XLSX = "xlsx"
PDF = "pdf"
CONTENT_TYPES = {
    XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    PDF: "application/pdf",
}

MARGIN = 12 * mm
# Grid cells: font size and horizontal padding, in points; the narrowest a wide column gets.
CELL_SIZE, CELL_PADDING = 8.5, 14
FLOOR = 5 * CELL_SIZE + CELL_PADDING
# Column widths, in characters (a Chinese character counts two).
MIN_WIDTH, MAX_WIDTH, SIGNATURE_WIDTH = 6, 48, 14
_SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
# A spreadsheet reads a cell typed with one of these first as a formula (OWASP CSV injection).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Table:
    """One register ready to print: ``columns`` are ``(key, header)`` pairs, each row holds one
    string per column, and ``signature_columns`` (headers such as 签收人, 经办人) are added at
    the right and left blank for hand signatures on paper. ``level`` is the highest level
    among the rows (set by the register from its lines; None for a register of no level):
    its marking heads and foots every page (CLS-MARK)."""

    title: str
    organisation: str
    period: str
    columns: Sequence[tuple[str, str]]
    rows: Sequence[Sequence[str]]
    signature_columns: Sequence[str] = ()
    sheet_name: str = ""
    level: int | None = None
    # Columns (by index) that hold amounts: in the .xlsx their cells are numbers in the given
    # format (e.g. "#,##0.00"), so that a spreadsheet adds them up; a cell that is not a
    # number (a blank) stays text. Written as values, never formulas.
    numbers: Mapping[int, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        width = len(self.columns)
        for row in self.rows:
            if len(row) != width:
                raise ValueError(f"a row of {len(row)} cells in a table of {width} columns")

    @property
    def headers(self) -> list[str]:
        return [str(header) for _key, header in self.columns] + [
            str(h) for h in self.signature_columns
        ]

    def grid(self) -> list[list[str]]:
        """Every row as printed: its cells, then a blank cell per signature column."""
        blanks = [""] * len(self.signature_columns)
        return [[str(cell) for cell in row] + blanks for row in self.rows]

    def widths(self) -> list[int]:
        """Each column's width in characters: its widest line, within MIN_WIDTH..MAX_WIDTH."""
        widths = []
        for i, header in enumerate(self.headers):
            if i >= len(self.columns):
                widths.append(max(SIGNATURE_WIDTH, text_width(header)))
                continue
            widest = max([text_width(header), *(text_width(str(r[i])) for r in self.rows)])
            widths.append(min(max(widest + 2, MIN_WIDTH), MAX_WIDTH))
        return widths


def text_width(text: str) -> int:
    """How many character cells ``text``'s longest line takes: wide (CJK) characters two."""
    return max(
        (
            sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in line)
            for line in text.splitlines()
        ),
        default=0,
    )


def sheet_name(table: Table) -> str:
    """A valid worksheet name: at most 31 characters, none of []:*?/\\."""
    name = _SHEET_NAME_FORBIDDEN.sub(" ", printable(table.sheet_name or table.title)).strip()
    return name[:31] or "Sheet1"


def organisation_and_period(table: Table) -> str:
    return "　".join(
        [
            _("Organisation: %(name)s") % {"name": table.organisation},
            _("Period: %(period)s") % {"period": table.period},
        ]
    )


def _append_text(sheet: Any, values: Sequence[str]) -> None:
    """Append a row of text cells. openpyxl makes a value beginning with "=" a formula: every
    cell's type is set to a string instead, so the file holds the text as shown and no
    spreadsheet runs it; one beginning with a formula trigger (FORMULA_TRIGGERS) also gets the
    quote prefix, so that editing it in Excel keeps it text. Numbers, being strings in a Table,
    are text cells as they always were."""
    texts = [printable(value) for value in values]
    sheet.append(texts)
    row = sheet.max_row
    for column, text in enumerate(texts, start=1):
        cell = sheet.cell(row=row, column=column)
        cell.data_type = "s"
        if text.startswith(FORMULA_TRIGGERS):
            cell.quotePrefix = True


def _numbers(sheet: Any, formats: Mapping[int, str]) -> None:
    """The last row's cells of the amount columns ``formats`` made numbers in their format,
    where their text is a finite number."""
    row = sheet.max_row
    for index, number_format in formats.items():
        cell = sheet.cell(row=row, column=index + 1)
        try:
            value = Decimal(str(cell.value)) if cell.value not in (None, "") else None
        except InvalidOperation:
            value = None
        if value is None or not value.is_finite():
            continue
        cell.value, cell.data_type, cell.quotePrefix = value, "n", False
        cell.number_format = number_format


def to_xlsx(table: Table) -> bytes:
    """The register as an .xlsx workbook: the title (after the marking of its highest
    level, CLS-MARK), the organisation and period, the bold header row (frozen, and repeated
    on every printed page), the rows, and blank signature columns; printed landscape, one
    page wide."""
    book = Workbook()
    sheet = book.active
    sheet.title = sheet_name(table)
    headers = table.headers
    last = get_column_letter(len(headers))
    _append_text(sheet, ["　".join(t for t in (marking(table.level), table.title) if t)])
    _append_text(sheet, [organisation_and_period(table)])
    _append_text(sheet, headers)
    for row in table.grid():
        _append_text(sheet, row)
        _numbers(sheet, table.numbers)
    sheet.merge_cells(f"A1:{last}1")
    sheet.merge_cells(f"A2:{last}2")
    sheet["A1"].font = Font(bold=True, size=14)
    sheet["A1"].alignment = Alignment(horizontal="center")
    edge = Side(style="thin")
    box = Border(left=edge, right=edge, top=edge, bottom=edge)
    for cell in sheet[3]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDDDDD")
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.border = box
    wrap = Alignment(vertical="top", wrap_text=True)
    for cells in sheet.iter_rows(min_row=4):
        for cell in cells:
            cell.alignment = wrap
            cell.border = box
    for i, width in enumerate(table.widths(), start=1):
        sheet.column_dimensions[get_column_letter(i)].width = width
    sheet.freeze_panes = "A4"
    sheet.print_title_rows = "3:3"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    buffer = io.BytesIO()
    save_workbook(book, buffer)
    return buffer.getvalue()


def _styles() -> dict[str, ParagraphStyle]:
    name = font()
    return {
        "title": ParagraphStyle(
            "title", fontName=name, fontSize=16, leading=22, alignment=1, spaceAfter=4
        ),
        "sub": ParagraphStyle("sub", fontName=name, fontSize=10, leading=14, spaceAfter=6),
        "head": ParagraphStyle(
            "head", fontName=name, fontSize=9, leading=12, alignment=1, wordWrap="CJK"
        ),
        "cell": ParagraphStyle(
            "cell", fontName=name, fontSize=CELL_SIZE, leading=11, wordWrap="CJK"
        ),
        "sign": ParagraphStyle("sign", fontName=name, fontSize=10, leading=14, spaceBefore=14),
    }


def column_widths(widths: Sequence[int], frame: float) -> list[float]:
    """Column widths in points from widths in characters: each column's text at the cell
    font size plus padding; when they are too wide for the page, the wide columns give up
    width (down to a floor of a few characters, wrapping their text) before narrow ones."""
    natural = [w * CELL_SIZE / 2 + CELL_PADDING for w in widths]
    floors = [min(n, FLOOR) for n in natural]
    excess = sum(natural) - frame
    if excess <= 0:
        return [n * frame / sum(natural) for n in natural]
    slack = sum(natural) - sum(floors)
    if slack < excess:
        return [f * frame / sum(floors) for f in floors]
    return [n - (n - f) * excess / slack for n, f in zip(natural, floors, strict=True)]


def _story(table: Table) -> list[Any]:
    styles = _styles()
    grid = Grid(
        [
            [para(h, styles["head"]) for h in table.headers],
            *([para(c, styles["cell"]) for c in row] for row in table.grid()),
        ],
        colWidths=column_widths(table.widths(), landscape(A4)[0] - 2 * MARGIN),
        repeatRows=1,
    )
    grid.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#DDDDDD")),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("VALIGN", (0, 0), (-1, 0), "MIDDLE"),
            ]
        )
    )
    line = "_" * 16
    signature = "　　".join(
        [
            _("Registrar (signature): %(line)s") % {"line": line},
            _("Date: %(line)s") % {"line": line},
        ]
    )
    return [
        para(table.title, styles["title"]),
        para(organisation_and_period(table), styles["sub"]),
        grid,
        Spacer(1, 4 * mm),
        para(signature, styles["sign"]),
    ]


def to_pdf(table: Table) -> bytes:
    """The register as a landscape A4 PDF: the title, the organisation and period, the grid
    with its header row repeated on every page and long cells wrapped, "page n of m" at the
    foot of every page, the marking of the highest level listed at the head and the foot of
    every page (CLS-MARK), and a line for the registrar's signature at the end."""
    return build(
        lambda: _story(table),
        pagesize=landscape(A4),
        margin=MARGIN,
        marks=Marks(marking(table.level)),
        title=table.title,
        author=table.organisation,
    )


EXPORTERS: dict[str, Callable[[Table], bytes]] = {XLSX: to_xlsx, PDF: to_pdf}


def export(table: Table, file_format: str) -> bytes:
    """``table`` as ``file_format`` (``xlsx`` or ``pdf``); ValueError for any other."""
    if file_format not in EXPORTERS:
        raise ValueError(f"unknown export format {file_format!r}")
    return EXPORTERS[file_format](table)


@dataclass(frozen=True)
class Export:
    """An exported file, as a page or a route sends it."""

    content: bytes
    content_type: str
    filename: str


def require_format(file_format: str) -> None:
    """InvalidInput naming ``format`` unless ``file_format`` is one the exports write."""
    if file_format not in EXPORTERS:
        raise InvalidInput(_("Export as xlsx or pdf."), field="format")


def export_file(table: Table, file_format: str, filename: str) -> Export:
    """``table`` as a file of ``file_format`` named ``filename`` (its format checked first
    with ``require_format``)."""
    return Export(export(table, file_format), CONTENT_TYPES[file_format], filename)
