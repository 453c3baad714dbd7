"""Importing a register kept elsewhere from a spreadsheet, written once for every import: people
(``baomi.org.imports``), an incoming register (``baomi.carriers.imports``), an equipment ledger
and a physical check's list of what was found (``baomi.devices.imports``). A domain declares its
columns, an ImportSpec of Fields (the names each column is recognised by, whether it must be
there), and how a row becomes what its operation takes (a Line per row, collecting every reason
it cannot be imported); this module reads the file, finds the columns and sorts the rows out into
those that can be imported and the rejected ones. Imports no Django model.

Reading: an .xlsx workbook or a .csv file (UTF-8, with or without a byte order mark, else
GB18030), at most MAX_BYTES, MAX_ROWS rows below the header and MAX_COLUMNS columns. A workbook
goes through the upload bounds (``baomi.core.uploads``) before openpyxl opens it. Its cells are
read as saved: a formula gives the value the spreadsheet saved with it (nothing where it saved
none), never its text, and nothing is evaluated here; a date cell reads as its ISO date.

The header row: real registers carry title rows above it (the register's name, the office, a
date, a blank row). The header is the first of the first HEADER_ROWS non-empty rows that names
every required column; the rows above it are passed over. A column is recognised by any of its
names whatever the case, spaces, underscores, a required mark (*) or full-width forms ("Date
Received", "date_received", "＊收文日期"); a column named twice is refused, an unknown one ignored.
Where no row names every required column, the missing ones are named (those of the row naming
the most; of the first non-empty row where none names any).

Several sheets: a workbook's sheets are looked at in order, the active one first, and the rows are
those of the one sheet with a header row (an instructions sheet, or the empty Sheet2 and Sheet3
of a new workbook, are passed over). A header row on more than one sheet is refused, naming the
sheets: the report could not tell their rows apart by number.

Rows: each is numbered as in the file (in its sheet), the header being row 1 where nothing stands
above it; empty rows are skipped, and a table ends at BLANK_ROWS empty rows in a row (spreadsheets
keep formatted empty rows far below a table). A file running beyond READ_ROWS rows, empty ones
included, is refused. Every problem with the file as a whole is an InvalidInput on the field
"file".

Checking: each row's Line collects every reason it cannot be imported (``refuse``, prefixed by
the rule ID), its own cells' first, then a value repeated in the file or already stored
(``refuse_repeats``); ``sort_out`` answers the rows that can be imported and the Rejected ones
with all their reasons; an import is all or nothing (ImportRejected lists every rejected
row)."""

from __future__ import annotations

import csv
import dataclasses
import datetime
import io
import re
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Container, Hashable, Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any, BinaryIO, Generic, TypeVar

from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from openpyxl import Workbook, load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from baomi.core import uploads
from baomi.core.errors import InvalidInput

MAX_BYTES = 10 * 1024 * 1024
MAX_ROWS = 10_000
MAX_COLUMNS = 50
# The header row is looked for among this many non-empty rows at the top of a sheet.
HEADER_ROWS = 10
# A table ends at this many empty rows in a row.
BLANK_ROWS = 1_000
# Rows read at the most from a sheet, empty ones included (a sheet may claim a million).
READ_ROWS = 100_000
# What a damaged or foreign workbook makes openpyxl (or the archive check) raise.
_UNREADABLE = (*uploads.UNREADABLE, InvalidFileException, KeyError, ValueError, OSError)
# A yes/no column's words (after ``key``).
YES = frozenset({"是", "yes", "y", "true", "1", "√", "✓"})
NO = frozenset({"", "否", "no", "n", "false", "0"})
# The non-empty rows of a file: each row's number and the text of its cells.
Table = list[tuple[int, list[str]]]
_NOT_IN_A_NAME = re.compile(r"[\s_*]+")

P = TypeVar("P")
K = TypeVar("K", bound=Hashable)


def cell_text(value: Any) -> str:
    """A cell as text: empty for none, 1/0 for a boolean, a whole float as an integer, a date
    (or a date and time) as its ISO date."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def key(text: str) -> str:
    """A cell's text as a word to look up: underscores as spaces, spaces folded, any case."""
    return " ".join(text.replace("_", " ").split()).casefold()


