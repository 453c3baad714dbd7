"""Reading people from an uploaded .xlsx or .csv file and checking them against the
organisation chart, without writing anything. ``operations.import_people`` creates them.

The file has a header row naming its columns in Chinese or English: 姓名/name,
工号/staff_number, 部门/department (a name, or a path such as "技术部/研发一室"),
职级/rank (a rank's name or key) and, optionally, 试用期/on_probation (是/否, yes/no, 1/0,
empty = no). Row numbers are those of the file, the header being row 1."""

from __future__ import annotations

import csv
import io
import zipfile
from collections import defaultdict
from dataclasses import dataclass, replace
from typing import Any, BinaryIO

from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from openpyxl import Workbook, load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from baomi.access.roles import Permission, actor_organisation_id, require
from baomi.core.errors import InvalidInput
from baomi.org.models import Department, Person, Rank

MAX_BYTES = 10 * 1024 * 1024
MAX_ROWS = 10_000
MAX_COLUMNS = 50
FIELDS = ("name", "staff_number", "department", "rank", "on_probation")
REQUIRED = FIELDS[:4]
# The template's header row, and the column names each field is recognised by.
HEADERS = {
    "name": ("姓名", "name"),
    "staff_number": ("工号", "staff_number", "staff number"),
    "department": ("部门", "department"),
    "rank": ("职级", "rank"),
    "on_probation": ("试用期", "on_probation", "on probation", "probation"),
}
_COLUMN = {alias: field for field, aliases in HEADERS.items() for alias in aliases}
# What a damaged or foreign workbook makes openpyxl raise.
_UNREADABLE = (zipfile.BadZipFile, InvalidFileException, KeyError, ValueError, OSError)
_YES = {"是", "yes", "y", "true", "1"}
_NO = {"", "否", "no", "n", "false", "0"}


@dataclass(frozen=True)
class Row:
    """A row as read from the file: its number and the text of each column."""

    number: int
    name: str
    staff_number: str
    department: str
    rank: str
    on_probation: str = ""


@dataclass(frozen=True)
class Parsed:
    """A row that can be imported, resolved against the organisation chart."""

    number: int
    name: str
    staff_number: str
    department_id: int
    department: str
    rank_id: int
    rank: str
    on_probation: bool
    # The person created from the row, once imported.
    person_id: int | None = None


@dataclass(frozen=True)
class Rejected:
    """A row that cannot be imported, with every reason."""

    number: int
    reasons: list[str]


@dataclass(frozen=True)
class Checked:
    rows: list[Parsed]
    rejected: list[Rejected]


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


def _file_error(message: str) -> InvalidInput:
    return InvalidInput(message, field="file")


