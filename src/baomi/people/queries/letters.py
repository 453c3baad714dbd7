"""Reads of the responsibility letters (责任书, RESP-ANNUAL, RESP-RESIGN), through ``LETTERS``
(the office: every letter of its organisation; a signer: their own).

A letter *names the current signers* when its first signer is still the head of the
organisation (a department letter) or of the department (a person's letter) and its second
signer still heads the department (or, for a person's letter, still works in it): ``CURRENT``,
one database condition. It is *in effect* when both have signed and it names the current
signers; a letter whose signer changed no longer counts (RESP-RESIGN) and stays as history,
and ``prepare_letters`` prepares one for the new pair.

The letter's text is a template the security office edits (``LetterTemplate``, a version per
save, the newest in force); an organisation that saved none uses ``DEFAULT_TEXT`` (after the
seed's 保密工作责任书, P2 and P8), written as version 1 when its first letters are prepared."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import F, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from baomi.access.actor import Actor
from baomi.access.roles import actor_organisation_id, require
from baomi.audit.actions import register_action
from baomi.audit.recorder import record_event
from baomi.core import exports, paper
from baomi.core.errors import InvalidInput, NotFound
from baomi.core.registers import export_name
from baomi.org.models import Department, Employment, Organisation
from baomi.people.models import LetterKind, LetterTemplate, ResponsibilityLetter
from baomi.people.policies import LETTERS, OFFICE

REGISTER_EXPORTED = register_action(
    "people.letters_exported", gettext_lazy("Responsibility letters register exported")
)

# The letter's default text (P2 篇2 and P8 篇8 of the seed), for an organisation that saved none.
DEFAULT_TITLE = {
    LetterKind.DEPARTMENT: "保密工作责任书",
    LetterKind.PERSON: "涉密人员保密责任书",
}
DEFAULT_TEXT = {
    LetterKind.DEPARTMENT: (
        "为做好保密工作，明确保密责任，维护国家秘密安全和单位利益，"
        "由本单位保密工作第一责任人与各部门负责人签订本年度保密工作责任书。\n"
        "一、工作目标\n"
        "防范发生失泄密事件，杜绝发生违反《中华人民共和国保守国家秘密法》的行为。\n"
        "二、主要职责\n"
        "（一）部门负责人是本部门保密工作的第一责任人，落实“谁主管、谁负责”的要求，"
        "严格执行各项保密管理制度。\n"
        "（二）把保密工作与业务工作同部署、同检查、同总结。\n"
        "（三）加强涉密文件资料、计算机、办公设备、存储介质等涉密载体的保密管理。\n"
        "（四）加强涉密、涉外活动中的保密管理。\n"
        "（五）对本部门涉密人员开展经常性的保密教育和培训，组织开展保密自查，"
        "及时发现和消除泄密隐患。\n"
        "三、考核、表彰与处罚\n"
        "对本部门实行保密工作月度考核与年度考核。对完成本年度保密工作责任目标的责任人予以表彰；"
        "对因管理不善、工作不落实，未能完成保密工作责任目标的责任人予以处罚；"
        "导致失泄密事件的，追究相关责任；触犯法律的，移交司法机关处理。\n"
        "四、其他事项\n"
        "1. 保密工作责任书每年签订一次，本责任书在签订当年内有效。\n"
        "2. 本责任书经双方签字后生效。责任人变动的，须及时补签。\n"
        "3. 本责任书一式两份，双方各执一份。"
    ),
    LetterKind.PERSON: (
        "为落实保密责任，部门负责人与本部门涉密人员签订本年度保密责任书。\n"
        "一、严格遵守保密法律法规和本单位保密管理制度，不该说的秘密不说，不该看的秘密不看。\n"
        "二、妥善保管涉密载体，不私自复制、摘抄、携带外出，不在非涉密计算机和互联网上处理涉密信息。\n"
        "三、按月进行保密自查，按要求参加保密教育培训。\n"
        "四、发现泄密隐患或事件，立即报告并配合调查处理。\n"
        "五、本责任书经双方签字后生效，在签订当年内有效；责任人变动的，须及时补签。"
    ),
}
# The year a letter may be prepared for: last year's (late), this year's and next year's.
YEARS_BACK, YEARS_AHEAD = 1, 1

# A letter names the current signers (RESP-RESIGN): a department letter the organisation's
# head and the department's head; a person's letter the department's head and a person still
# in post in it.
CURRENT = Q(
    kind=LetterKind.DEPARTMENT,
    first_id=F("organisation__head_id"),
    second_id=F("department__head_id"),
) | Q(
    kind=LetterKind.PERSON,
    first_id=F("department__head_id"),
    second__department_id=F("department_id"),
    second__employment=Employment.ACTIVE,
)
SIGNED = Q(first_signed_on__isnull=False, second_signed_on__isnull=False)

# The states of a department (or person) on the year's sheet.
IN_EFFECT = "in_effect"
UNSIGNED = "unsigned"
MISSING = "missing"
RESIGN_DUE = "resign_due"
NO_HEAD = "no_head"
STATES = {
    IN_EFFECT: gettext_lazy("In effect"),
    UNSIGNED: gettext_lazy("Awaiting signature"),
    MISSING: gettext_lazy("Not prepared"),
    RESIGN_DUE: gettext_lazy("Re-signing due"),
    NO_HEAD: gettext_lazy("No head set"),
}


def this_year() -> int:
    return timezone.localdate().year


def check_year(year: Any, field_name: str = "year") -> int:
    """``year`` as a year a letter may be for (last year to next year), or InvalidInput."""
    now = this_year()
    if isinstance(year, bool) or not isinstance(year, int):
        raise InvalidInput(_("Give the year as a number."), field=field_name)
    if not now - YEARS_BACK <= year <= now + YEARS_AHEAD:
        raise InvalidInput(
            _("Letters are kept for the years %(low)d to %(high)d.")
            % {"low": now - YEARS_BACK, "high": now + YEARS_AHEAD},
            field=field_name,
        )
    return year


def current_template(organisation_id: int, kind: str) -> LetterTemplate | None:
    """The organisation's text of ``kind`` in force (its newest version), or None."""
    return (
        LetterTemplate.objects.filter(organisation_id=organisation_id, kind=kind)
        .order_by("-version")
        .first()
    )