def header_key(text: str) -> str:
    """A column's name as looked up: full-width forms as ASCII, any case, without spaces,
    underscores or a required mark (*)."""
    return _NOT_IN_A_NAME.sub("", unicodedata.normalize("NFKC", text)).casefold()


@dataclass(frozen=True)
class Field:
    """A column an import reads. The row's attribute ``name`` holds its cell's text;
    ``headers`` are the names the column is recognised by (the template's first, the English
    second, then those real registers use); a ``required`` column must be in the file (whether
    its cell may be empty is the row's check)."""

    name: str
    headers: tuple[str, ...]
    required: bool = False

    @property
    def shown(self) -> str:
        """The column as a refusal names it: its template name and its English name."""
        return "/".join(self.headers[:2])


@dataclass(frozen=True)
class ImportSpec:
    """The columns of an import, in the order of the template and of a row's cells.
    ``nothing_below`` refuses a file without a row below its header; ``sheet`` is the
    template's sheet; ``module`` the module whose ``Row`` (``row_type``) the rows are."""

    fields: tuple[Field, ...]
    nothing_below: str
    sheet: str = "import"
    module: str = __name__

    @cached_property
    def row_type(self) -> type:
        """The rows read: a frozen dataclass of the row's ``number`` and the text of each
        field's cell in the order of the fields (empty where the file has no such column)."""
        row = dataclasses.make_dataclass(
            "Row",
            [("number", int), *((f.name, str, dataclasses.field(default="")) for f in self.fields)],
            frozen=True,
        )
        row.__module__ = self.module
        row.__doc__ = "A row as read from the file: its number and the text of each column."
        return row

    @cached_property
    def names(self) -> dict[str, str]:
        """Each name a column is recognised by (``header_key``), to its field."""
        return {header_key(h): f.name for f in self.fields for h in f.headers}

    @cached_property
    def required(self) -> frozenset[str]:
        return frozenset(f.name for f in self.fields if f.required)

    def read_rows(self, data: bytes, filename: str) -> list[Any]:
        """The rows (``row_type``) of an .xlsx or .csv file's content, or InvalidInput saying
        why the file as a whole cannot be read (field "file")."""
        return [self.row_type(n, *cells) for n, cells in read_rows(data, filename, self)]

    def read_upload(self, upload: BinaryIO, filename: str) -> list[Any]:
        """The rows of an uploaded file (at most MAX_BYTES read), or InvalidInput."""
        return self.read_rows(upload_bytes(upload), filename)

    def no_rows(self) -> InvalidInput:
        """The refusal of a file without a row below its header."""
        return file_error(self.nothing_below)

    def template_xlsx(self) -> bytes:
        """An empty workbook with the header row, to fill in and upload."""
        book = Workbook()
        sheet = book.active
        sheet.title = self.sheet
        sheet.append([f.headers[0] for f in self.fields])
        buffer = io.BytesIO()
        book.save(buffer)
        return buffer.getvalue()


def file_error(message: str) -> InvalidInput:
    return InvalidInput(message, field="file")


def _too_many_rows() -> InvalidInput:
    return file_error(_("The file has more than %(n)d rows.") % {"n": MAX_ROWS})


