"""Reading a training session's attendance sheet (签到表, PPL-TRAINING, TRAIN-RECORD) from an
uploaded .xlsx or .csv file and checking it against the organisation, without writing
anything. ``operations.training.import_attendance`` signs the people in.

The file is read as every import reads one, by ``baomi.core.imports`` (title rows above the
header row — the session's name, its date —, any of a column's names, every sheet that has a
header row). Its columns: 姓名/name and 工号/staff_number (at least one of the two: a row
resolves its person by the staff number, else by the name, which must then name exactly one
person still with the organisation; where both are given they must agree); optionally
签到/signed_in (a signature, a time or 是/√: present; empty or 否/缺席/请假: absent, the row
is passed over — a sheet without the column lists only those present), 成绩/score (the
paper quiz's score, 0–100) and 评分/rating (1–5).

A row is rejected with every reason: no person (unknown, ambiguous, another's name for the
staff number), a person who has left, one already signed in at the session or named twice in
the file, the importing officer themselves (ROLE-SEPARATION), a score or rating out of range.
Row numbers are those of the file."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from baomi.core import imports
from baomi.core.imports import Field, ImportRejected, Rejected
from baomi.org.models import Employment, Person
from baomi.people.models import Attendance

__all__ = ["ImportRejected", "Parsed", "Rejected", "check", "reading"]

SPEC = imports.ImportSpec(
    fields=(
        Field(
            "name",
            ("姓名", "name", "人员姓名", "员工姓名", "参训人员", "参加人员", "参训人"),
            required=True,
            instead="staff_number",
        ),
        Field("staff_number", ("工号", "staff_number", "员工编号", "职工编号", "人员编号")),
        Field(
            "signed_in", ("签到", "signed_in", "签名", "签到签名", "本人签名", "签到时间", "出勤")
        ),
        Field("score", ("成绩", "score", "测试成绩", "考试成绩", "测验成绩", "得分")),
        Field("rating", ("评分", "rating", "评价", "满意度", "培训评价")),
    ),
    nothing_below=gettext_lazy("The attendance sheet has nobody below its header row."),
    sheet="签到表",
    module=__name__,
)
Row = SPEC.row_type
reading = SPEC.reading
template_xlsx = SPEC.template_xlsx

# A 签到 cell that says the person was not there.
ABSENT = frozenset(
    {"", "否", "无", "no", "n", "false", "0", "缺席", "缺勤", "未到", "请假", "×", "x"}
)
SCORE_MAX = 100
RATING_MAX = 5


@dataclass(frozen=True)
class Parsed:
    """A row that can be signed in: the person it names, and the effect it records."""

    number: int
    person_id: int
    name: str
    staff_number: str
    department: str
    score: int | None
    rating: int | None
    sheet: str = ""

    @property
    def place(self) -> str:
        return imports.place_of(self.number, self.sheet)


@dataclass(frozen=True)
class Absent:
    """A row whose 签到 says the person was not there: passed over, shown in the dry run."""

    number: int
    name: str
    staff_number: str
    sheet: str = ""

    @property
    def place(self) -> str:
        return imports.place_of(self.number, self.sheet)


@dataclass(frozen=True)
class Checked:
    rows: list[Parsed]
    rejected: list[Rejected]
    absent: list[Absent]


def is_absent(row: Any) -> bool:
    """Whether the row's 签到 cell says the person was not there (only where the sheet has a
    签到 column: a sheet without one lists those present)."""
    return "signed_in" in row.columns and imports.key(row.signed_in) in ABSENT


def _number(line: imports.Line, value: str, top: int, bottom: int, message: str) -> int | None:
    if not value:
        return None
    try:
        number = float(value)
    except ValueError:
        number = None
    if number is None or not number.is_integer() or not bottom <= number <= top:
        line.refuse(message % {"v": value}, "TRAIN-RECORD")
        return None
    return int(number)


def check(
    organisation_id: int, session_id: int, actor_person_id: int | None, rows: list[Any]
) -> Checked:
    """Resolve each present row against the people of the organisation (one query for the
    people named, one for those signed in already): the rows that can be signed in at the
    session, every rejected row with all its reasons, and the rows marked absent. Writes
    nothing; the permission is the caller's (the operation, or the office's page)."""
    present = [row for row in rows if not is_absent(row)]
    absent = [Absent(r.number, r.name, r.staff_number, r.sheet) for r in rows if is_absent(r)]
    numbers = {r.staff_number for r in present if r.staff_number}
    names = {r.name for r in present if r.name and not r.staff_number}
    people = Person.objects.filter(organisation_id=organisation_id).select_related("department")
    by_number = {p.staff_number: p for p in people.filter(staff_number__in=numbers)}
    by_name: dict[str, list[Person]] = defaultdict(list)
    for person in people.filter(name__in=names):
        by_name[person.name].append(person)
    lines = [imports.Line(r) for r in present]
    found: dict[int, Person] = {}
    for line in lines:
        person = _person(line, by_number, by_name)
        score = _number(
            line, line.row.score, SCORE_MAX, 0, _("The score must be 0 to 100, not %(v)s.")
        )
        rating = _number(
            line, line.row.rating, RATING_MAX, 1, _("The rating must be 1 to 5, not %(v)s.")
        )
        if person is None:
            continue
        found[id(line)] = person
        if not person.is_active:
            line.refuse(_("%(name)s has left.") % {"name": person.name}, "TRAIN-RECORD")
        if actor_person_id is not None and person.pk == actor_person_id:
            line.refuse(
                _("Nobody signs themselves in; another officer records your attendance."),
                "ROLE-SEPARATION",
            )
        line.values = {
            "number": line.row.number,
            "person_id": person.pk,
            "name": person.name,
            "staff_number": person.staff_number,
            "department": person.department.name,
            "score": score,
            "rating": rating,
            "sheet": line.row.sheet,
        }

    def who(line: imports.Line) -> int | None:
        person = found.get(id(line))
        return person.pk if person is not None else None

    def signed(ids: list[int]) -> set[int]:
        taken = Attendance.objects.filter(session_id=session_id, person_id__in=ids)
        return set(taken.values_list("person_id", flat=True))

    everyone = {p.pk: p.name for p in found.values()}
    imports.refuse_repeats(
        lines,
        who,
        signed,
        already=_("%(n)s is already signed in at this session."),
        repeated=_("%(n)s is named again in row(s) %(rows)s."),
        rule_id="TRAIN-RECORD",
        shown=lambda pk: everyone[pk],
    )
    sorted_out = imports.sort_out(lines, Parsed)
    return Checked(sorted_out.rows, sorted_out.rejected, absent)


def _person(
    line: imports.Line, by_number: dict[str, Person], by_name: dict[str, list[Person]]
) -> Person | None:
    """The row's person: by staff number (the name, if given, must agree), else by a name
    exactly one person of the organisation has (one still in post, where several had it)."""
    row = line.row
    if row.staff_number:
        person = by_number.get(row.staff_number)
        if person is None:
            line.refuse(_("No person has the staff number %(n)s.") % {"n": row.staff_number})
        elif row.name and row.name != person.name:
            line.refuse(
                _("The staff number %(n)s is %(name)s's, not %(given)s's.")
                % {"n": row.staff_number, "name": person.name, "given": row.name}
            )
            return None
        return person
    if not row.name:
        line.refuse(_("The row names nobody: give the name or the staff number."))
        return None
    matches = by_name.get(row.name, [])
    if len(matches) > 1:
        matches = [p for p in matches if p.employment == Employment.ACTIVE] or matches
    if not matches:
        line.refuse(_("Nobody of the organisation is named %(name)s.") % {"name": row.name})
        return None
    if len(matches) > 1:
        line.refuse(
            _("Several people are named %(name)s: give the staff number (%(numbers)s).")
            % {"name": row.name, "numbers": ", ".join(sorted(p.staff_number for p in matches))}
        )
        return None
    return matches[0]


def accepted(checked: Checked) -> list[Parsed]:
    """The rows of ``checked`` when all can be signed in (all or none): ImportRejected listing
    every rejected row otherwise, the spec's refusal when nobody is present."""
    return SPEC.accepted(imports.Checked(checked.rows, checked.rejected))