def templates(actor: Actor) -> QuerySet[LetterTemplate]:
    """Every saved version of the letter's text, newest first: the security office's."""
    require(actor, OFFICE)
    return LetterTemplate.objects.filter(
        organisation_id=actor_organisation_id(actor)
    ).select_related("saved_by")


def text_in_force(actor: Actor, kind: str) -> tuple[str, str, int | None]:
    """(title, text, version) of ``kind`` in force for the office's organisation: its newest
    version, or the default text (version None)."""
    require(actor, OFFICE)
    template = current_template(actor_organisation_id(actor), kind)
    if template is None:
        return DEFAULT_TITLE[LetterKind(kind)], DEFAULT_TEXT[LetterKind(kind)], None
    return template.title, template.text, template.version


def letters(actor: Actor, year: int | None = None) -> QuerySet[ResponsibilityLetter]:
    """The letters the actor may know (the office: its organisation's; a signer: their own),
    of ``year`` when given, each with ``current`` (names the current signers) annotated."""
    found = LETTERS.known(actor)
    if year is not None:
        found = found.filter(year=year)
    return annotated(found).select_related(
        "department", "first", "second", "template", "organisation"
    )


def annotated(found: QuerySet[ResponsibilityLetter]) -> QuerySet[ResponsibilityLetter]:
    from django.db.models import BooleanField, ExpressionWrapper

    return found.annotate(current=ExpressionWrapper(CURRENT, output_field=BooleanField()))


def letter(actor: Actor, letter_id: int) -> ResponsibilityLetter:
    """One letter the actor may know, or NotFound (another's, another organisation's)."""
    found = letters(actor).filter(pk=letter_id).first()
    if found is None:
        raise NotFound(_("No such responsibility letter."))
    return found