def upload_bytes(upload: BinaryIO) -> bytes:
    """The content of an uploaded file, or InvalidInput if it is larger than MAX_BYTES
    (no more than that is read)."""
    data = upload.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise file_error(
            _("The file is larger than %(mb)d MB.") % {"mb": MAX_BYTES // (1024 * 1024)}
        )
    return data


def read_rows(data: bytes, filename: str, spec: ImportSpec) -> list[tuple[int, list[str]]]:
    """The rows below the header of an .xlsx or .csv file's content (see the module), each as
    its number and the text of its cells in the order of ``spec.fields`` (empty where the
    file has no such column)."""
    suffix = filename.lower().rsplit(".", 1)[-1] if "." in filename else ""
    if suffix == "xlsx":
        table = _xlsx_table(data, spec)
    elif suffix == "csv":
        table = _csv_table(data)
    else:
        raise file_error(_("Upload an .xlsx or .csv file."))
    return _records(table, spec)


def _non_empty(rows: Iterable[Sequence[Any]], limit: int) -> Table:
    """The first ``limit`` non-empty rows as text, each with its number; up to the end of the
    table (BLANK_ROWS empty rows), refusing a file beyond READ_ROWS rows."""
    table: Table = []
    blank = 0
    for number, values in enumerate(rows, start=1):
        if number > READ_ROWS:
            raise _too_many_rows()
        texts = [cell_text(v) for v in values[:MAX_COLUMNS]]
        if not any(texts):
            blank += 1
            if blank >= BLANK_ROWS:
                break
            continue
        blank = 0
        table.append((number, texts))
        if len(table) >= limit:
            break
    return table


def _enough() -> int:
    """Non-empty rows read from a table: the title rows, the header and one row too many."""
    return HEADER_ROWS + MAX_ROWS + 1


def _xlsx_table(data: bytes, spec: ImportSpec) -> Table:
    try:
        uploads.check_archive(data)  # a zip bomb is refused before openpyxl opens it
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except _UNREADABLE:
        raise file_error(_("The file is not a readable .xlsx workbook.")) from None
    try:
        sheets = list(book.worksheets)
        if book.active in sheets:
            sheets.remove(book.active)
            sheets.insert(0, book.active)

        def rows(sheet: Any, limit: int) -> Table:
            return _non_empty(sheet.iter_rows(max_col=MAX_COLUMNS, values_only=True), limit)

        found = [s for s in sheets if _header(rows(s, HEADER_ROWS), spec)[1]]
        if len(found) > 1:
            raise file_error(
                _("More than one sheet has a header row (%(sheets)s): upload one at a time.")
                % {"sheets": ", ".join(s.title for s in found)}
            )
        chosen = found or sheets[:1]
        return rows(chosen[0], _enough()) if chosen else []
    except _UNREADABLE:
        raise file_error(_("The file is not a readable .xlsx workbook.")) from None
    finally:
        book.close()


def _csv_table(data: bytes) -> Table:
    """UTF-8 (with or without a byte order mark) first, else GB18030."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("gb18030")
        except UnicodeDecodeError:
            raise file_error(_("The .csv file is neither UTF-8 nor GB18030 text.")) from None
    try:
        return _non_empty(csv.reader(io.StringIO(text, newline="")), _enough())
    except csv.Error:
        raise file_error(_("The .csv file cannot be read.")) from None


def _named(values: list[str], spec: ImportSpec) -> set[str]:
    return {spec.names[k] for k in map(header_key, values) if k in spec.names}


def _header(table: Table, spec: ImportSpec) -> tuple[int, bool]:
    """Which of the table's rows is the header, and whether it names every required column:
    the first of the top HEADER_ROWS that does, else the one naming the most."""
    best, most = 0, 0
    for index, (_n, values) in enumerate(table[:HEADER_ROWS]):
        named = _named(values, spec)
        if named and spec.required <= named:
            return index, True
        if len(named) > most:
            best, most = index, len(named)
    return best, False


def _records(table: Table, spec: ImportSpec) -> list[tuple[int, list[str]]]:
    """Map the header row to the fields and read every row below it."""
    if not table:
        raise file_error(_("The file is empty: it needs a header row."))
    at, _complete = _header(table, spec)
    header, body = table[at][1], table[at + 1 :]
    where: dict[str, int] = {}
    for index, title in enumerate(header):
        field = spec.names.get(header_key(title))
        if field in where:
            raise file_error(_("The column %(name)s appears twice.") % {"name": title})
        if field:
            where[field] = index
    missing = [f.shown for f in spec.fields if f.required and f.name not in where]
    if missing:
        raise file_error(
            _("Required columns are missing: %(cols)s.") % {"cols": ", ".join(missing)}
        )
    if not body:
        raise spec.no_rows()
    if len(body) > MAX_ROWS:
        raise _too_many_rows()

    def cell(values: list[str], field: str) -> str:
        index = where.get(field)
        return values[index] if index is not None and index < len(values) else ""

    return [(n, [cell(values, f.name) for f in spec.fields]) for n, values in body]


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


@dataclass(frozen=True)
class Checked(Generic[P]):
    """The rows that can be imported, and the rejected ones with every reason."""

    rows: list[P]
    rejected: list[Rejected]


class Line:
    """One row being checked: ``values`` read from its cells, for what its operation takes,
    and every reason it cannot be imported. A domain subclasses it with a method per column
    that needs more than these readers."""

    def __init__(self, row: Any) -> None:
        self.row = row
        self.values: dict[str, Any] = {}
        self.reasons: list[str] = []

    def refuse(self, message: str, rule_id: str = "") -> None:
        self.reasons.append(f"{rule_id}: {message}" if rule_id else message)

    def text(self, value: str, max_length: int, *, too_long: str, missing: str = "") -> str:
        """A text column: refused with ``missing`` where empty (if given), ``too_long``
        beyond ``max_length`` characters."""
        if missing and not value:
            self.refuse(missing)
        elif len(value) > max_length:
            self.refuse(too_long)
        return value

    def model_text(
        self, value: str, model: Any, field: str, label: str, *, required: bool = False
    ) -> str:
        """A text column kept in ``model``'s ``field``, named ``label`` in a refusal: refused
        where empty (if ``required``) or longer than the field holds."""
        column = {"column": label}
        return self.text(
            value,
            model._meta.get_field(field).max_length,
            missing=_("The %(column)s is missing.") % column if required else "",
            too_long=_("The %(column)s is too long.") % column,
        )

    def choice(self, value: str, words: dict[str, Any], unknown: str) -> Any:
        """The value ``words`` gives the cell (by ``key``), or None refused with ``unknown``
        (which may show the cell as %(v)s)."""
        found = words.get(key(value))
        if found is None:
            self.refuse(unknown % {"v": value})
        return found

    def yes_no(self, value: str, unknown: str) -> bool:
        """A yes/no column (YES, NO; empty is no), refused with ``unknown`` (%(v)s) else."""
        word = key(value)
        if word not in YES | NO:
            self.refuse(unknown % {"v": value})
        return word in YES


def refuse_repeats(
    lines: Sequence[Line],
    value: Callable[[Line], K | None],
    taken: Callable[[list[K]], Container[K]],
    *,
    already: str,
    repeated: str,
    rule_id: str = "",
    shown: Callable[[K], str] = str,
) -> None:
    """A value unique in the store and in the file (a register number, an asset number, a
    staff number): a line whose ``value`` (None where it was not read) is among those
    ``taken`` (asked once, of every value of the file) is refused with ``already``, else one
    whose value another line gives too with ``repeated``. The messages show the value as
    %(n)s and the other rows as %(rows)s."""
    where: dict[K, list[int]] = defaultdict(list)
    for line in lines:
        found = value(line)
        if found is not None:
            where[found].append(line.row.number)
    stored = taken(list(where))
    for line in lines:
        found = value(line)
        if found is None:
            continue
        if found in stored:
            line.refuse(already % {"n": shown(found)}, rule_id)
        elif len(where[found]) > 1:
            others = ", ".join(str(n) for n in where[found] if n != line.row.number)
            line.refuse(repeated % {"n": shown(found), "rows": others}, rule_id)


def sort_out(lines: Iterable[Line], parsed: Callable[..., P]) -> Checked[P]:
    """The lines without a reason as ``parsed(**line.values)``, every other one Rejected with
    all its reasons, in file order."""
    rows, rejected = [], []
    for line in lines:
        if line.reasons:
            rejected.append(Rejected(line.row.number, line.reasons))
        else:
            rows.append(parsed(**line.values))
    return Checked(rows, rejected)


def created(rows: Sequence[P], made: Sequence[Any], **ids: str) -> list[P]:
    """The imported rows with the ids of what each created (in the same order): ``ids`` names,
    for each field of the row, the attribute of the created object that holds it."""
    return [
        dataclasses.replace(row, **{f: getattr(obj, a) for f, a in ids.items()})
        for row, obj in zip(rows, made, strict=True)
    ]
