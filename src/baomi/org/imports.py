"""Reading people from an uploaded .xlsx or .csv file and checking them against the
organisation chart, without writing anything. ``operations.import_people`` creates them.

The file has a header row naming its columns in Chinese or English: 姓名/name,
工号/staff_number, 部门/department (a name, or a path such as "技术部/研发一室"),
职级/rank (a rank's name or key) and, optionally, 试用期/on_probation (是/否, yes/no, 1/0,
empty = no). The file is read as every import reads one, by ``baomi.core.imports`` (title rows
above the header row, any of a column's names, the sheet that has the header row). Row numbers
are those of the file."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from baomi.access.roles import Permission, actor_organisation_id, require
from baomi.core import imports
from baomi.core.imports import Field, ImportRejected, Rejected
from baomi.org.models import Department, Person, Rank

__all__ = ["ImportRejected", "Parsed", "Rejected", "Row", "check", "read_upload"]

# The template's header row, and the column names each field is recognised by.
SPEC = imports.ImportSpec(
    fields=(
        Field("name", ("姓名", "name", "员工姓名", "人员姓名"), required=True),
        Field(
            "staff_number",
            ("工号", "staff_number", "员工编号", "职工编号", "人员编号", "职工号"),
            required=True,
        ),
        Field("department", ("部门", "department", "所属部门", "科室", "处室"), required=True),
        Field("rank", ("职级", "rank", "级别", "职务级别"), required=True),
        Field("on_probation", ("试用期", "on_probation", "probation", "是否试用期")),
    ),
    nothing_below=gettext_lazy("The file has no people below its header row."),
    sheet="people",
    module=__name__,
)
# A row as read from the file: its number and the text of each column.
Row = SPEC.row_type
read_rows = SPEC.read_rows
read_upload = SPEC.read_upload
reading = SPEC.reading
template_xlsx = SPEC.template_xlsx


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
    # The row's sheet, where several were read.
    sheet: str = ""
    # The person created from the row, once imported.
    person_id: int | None = None

    @property
    def place(self) -> str:
        return imports.place_of(self.number, self.sheet)


def _department_paths(organisation_id: int) -> dict[int, list[str]]:
    """Each department's names from the top of the tree down to it."""
    depts = {d.pk: d for d in Department.objects.filter(organisation_id=organisation_id)}
    return {pk: [depts[i].name for i in d.line() if i in depts] for pk, d in depts.items()}


def _segments(text: str) -> list[str]:
    return [part.strip() for part in text.strip().strip("/").split("/") if part.strip()]


def check(actor: Any, rows: list[Row]) -> imports.Checked[Parsed]:
    """Resolve each row against the actor's organisation chart (MANAGE_ORGANISATION): the
    rows that can be imported and every rejected row with all its reasons. Writes nothing."""
    require(actor, Permission.MANAGE_ORGANISATION)
    organisation_id = actor_organisation_id(actor)
    paths = _department_paths(organisation_id)
    ranks = list(Rank.objects.filter(organisation_id=organisation_id))
    lines = [imports.Line(r) for r in rows]
    for line in lines:
        r = line.row
        line.text(
            r.name,
            _longest("name"),
            missing=_("The name is missing."),
            too_long=_("The name is too long."),
        )
        line.text(
            r.staff_number,
            _longest("staff_number"),
            missing=_("The staff number is missing."),
            too_long=_("The staff number is too long."),
        )
        dept_id = _department(r.department, paths, line)
        rank = _rank(r.rank, ranks, line)
        probation = line.yes_no(
            r.on_probation, _("Probation must be 是/否, yes/no or 1/0, not %(v)s.")
        )
        if dept_id is not None and rank is not None:
            line.values = {
                "number": r.number,
                "name": r.name,
                "staff_number": r.staff_number,
                "department_id": dept_id,
                "department": "/".join(paths[dept_id]),
                "rank_id": rank.pk,
                "rank": rank.name,
                "on_probation": probation,
                "sheet": r.sheet,
            }
    _refuse_repeated_numbers(organisation_id, lines)
    return imports.sort_out(lines, Parsed)


def _longest(field: str) -> int:
    return Person._meta.get_field(field).max_length


def _refuse_repeated_numbers(organisation_id: int, lines: list[imports.Line]) -> None:
    """A staff number is unique in the organisation."""

    def staff_number(line: imports.Line) -> str | None:
        number = line.row.staff_number
        return number if 0 < len(number) <= _longest("staff_number") else None

    def taken(numbers: list[str]) -> set[str]:
        found = Person.objects.filter(organisation_id=organisation_id, staff_number__in=numbers)
        return set(found.values_list("staff_number", flat=True))

    imports.refuse_repeats(
        lines,
        staff_number,
        taken,
        already=_("The staff number %(n)s is taken in the organisation."),
        repeated=_("The staff number %(n)s is repeated in row(s) %(rows)s."),
    )


def _department(text: str, paths: dict[int, list[str]], line: imports.Line) -> int | None:
    """The department whose path ends with the given name or path, if exactly one does."""
    wanted = _segments(text)
    if not wanted:
        line.refuse(_("The department is missing."))
        return None
    matches = [pk for pk, names in paths.items() if names[-len(wanted) :] == wanted]
    if not matches:
        line.refuse(_("Unknown department %(d)s.") % {"d": text})
        return None
    if len(matches) > 1:
        found = "; ".join(sorted("/".join(paths[pk]) for pk in matches))
        line.refuse(
            _("The department %(d)s is ambiguous: %(paths)s. Give its path.")
            % {"d": text, "paths": found}
        )
        return None
    return matches[0]


def _rank(text: str, ranks: list[Rank], line: imports.Line) -> Rank | None:
    if not text:
        line.refuse(_("The rank is missing."))
        return None
    matches = [r for r in ranks if r.key.casefold() == text.casefold()] or [
        r for r in ranks if r.name == text
    ]
    if len(matches) != 1:
        line.refuse(_("Unknown rank %(r)s.") % {"r": text})
        return None
    return matches[0]


def created(rows: list[Parsed], people: list[Person]) -> list[Parsed]:
    """The rows with the id of the person each created (in the same order)."""
    return imports.created(rows, people, person_id="pk")
