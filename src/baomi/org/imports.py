"""Reading people from an uploaded .xlsx or .csv file and checking them against the
organisation chart, without writing anything. ``operations.import_people`` creates them.

The file has a header row naming its columns in Chinese or English: 姓名/name,
工号/staff_number, 部门/department (a name, or a path such as "技术部/研发一室"),
职级/rank (a rank's name or key) and, optionally, 试用期/on_probation (是/否, yes/no, 1/0,
empty = no). Row numbers are those of the file, the header being row 1."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, replace
from typing import Any, BinaryIO

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from baomi.access.roles import Permission, actor_organisation_id, require
from baomi.core import tables
from baomi.core.tables import ImportRejected, Rejected
from baomi.org.models import Department, Person, Rank

__all__ = ["Checked", "ImportRejected", "Parsed", "Rejected", "Row", "check", "read_upload"]

# The template's header row, and the column names each field is recognised by.
HEADERS = {
    "name": ("姓名", "name"),
    "staff_number": ("工号", "staff_number", "staff number"),
    "department": ("部门", "department"),
    "rank": ("职级", "rank"),
    "on_probation": ("试用期", "on_probation", "on probation", "probation"),
}
COLUMNS = tables.Columns(
    headers=HEADERS,
    required=("name", "staff_number", "department", "rank"),
    nothing_below=gettext_lazy("The file has no people below its header row."),
)
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
class Checked:
    rows: list[Parsed]
    rejected: list[Rejected]


def read_upload(upload: BinaryIO, filename: str) -> list[Row]:
    """The rows of an uploaded file (at most ``tables.MAX_BYTES`` read), or InvalidInput
    saying why the file as a whole cannot be read."""
    return read_rows(tables.upload_bytes(upload), filename)


def read_rows(data: bytes, filename: str) -> list[Row]:
    """The rows of an .xlsx or .csv file's content, or InvalidInput (field "file")."""
    return [Row(n, *cells) for n, cells in tables.read_rows(data, filename, COLUMNS)]


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
    return tables.template_xlsx(COLUMNS, "people")