def read_upload(upload: BinaryIO, filename: str) -> list[Row]:
    """The rows of an uploaded file (at most MAX_BYTES read), or InvalidInput saying why
    the file as a whole cannot be read."""
    data = upload.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise _file_error(
            _("The file is larger than %(mb)d MB.") % {"mb": MAX_BYTES // (1024 * 1024)}
        )
    return read_rows(data, filename)


def read_rows(data: bytes, filename: str) -> list[Row]:
    """The rows of an .xlsx or .csv file's content, or InvalidInput (field "file")."""
    suffix = filename.lower().rsplit(".", 1)[-1] if "." in filename else ""
    if suffix == "xlsx":
        table = _xlsx_table(data)
    elif suffix == "csv":
        table = _csv_table(data)
    else:
        raise _file_error(_("Upload an .xlsx or .csv file."))
    return _rows(table)


def _xlsx_table(data: bytes) -> list[tuple[int, list[Any]]]:
    table = []
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except _UNREADABLE:
        raise _file_error(_("The file is not a readable .xlsx workbook.")) from None
    try:
        sheet = book.active
        for number, values in enumerate(
            sheet.iter_rows(max_col=MAX_COLUMNS, values_only=True), start=1
        ):
            table.append((number, list(values)))
            if len(table) > MAX_ROWS + 1:
                break
    except _UNREADABLE:
        raise _file_error(_("The file is not a readable .xlsx workbook.")) from None
    finally:
        book.close()
    return table


def _csv_table(data: bytes) -> list[tuple[int, list[Any]]]:
    """UTF-8 (with or without a byte order mark) first, else GB18030."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("gb18030")
        except UnicodeDecodeError:
            raise _file_error(_("The .csv file is neither UTF-8 nor GB18030 text.")) from None
    table = []
    try:
        for values in csv.reader(io.StringIO(text, newline="")):
            table.append((len(table) + 1, values[:MAX_COLUMNS]))
            if len(table) > MAX_ROWS + 1:
                break
    except csv.Error:
        raise _file_error(_("The .csv file cannot be read.")) from None
    return table


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _rows(table: list[tuple[int, list[Any]]]) -> list[Row]:
    """Map the header row to the fields and read every non-empty row below it."""
    table = [(n, [_text(v) for v in values]) for n, values in table]
    table = [(n, values) for n, values in table if any(values)]
    if not table:
        raise _file_error(_("The file is empty: it needs a header row."))
    (_n, header), body = table[0], table[1:]
    columns: dict[str, int] = {}
    for index, title in enumerate(header):
        field = _COLUMN.get(" ".join(title.split()).casefold())
        if field in columns:
            raise _file_error(_("The column %(name)s appears twice.") % {"name": title})
        if field:
            columns[field] = index
    missing = [f"{HEADERS[f][0]}/{HEADERS[f][1]}" for f in REQUIRED if f not in columns]
    if missing:
        raise _file_error(
            _("Required columns are missing: %(cols)s.") % {"cols": ", ".join(missing)}
        )
    if not body:
        raise _file_error(_("The file has no people below its header row."))
    if len(body) > MAX_ROWS:
        raise _file_error(_("The file has more than %(n)d rows.") % {"n": MAX_ROWS})

    def cell(values: list[str], field: str) -> str:
        index = columns.get(field)
        return values[index] if index is not None and index < len(values) else ""

    return [Row(n, *(cell(values, f) for f in FIELDS)) for n, values in body]


def _department_paths(organisation_id: int) -> dict[int, list[str]]:
    """Each department's names from the top of the tree down to it."""
    depts = {d.pk: d for d in Department.objects.filter(organisation_id=organisation_id)}
    return {pk: [depts[i].name for i in d.line() if i in depts] for pk, d in depts.items()}


def _segments(text: str) -> list[str]:
    return [part.strip() for part in text.strip().strip("/").split("/") if part.strip()]


def check(actor: Any, rows: list[Row]) -> Checked:
    """Resolve each row against the actor's organisation chart (MANAGE_ORGANISATION): the
    rows that can be imported and every rejected row with all its reasons. Writes nothing."""
    require(actor, Permission.MANAGE_ORGANISATION)
    organisation_id = actor_organisation_id(actor)
    paths = _department_paths(organisation_id)
    ranks = list(Rank.objects.filter(organisation_id=organisation_id))
    numbers = [r.staff_number for r in rows if r.staff_number]
    taken = set(
        Person.objects.filter(
            organisation_id=organisation_id, staff_number__in=numbers
        ).values_list("staff_number", flat=True)
    )
    where: dict[str, list[int]] = defaultdict(list)
    for r in rows:
        if r.staff_number:
            where[r.staff_number].append(r.number)
    parsed, rejected = [], []
    for r in rows:
        reasons: list[str] = []
        if not r.name:
            reasons.append(_("The name is missing."))
        elif len(r.name) > Person._meta.get_field("name").max_length:
            reasons.append(_("The name is too long."))
        if not r.staff_number:
            reasons.append(_("The staff number is missing."))
        elif len(r.staff_number) > Person._meta.get_field("staff_number").max_length:
            reasons.append(_("The staff number is too long."))
        elif r.staff_number in taken:
            reasons.append(
                _("The staff number %(n)s is taken in the organisation.") % {"n": r.staff_number}
            )
        elif len(where[r.staff_number]) > 1:
            others = ", ".join(str(n) for n in where[r.staff_number] if n != r.number)
            reasons.append(
                _("The staff number %(n)s is repeated in row(s) %(rows)s.")
                % {"n": r.staff_number, "rows": others}
            )
        dept_id = _department(r.department, paths, reasons)
        rank = _rank(r.rank, ranks, reasons)
        probation = r.on_probation.casefold()
        if probation not in _YES | _NO:
            reasons.append(
                _("Probation must be 是/否, yes/no or 1/0, not %(v)s.") % {"v": r.on_probation}
            )
        if reasons:
            rejected.append(Rejected(r.number, reasons))
            continue
        parsed.append(
            Parsed(
                number=r.number,
                name=r.name,
                staff_number=r.staff_number,
                department_id=dept_id,
                department="/".join(paths[dept_id]),
                rank_id=rank.pk,
                rank=rank.name,
                on_probation=probation in _YES,
            )
        )
    return Checked(parsed, rejected)


def _department(text: str, paths: dict[int, list[str]], reasons: list[str]) -> int | None:
    """The department whose path ends with the given name or path, if exactly one does."""
    wanted = _segments(text)
    if not wanted:
        reasons.append(_("The department is missing."))
        return None
    matches = [pk for pk, names in paths.items() if names[-len(wanted) :] == wanted]
    if not matches:
        reasons.append(_("Unknown department %(d)s.") % {"d": text})
        return None
    if len(matches) > 1:
        found = "; ".join(sorted("/".join(paths[pk]) for pk in matches))
        reasons.append(
            _("The department %(d)s is ambiguous: %(paths)s. Give its path.")
            % {"d": text, "paths": found}
        )
        return None
    return matches[0]


def _rank(text: str, ranks: list[Rank], reasons: list[str]) -> Rank | None:
    if not text:
        reasons.append(_("The rank is missing."))
        return None
    matches = [r for r in ranks if r.key.casefold() == text.casefold()] or [
        r for r in ranks if r.name == text
    ]
    if len(matches) != 1:
        reasons.append(_("Unknown rank %(r)s.") % {"r": text})
        return None
    return matches[0]


def created(rows: list[Parsed], people: list[Person]) -> list[Parsed]:
    """The rows with the id of the person each created (in the same order)."""
    return [replace(row, person_id=person.pk) for row, person in zip(rows, people, strict=True)]


def template_xlsx() -> bytes:
    """An empty workbook with the header row, to fill in and upload."""
    book = Workbook()
    sheet = book.active
    sheet.title = "people"
    sheet.append([HEADERS[f][0] for f in FIELDS])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