def in_effect(letter: ResponsibilityLetter) -> bool:
    """Both have signed and the letter names the current signers (``letters`` annotates
    ``current``)."""
    return bool(
        letter.first_signed_on and letter.second_signed_on and getattr(letter, "current", True)
    )


def signer_part(letter: ResponsibilityLetter, person_id: int | None) -> str:
    """ "first", "second" or "" — which part of the letter ``person_id`` signs."""
    if person_id is not None and person_id == letter.first_id:
        return "first"
    if person_id is not None and person_id == letter.second_id:
        return "second"
    return ""


def awaiting_me(actor: Actor) -> QuerySet[ResponsibilityLetter]:
    """The letters that wait for the actor's own signature: they name the current signers,
    are of this year or later, and the actor's part is unsigned."""
    person_id = getattr(actor, "person_id", None)
    if person_id is None:
        return ResponsibilityLetter.objects.none()
    return (
        letters(actor)
        .filter(CURRENT, year__gte=this_year())
        .filter(
            Q(first_id=person_id, first_signed_on__isnull=True)
            | Q(second_id=person_id, second_signed_on__isnull=True)
        )
    )


def awaiting_count(actor: Actor) -> int:
    return awaiting_me(actor).count() if getattr(actor, "person_id", None) else 0


def mine(actor: Actor) -> QuerySet[ResponsibilityLetter]:
    """The letters the actor's person signs (first or second), newest year first."""
    person_id = getattr(actor, "person_id", None)
    if person_id is None:
        return ResponsibilityLetter.objects.none()
    return letters(actor).filter(Q(first_id=person_id) | Q(second_id=person_id))


@dataclass
class SheetLine:
    """One department (and its people, when their letters are kept) on the year's sheet."""

    department: Department
    first: Any  # the signer due now (a Person) or None
    second: Any
    state: str
    letter: ResponsibilityLetter | None = None
    history: list[ResponsibilityLetter] = field(default_factory=list)
    person_lines: list[SheetLine] = field(default_factory=list)

    @property
    def state_label(self) -> Any:
        return STATES[self.state]


def _state(current: list[ResponsibilityLetter], stale_in_effect: bool, ready: bool) -> str:
    if any(in_effect(x) for x in current):
        return IN_EFFECT
    if current:
        return UNSIGNED
    if not ready:
        return NO_HEAD
    return RESIGN_DUE if stale_in_effect else MISSING


def sheet(actor: Actor, year: int) -> list[SheetLine]:
    """The office's view of ``year``: each department with the signers due now (the head of
    the organisation and the department's head), its letter and its state — in effect,
    awaiting a signature, missing, re-signing due (an in-effect letter names a signer who
    changed, RESP-RESIGN), or no head set; every older letter as history. Three queries."""
    require(actor, OFFICE)
    organisation_id = actor_organisation_id(actor)
    organisation = Organisation.objects.select_related("head").get(pk=organisation_id)
    departments = list(
        Department.objects.filter(organisation_id=organisation_id).select_related("head")
    )
    by_department: dict[int, list[ResponsibilityLetter]] = {}
    for found in letters(actor, year):
        by_department.setdefault(found.department_id, []).append(found)
    head = organisation.head
    lines = []
    for department in departments:
        own = by_department.get(department.pk, [])
        dept_letters = [x for x in own if x.kind == LetterKind.DEPARTMENT]
        current = [x for x in dept_letters if x.current]
        stale = [x for x in dept_letters if not x.current]
        ready = head is not None and department.head_id is not None
        line = SheetLine(
            department=department,
            first=head,
            second=department.head,
            state=_state(
                current, any(x.first_signed_on and x.second_signed_on for x in stale), ready
            ),
            letter=current[0] if current else None,
            history=stale,
        )
        people: dict[int, list[ResponsibilityLetter]] = {}
        for x in own:
            if x.kind == LetterKind.PERSON:
                people.setdefault(x.second_id, []).append(x)
        for person_letters in people.values():
            now = [x for x in person_letters if x.current]
            old = [x for x in person_letters if not x.current]
            sample = person_letters[0]
            line.person_lines.append(
                SheetLine(
                    department=department,
                    first=department.head,
                    second=sample.second,
                    state=_state(
                        now, any(x.first_signed_on and x.second_signed_on for x in old), True
                    ),
                    letter=now[0] if now else None,
                    history=old,
                )
            )
        lines.append(line)
    return lines


