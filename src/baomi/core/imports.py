"""Importing a register kept elsewhere from a spreadsheet, written once for every import: people
(``baomi.org.imports``), an incoming register (``baomi.carriers.imports``), an equipment ledger
and a physical check's list of what was found (``baomi.devices.imports``). A domain declares its
columns, an ImportSpec of Fields (the names each column is recognised by, whether it must be
there), and how a row becomes what its operation takes (a Line per row, collecting every reason
it cannot be imported); this module reads the file, finds the columns and sorts the rows out into
those that can be imported and the rejected ones. Imports no Django model.

Reading: an .xlsx workbook or a .csv file (UTF-8, with or without a byte order mark, else
GB18030), at most MAX_BYTES, MAX_ROWS rows below the header, MAX_COLUMNS columns, MAX_SHEETS
sheets and MAX_CELL characters a cell. A workbook goes through the upload bounds
(``baomi.core.uploads``) before openpyxl opens it. Its cells are read as saved: a formula gives
the value the spreadsheet saved with it (nothing where it saved none), never its text, and
nothing is evaluated here; a date cell reads as its ISO date.

The header row: real registers carry title rows above it (the register's name, the office, a
date, a "填表单位" line, a blank row). The header is the first of the first HEADER_ROWS non-empty
rows that names a column and every required one; the rows above it are passed over. A column
is recognised by any of its names whatever the case, spaces, line breaks, underscores, a
required mark (*), full-width forms or a bracketed unit ("Date Received", "date_received",
"＊收文日期", "收文" and "日期" on two lines, "容量（GB）"); a Field's ``fallback`` names count only
where no column has one of its own names (序号 is the register number of a register without a
收文编号 column, and an unused column beside one); a column named twice is refused; a required
column may be stood in for by another (``instead``: a ledger without a type column names its
devices by type). Where no row names every required column, the missing ones are named (those of
the row naming the most; of the first non-empty row where none names any). The columns that no
field reads are listed in the Reading, for the dry run to show.

Sheets: every sheet of a workbook with a header row is read, in the workbook's order (a ledger's
computers on one sheet and its media on another; a register kept a sheet a month); the others
(an instructions sheet, the empty Sheet2 of a new workbook) are listed in the Reading with the
reason they were passed over. A workbook of more than MAX_SHEETS sheets is refused. Where no sheet
has a header row, the active one's missing columns are named.

Rows: each is numbered as in the file (in its sheet), the header being row 1 where nothing stands
above it, and carries its sheet's name where more than one sheet is read (``Row.place``:
"存储介质!5"); empty rows are skipped, and a table ends at BLANK_ROWS empty rows in a row
(spreadsheets keep formatted empty rows far below a table). A sheet running beyond READ_ROWS rows,
empty ones included, or more than MAX_ROWS rows read in all, is refused. Every problem with the
file as a whole is an InvalidInput on the field "file".

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
from collections.abc import Callable, Container, Hashable, Iterable, Mapping, Sequence
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
MAX_SHEETS = 50
# Characters in a cell at the most: a spreadsheet holds no more (a .csv file might).
MAX_CELL = 32_767
# The header row is looked for among this many non-empty rows at the top of a sheet.
HEADER_ROWS = 10
# A table ends at this many empty rows in a row.
BLANK_ROWS = 1_000
# Rows read at the most from a sheet, empty ones included (a sheet may claim a million).
READ_ROWS = 100_000
# What a damaged or foreign workbook makes openpyxl (or the archive check) raise.
_UNREADABLE = (*uploads.UNREADABLE, InvalidFileException, KeyError, ValueError, OSError)
# A yes/no column's words (after ``key``).
YES = frozenset({"是", "有", "yes", "y", "true", "1", "√", "✓"})
NO = frozenset({"", "否", "无", "no", "n", "false", "0"})
# The non-empty rows of a file: each row's number and the text of its cells.
Table = list[tuple[int, list[str]]]
_NOT_IN_A_NAME = re.compile(r"[\s_*]+")
_BRACKETED = re.compile(r"[(\[【〔](?P<inside>[^)\]】〕]*)[)\]】〕]")
_DATE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[ T][\d:.]*)?$")
_COMPACT_DATE = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_BARE_NUMBER = re.compile(r"^\d+(\.\d+)?$")
# A level's word as registers write it: "★绝密", "绝密级", "机密★" all say 绝密 or 机密.
_LEVEL_MARKS = re.compile(r"^[\s★☆*]+|[\s★☆*]+$")

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


def level_key(text: str) -> str:
    """A level's word as looked up (``key``), without its ★ marks or the 级 of "绝密级"."""
    word = _LEVEL_MARKS.sub("", unicodedata.normalize("NFKC", text))
    return key(word.removesuffix("级") if len(word) > 1 else word)


