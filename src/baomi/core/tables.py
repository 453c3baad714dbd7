"""Reading an uploaded table, an .xlsx workbook's first sheet or a .csv file, whose header
row names its columns in Chinese or English: what the imports (``baomi.org.imports``,
``baomi.carriers.imports``) share before they check their rows. Every problem with the
file as a whole is an InvalidInput (field "file"); row numbers are those of the file, the
header being row 1. Imports no Django model."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, BinaryIO

from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from openpyxl import Workbook, load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from baomi.core import uploads
from baomi.core.errors import InvalidInput

MAX_BYTES = 10 * 1024 * 1024
MAX_ROWS = 10_000
MAX_COLUMNS = 50
# What a damaged or foreign workbook makes openpyxl (or the archive check) raise.
_UNREADABLE = (*uploads.UNREADABLE, InvalidFileException, KeyError, ValueError, OSError)
# Each row of a file: its number and its cells.
Table = list[tuple[int, list[Any]]]


def cell_text(value: Any) -> str:
    """A cell as text: empty for none, 1/0 for a boolean, a whole float as an integer."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


@dataclass(frozen=True)
class Columns:
    """The columns an import reads: ``headers`` gives each field, in the order of the
    template and of the rows read, the names its column is recognised by (the template's
    first, the English second); ``required`` the fields whose column must be there;
    ``nothing_below`` the refusal of a file with no row below its header; ``text`` how a
    cell reads as text."""

    headers: dict[str, tuple[str, ...]]
    required: tuple[str, ...]
    nothing_below: str
    text: Callable[[Any], str] = cell_text

    @property
    def fields(self) -> tuple[str, ...]:
        return tuple(self.headers)


@dataclass(frozen=True)
class Rejected:
    """A row that cannot be imported, with every reason."""

    number: int
    reasons: list[str]


class ImportRejected(InvalidInput):
    """Some rows cannot be imported: nothing is. ``rejected`` says which and why."""

    def __init__(self, rejected: list[Rejected]) -> None:
        super().__init__(
            ngettext(
                "%(n)d row cannot be imported; nothing was imported.",
                "%(n)d rows cannot be imported; nothing was imported.",
                len(rejected),
            )
            % {"n": len(rejected)},
            field="file",
            detail=[{"row": r.number, "reasons": r.reasons} for r in rejected],
        )
        self.rejected = rejected


def file_error(message: str) -> InvalidInput:
    return InvalidInput(message, field="file")


def upload_bytes(upload: BinaryIO) -> bytes:
    """The content of an uploaded file, or InvalidInput if it is larger than MAX_BYTES
    (no more than that is read)."""
    data = upload.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise file_error(
            _("The file is larger than %(mb)d MB.") % {"mb": MAX_BYTES // (1024 * 1024)}
        )
    return data


def read_rows(data: bytes, filename: str, columns: Columns) -> list[tuple[int, list[str]]]:
    """The rows below the header of an .xlsx or .csv file's content, each as its number and
    the text of its cells in the order of ``columns.fields`` (empty where the file has no
    such column). Empty rows are skipped."""
    suffix = filename.lower().rsplit(".", 1)[-1] if "." in filename else ""
    if suffix == "xlsx":
        table = _xlsx_table(data)
    elif suffix == "csv":
        table = _csv_table(data)
    else:
        raise file_error(_("Upload an .xlsx or .csv file."))
    return _records(table, columns)


def _xlsx_table(data: bytes) -> Table:
    table = []
    try:
        uploads.check_archive(data)  # a zip bomb is refused before openpyxl opens it
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except _UNREADABLE:
        raise file_error(_("The file is not a readable .xlsx workbook.")) from None
    try:
        sheet = book.active
        for number, values in enumerate(
            sheet.iter_rows(max_col=MAX_COLUMNS, values_only=True), start=1
        ):
            table.append((number, list(values)))
            if len(table) > MAX_ROWS + 1:
                break
    except _UNREADABLE:
        raise file_error(_("The file is not a readable .xlsx workbook.")) from None
    finally:
        book.close()
    return table


def _csv_table(data: bytes) -> Table:
    """UTF-8 (with or without a byte order mark) first, else GB18030."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("gb18030")
        except UnicodeDecodeError:
            raise file_error(_("The .csv file is neither UTF-8 nor GB18030 text.")) from None
    table = []
    try:
        for values in csv.reader(io.StringIO(text, newline="")):
            table.append((len(table) + 1, values[:MAX_COLUMNS]))
            if len(table) > MAX_ROWS + 1:
                break
    except csv.Error:
        raise file_error(_("The .csv file cannot be read.")) from None
    return table


def _records(table: Table, columns: Columns) -> list[tuple[int, list[str]]]:
    """Map the header row to the fields and read every non-empty row below it."""
    texts = [(n, [columns.text(v) for v in values]) for n, values in table]
    texts = [(n, values) for n, values in texts if any(values)]
    if not texts:
        raise file_error(_("The file is empty: it needs a header row."))
    (_n, header), body = texts[0], texts[1:]
    known = {alias: field for field, aliases in columns.headers.items() for alias in aliases}
    where: dict[str, int] = {}
    for index, title in enumerate(header):
        field = known.get(" ".join(title.split()).casefold())
        if field in where:
            raise file_error(_("The column %(name)s appears twice.") % {"name": title})
        if field:
            where[field] = index
    missing = ["/".join(columns.headers[f][:2]) for f in columns.required if f not in where]
    if missing:
        raise file_error(
            _("Required columns are missing: %(cols)s.") % {"cols": ", ".join(missing)}
        )
    if not body:
        raise file_error(columns.nothing_below)
    if len(body) > MAX_ROWS:
        raise file_error(_("The file has more than %(n)d rows.") % {"n": MAX_ROWS})

    def cell(values: list[str], field: str) -> str:
        index = where.get(field)
        return values[index] if index is not None and index < len(values) else ""

    return [(n, [cell(values, f) for f in columns.fields]) for n, values in body]


def template_xlsx(columns: Columns, title: str) -> bytes:
    """An empty workbook with the header row, to fill in and upload."""
    book = Workbook()
    sheet = book.active
    sheet.title = title
    sheet.append([columns.headers[f][0] for f in columns.fields])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