# The register 责任书签订情况 (RESP-ANNUAL): a line per letter of the year.
COLUMNS = (
    ("year", gettext_lazy("Year")),
    ("department", gettext_lazy("Department")),
    ("first", gettext_lazy("First signer")),
    ("first_signed_on", gettext_lazy("Signed on")),
    ("second", gettext_lazy("Second signer")),
    ("second_signed_on", gettext_lazy("Signed on")),
    ("in_effect", gettext_lazy("In effect")),
    ("version", gettext_lazy("Text version")),
)


def register_table(actor: Actor, year: int) -> exports.Table:
    """责任书签订情况 of ``year`` as a ``core.exports.Table``: the office's (RESP-ANNUAL)."""
    require(actor, OFFICE)
    rows = [
        [
            str(x.year),
            x.department.name,
            x.first.name,
            paper.day_text(x.first_signed_on),
            x.second.name,
            paper.day_text(x.second_signed_on),
            _("yes") if in_effect(x) else _("no"),
            str(x.template.version),
        ]
        for x in letters(actor, year).order_by("department__path", "kind", "second__name", "pk")
    ]
    person = getattr(actor, "person", None)
    return exports.Table(
        title=_("Responsibility letters signed"),
        organisation=person.organisation.name if person is not None else "",
        period=str(year),
        columns=[(key, str(header)) for key, header in COLUMNS],
        rows=rows,
    )


def export(actor: Actor, year: int, file_format: str) -> exports.Export:
    """The register of ``year`` as .xlsx or PDF; the export is recorded in the audit log."""
    exports.require_format(file_format)
    table = register_table(actor, year)
    exported = exports.export_file(table, file_format, export_name(str(table.title), file_format))
    with transaction.atomic():
        record_event(
            actor=actor,
            action=REGISTER_EXPORTED,
            data={
                "rule": "RESP-ANNUAL",
                "format": file_format,
                "year": year,
                "lines": len(table.rows),
            },
        )
    return exported


PRINTED = register_action("people.letter_printed", gettext_lazy("Responsibility letter printed"))
# The two parties as the paper names them.
PARTIES = {
    LetterKind.DEPARTMENT: ("单位保密工作第一责任人（甲方）", "部门负责人（乙方）"),
    LetterKind.PERSON: ("部门负责人（甲方）", "涉密人员（乙方）"),
}


def print_letter(actor: Actor, letter_id: int) -> Any:
    """The letter as a PDF (``core.paper``): its title and year, the text of its version,
    and the two signature blocks with the names and, where signed, the dates. Readable by
    those who may know the letter; every print is recorded in the audit log."""
    from baomi.core import paper

    found = letter(actor, letter_id)
    first_party, second_party = PARTIES[LetterKind(found.kind)]

    def signed(day: datetime.date | None) -> str:
        return f"{day.year}年{day.month}月{day.day}日" if day else paper.DATE_LINE

    def make() -> paper.Form:
        return paper.Form(
            title=f"{found.year}年度{found.template.title}",
            level=None,
            organisation=found.organisation.name,
            blocks=(
                paper.Fields(
                    [("部门", found.department.name), ("年度", f"{found.year}年")], columns=2
                ),
                paper.Text(found.template.text),
                paper.Fields(
                    [
                        (first_party, found.first.name),
                        ("签字日期", signed(found.first_signed_on)),
                        (second_party, found.second.name),
                        ("签字日期", signed(found.second_signed_on)),
                    ],
                    columns=2,
                ),
                paper.Text(f"文本版本：第{found.template.version}版"),
            ),
        )

    printed = paper.print_form(make, f"{found.year}_{found.pk}")
    with transaction.atomic():
        record_event(
            actor=actor,
            action=PRINTED,
            subject=found,
            organisation_id=found.organisation_id,
            data={"rule": "RESP-ANNUAL", "year": found.year},
        )
    return printed