def date_of(text: str) -> datetime.date | None:
    """A date written 2024-03-05, 2024/3/5, 2024.3.5, 2024年3月5日 or 20240305; None if not."""
    match = _DATE.match(text) or _COMPACT_DATE.match(text)
    if match is None:
        return None
    try:
        return datetime.date(*(int(part) for part in match.groups()))
    except ValueError:
        return None


def header_key(text: str) -> str:
    """A column's name as looked up: full-width forms as ASCII, any case, without spaces, line
    breaks, underscores, a required mark (*) or a bracketed unit ("容量（GB）")."""
    bare = _BRACKETED.sub("", unicodedata.normalize("NFKC", text))
    return _NOT_IN_A_NAME.sub("", bare).casefold()


def header_unit(text: str) -> str:
    """The unit a column's name gives in brackets ("容量（GB）": "GB"), or empty."""
    found = _BRACKETED.search(unicodedata.normalize("NFKC", text))
    return found["inside"].strip() if found else ""


def column_letter(index: int) -> str:
    """A column's letters as a spreadsheet shows them (0: A, 26: AA)."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


@dataclass(frozen=True)
class Field:
    """A column an import reads. The row's attribute ``name`` holds its cell's text;
    ``headers`` are the names the column is recognised by (the template's first, the English
    second, then those real registers use); ``fallback`` names count only where no column has
    one of ``headers``; a ``required`` column must be in the file, or the column of the field
    named ``instead`` (whether its cell may be empty is the row's check); in a ``unit`` column
    a bare number takes the unit its header gives in brackets ("容量(GB)": "500" is "500 GB")."""

    name: str
    headers: tuple[str, ...]
    required: bool = False
    fallback: tuple[str, ...] = ()
    instead: str = ""
    unit: bool = False

    @property
    def shown(self) -> str:
        """The column as a refusal names it: its template name and its English name."""
        return "/".join(self.headers[:2])


@dataclass(frozen=True)
class Column:
    """A column of a sheet as read: its letters, its header's text and the field it gives
    (empty where no field reads it)."""

    letter: str
    header: str
    field: str = ""

    def __str__(self) -> str:
        return _("column %(letter)s (%(header)s)") % {"letter": self.letter, "header": self.header}


@dataclass(frozen=True)
class SheetRead:
    """A sheet whose rows were read: its name (empty for a .csv file), the row taken as its
    header, its columns and how many rows it gave."""

    title: str
    header_row: int
    columns: tuple[Column, ...]
    rows: int

    @property
    def used(self) -> list[Column]:
        return [c for c in self.columns if c.field]

    @property
    def unused(self) -> list[Column]:
        return [c for c in self.columns if not c.field]


@dataclass(frozen=True)
class PassedOver:
    """A sheet whose rows were not read, and why."""

    title: str
    reason: str


@dataclass(frozen=True)
class Reading:
    """What was read from a file: its rows (``ImportSpec.row_type``), the sheets read and
    those passed over, for a dry run to show."""

    rows: list[Any]
    sheets: list[SheetRead]
    passed_over: list[PassedOver]


def place_of(number: int, sheet: str) -> str:
    """A row as answers name it: its number, after its sheet's name where several were read
    ("存储介质!5", as a spreadsheet refers to a cell of another sheet)."""
    return f"{sheet}!{number}" if sheet else str(number)


def read_from(reading: Reading) -> dict[str, Any]:
    """What a dry run shows of a Reading besides its rows (the API's ``sheets`` and
    ``passed_over``)."""
    return {"sheets": reading.sheets, "passed_over": reading.passed_over}


def _place(row: Any) -> str:
    return place_of(row.number, row.sheet)


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
        """The rows read: a frozen dataclass of the row's ``number``, the text of each field's
        cell in the order of the fields (empty where the file has no such column), its
        ``sheet`` (named where several sheets were read) and its ``columns``, each field's
        Column in the file (for a refusal to name), and its ``place`` ("存储介质!5")."""
        row = dataclasses.make_dataclass(
            "Row",
            [
                ("number", int),
                *((f.name, str, dataclasses.field(default="")) for f in self.fields),
                ("sheet", str, dataclasses.field(default="")),
                (
                    "columns",
                    Mapping[str, Column],
                    dataclasses.field(default_factory=dict, compare=False, repr=False),
                ),
            ],
            frozen=True,
            namespace={"place": property(_place)},
        )
        row.__module__ = self.module
        row.__doc__ = "A row as read from the file: its number and the text of each column."
        return row

    @cached_property
    def names(self) -> dict[str, str]:
        """Each name a column is recognised by (``header_key``), to its field."""
        return {header_key(h): f.name for f in self.fields for h in f.headers}

    @cached_property
    def fallback_names(self) -> dict[str, str]:
        """Each name a column is recognised by where no column has one of its field's own."""
        return {header_key(h): f.name for f in self.fields for h in f.fallback}

    @cached_property
    def units(self) -> frozenset[str]:
        return frozenset(f.name for f in self.fields if f.unit)

    def missing(self, named: Container[str]) -> list[Field]:
        """The required fields whose column (or the one standing in) is not among ``named``."""
        return [
            f
            for f in self.fields
            if f.required and f.name not in named and not (f.instead and f.instead in named)
        ]

    def read(self, data: bytes, filename: str) -> Reading:
        """What an .xlsx or .csv file's content gives (see the module), or InvalidInput saying
        why the file as a whole cannot be read (field "file")."""
        return read(data, filename, self)

    def read_rows(self, data: bytes, filename: str) -> list[Any]:
        """The rows (``row_type``) of an .xlsx or .csv file's content, or InvalidInput."""
        return self.read(data, filename).rows

    def reading(self, upload: BinaryIO, filename: str) -> Reading:
        """What an uploaded file (at most MAX_BYTES read) gives, or InvalidInput."""
        return self.read(upload_bytes(upload), filename)

    def read_upload(self, upload: BinaryIO, filename: str) -> list[Any]:
        """The rows of an uploaded file (at most MAX_BYTES read), or InvalidInput."""
        return self.reading(upload, filename).rows

    def no_rows(self) -> InvalidInput:
        """The refusal of a file without a row below its header."""
        return file_error(self.nothing_below)

    def accepted(self, checked: Checked[P]) -> list[P]:
        """The rows of ``checked`` when all can be imported (an import is all or none):
        ImportRejected listing every rejected row otherwise, ``no_rows`` when there is none."""
        if checked.rejected:
            raise ImportRejected(checked.rejected)
        if not checked.rows:
            raise self.no_rows()
        return checked.rows

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


def read(data: bytes, filename: str, spec: ImportSpec) -> Reading:
    """The rows below the header of every sheet of an .xlsx file with a header row, or of a
    .csv file (see the module), with the sheets read and those passed over."""
    suffix = filename.lower().rsplit(".", 1)[-1] if "." in filename else ""
    if suffix == "xlsx":
        tables, passed_over = _xlsx_tables(data, spec)
    elif suffix == "csv":
        tables, passed_over = [("", _csv_table(data))], []
    else:
        raise file_error(_("Upload an .xlsx or .csv file."))
    several = len(tables) > 1
    rows: list[Any] = []
    sheets: list[SheetRead] = []
    for title, table in tables:
        sheet, records = _records(table, spec, title if several else "")
        if several and not records:
            passed_over.append(PassedOver(title, _("no rows below its header row")))
            continue
        sheets.append(sheet)
        rows.extend(records)
        if len(rows) > MAX_ROWS:
            raise _too_many_rows()
    if not rows:
        raise spec.no_rows()
    return Reading(rows, sheets, passed_over)


def _non_empty(rows: Iterable[Sequence[Any]], limit: int) -> Table:
    """The first ``limit`` non-empty rows as text, each with its number; up to the end of the
    table (BLANK_ROWS empty rows), refusing a file beyond READ_ROWS rows."""
    table: Table = []
    blank = 0
    for number, values in enumerate(rows, start=1):
        if number > READ_ROWS:
            raise _too_many_rows()
        texts = [cell_text(v) for v in values[:MAX_COLUMNS]]
        if any(len(t) > MAX_CELL for t in texts):
            raise file_error(
                _("Row %(row)d has a cell longer than %(n)d characters.")
                % {"row": number, "n": MAX_CELL}
            )
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


def _xlsx_tables(data: bytes, spec: ImportSpec) -> tuple[list[tuple[str, Table]], list[PassedOver]]:
    """The name and rows of each sheet with a header row (of the active sheet where none has
    one), and the sheets passed over with the reason."""
    try:
        uploads.check_archive(data)  # a zip bomb is refused before openpyxl opens it
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except _UNREADABLE:
        raise file_error(_("The file is not a readable .xlsx workbook.")) from None
    try:
        sheets = list(book.worksheets)
        if len(sheets) > MAX_SHEETS:
            raise file_error(_("The file has more than %(n)d sheets.") % {"n": MAX_SHEETS})

        def rows(sheet: Any, limit: int) -> Table:
            return _non_empty(sheet.iter_rows(max_col=MAX_COLUMNS, values_only=True), limit)

        found, passed_over = [], []
        for sheet in sheets:
            top = rows(sheet, HEADER_ROWS)
            at, complete = _header(top, spec)
            if complete:
                found.append(sheet)
            elif not top:
                passed_over.append(PassedOver(sheet.title, _("empty")))
            else:
                missing = spec.missing(_named(top[at][1], spec)) or spec.fields
                passed_over.append(
                    PassedOver(
                        sheet.title,
                        _("no header row: no row of its top %(n)d names %(cols)s")
                        % {"n": HEADER_ROWS, "cols": ", ".join(f.shown for f in missing)},
                    )
                )
        if not found:  # the active sheet's missing columns are named
            found = [book.active if book.active in sheets else sheets[0]] if sheets else []
            passed_over = [p for p in passed_over if found and p.title != found[0].title]
        return [(s.title, rows(s, _enough())) for s in found], passed_over
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
    return {
        spec.names.get(k) or spec.fallback_names[k]
        for k in map(header_key, values)
        if k in spec.names or k in spec.fallback_names
    }


def _header(table: Table, spec: ImportSpec) -> tuple[int, bool]:
    """Which of the table's rows is the header, and whether it names every required column:
    the first of the top HEADER_ROWS that does, else the one naming the most."""
    best, most = 0, 0
    for index, (_n, values) in enumerate(table[:HEADER_ROWS]):
        named = _named(values, spec)
        if named and not spec.missing(named):
            return index, True
        if len(named) > most:
            best, most = index, len(named)
    return best, False


def _columns(header: list[str], spec: ImportSpec) -> dict[str, int]:
    """Each field's column in the header row: by its own names, else by a fallback name."""
    where: dict[str, int] = {}
    fallback: dict[str, list[int]] = defaultdict(list)
    for index, title in enumerate(header):
        name = header_key(title)
        if name in spec.names:
            field = spec.names[name]
            if field in where:
                raise file_error(_("The column %(name)s appears twice.") % {"name": title})
            where[field] = index
        elif name in spec.fallback_names:
            fallback[spec.fallback_names[name]].append(index)
    for field, indexes in fallback.items():
        if field not in where:
            if len(indexes) > 1:
                title = header[indexes[1]]
                raise file_error(_("The column %(name)s appears twice.") % {"name": title})
            where[field] = indexes[0]
    return where


def _records(table: Table, spec: ImportSpec, title: str) -> tuple[SheetRead, list[Any]]:
    """Map a sheet's header row to the fields and read every row below it."""
    if not table:
        raise file_error(_("The file is empty: it needs a header row."))
    at, _complete = _header(table, spec)
    (header_row, header), body = table[at], table[at + 1 :]
    where = _columns(header, spec)
    missing = spec.missing(where)
    if missing:
        raise file_error(
            _("Required columns are missing: %(cols)s.")
            % {"cols": ", ".join(f.shown for f in missing)}
        )
    if len(body) > MAX_ROWS:
        raise _too_many_rows()
    field_at = {index: field for field, index in where.items()}
    columns = tuple(
        Column(column_letter(i), text, field_at.get(i, "")) for i, text in enumerate(header) if text
    )
    by_field = {c.field: c for c in columns if c.field}
    units = {f: header_unit(by_field[f].header) for f in spec.units if f in by_field}

    def cell(values: list[str], field: str) -> str:
        index = where.get(field)
        text = values[index] if index is not None and index < len(values) else ""
        if units.get(field) and _BARE_NUMBER.match(text):
            return f"{text} {units[field]}"
        return text

    rows = [
        spec.row_type(n, *(cell(values, f.name) for f in spec.fields), title, by_field)
        for n, values in body
    ]
    return SheetRead(title, header_row, columns, len(rows)), rows


@dataclass(frozen=True)
class Rejected:
    """A row that cannot be imported, with every reason; ``sheet`` where several were read."""

    number: int
    reasons: list[str]
    sheet: str = ""

    @property
    def place(self) -> str:
        return _place(self)


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
            detail=[
                {"row": r.number, **({"sheet": r.sheet} if r.sheet else {}), "reasons": r.reasons}
                for r in rejected
            ],
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

    def column(self, field: str) -> str:
        """The column of ``field`` as a refusal names it: its letters and its header in the
        file ("column F (MAC地址)"), or the field's name for a row not read from a file."""
        return str(self.row.columns.get(field, field))

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

    def date(self, value: str, not_a_date: str) -> datetime.date | None:
        """A date column (empty: None), refused with ``not_a_date`` (%(v)s) where no date."""
        day = date_of(value)
        if value and day is None:
            self.refuse(not_a_date % {"v": value})
        return day

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
    where: dict[K, list[str]] = defaultdict(list)
    for line in lines:
        found = value(line)
        if found is not None:
            where[found].append(line.row.place)
    stored = taken(list(where))
    for line in lines:
        found = value(line)
        if found is None:
            continue
        if found in stored:
            line.refuse(already % {"n": shown(found)}, rule_id)
        elif len(where[found]) > 1:
            others = ", ".join(n for n in where[found] if n != line.row.place)
            line.refuse(repeated % {"n": shown(found), "rows": others}, rule_id)


def sort_out(lines: Iterable[Line], parsed: Callable[..., P]) -> Checked[P]:
    """The lines without a reason as ``parsed(**line.values)``, every other one Rejected with
    all its reasons, in file order."""
    rows, rejected = [], []
    for line in lines:
        if line.reasons:
            rejected.append(Rejected(line.row.number, line.reasons, line.row.sheet))
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
