"""Reading an existing incoming register (收文登记簿) from an uploaded .xlsx or .csv file and
checking every line, without writing anything. ``operations.incoming.import_incoming``
registers them. The file is read as every import reads one, by ``baomi.core.imports`` (title
rows above the header row, any of a column's names, the sheet that has the header row).

The file has a header row naming its columns in Chinese or English (each column's names are
in SPEC, and in docs/operator.md): 收文编号/register_number (or 收文序号, 登记号…, or 序号 where
no such column is), 收文日期/date_received, 文号/document_number, 标题/title, 密级/level (绝密,
机密, 秘密, 内部, 公开 or 非密, with or without 级 and ★; or top secret, secret, confidential,
internal, public; "机密★10年" also gives the term) and, optionally, 年度/year (default: the year
received), 来文单位/issuer, 保密期限/term (years), 份数/copies (default 1, or as many as the
份号 give), 份号/copy_numbers (the numbers of the copies received: "017-019", "17～19", "1,3,5",
"第1-3份"; as many as 份数 says where both are given; default 1..份数), 紧急程度/urgency
(普通/急件/特急, normal/urgent/very urgent), 清退时间/recall_date and 再次收文/second_receipt
(是/yes on a row that registers a document number from one issuer again in the year,
IN-NUMBER). Dates are written 2024-03-05, 2024/3/5, 2024.3.5 or 2024年3月5日 (or are date
cells). Row numbers are those of the file, after the sheet's name where several were read."""

from __future__ import annotations

import datetime
import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from baomi.carriers.models import Document, IncomingEntry, Urgency
from baomi.carriers.operations._common import MAX_COPIES, series_of, term_of
from baomi.carriers.receipts import receipt_key
from baomi.core import imports
from baomi.core.errors import RuleViolation
from baomi.core.imports import Field, ImportRejected, Rejected
from baomi.core.levels import Level
from baomi.org.models import Person

__all__ = ["ImportRejected", "Parsed", "Rejected", "Row", "check", "read_upload"]

MAX_SEQUENCE = 999_999
# The template's header row, and the column names each field is recognised by.
SPEC = imports.ImportSpec(
    fields=(
        Field(
            "register_number",
            (
                "收文编号",
                "register_number",
                "收文序号",
                "收文号",
                "登记号",
                "收文登记号",
                "顺序号",
                "register no",
            ),
            required=True,
            fallback=("序号",),
        ),
        Field("year", ("年度", "year", "年份")),
        Field(
            "received",
            ("收文日期", "date_received", "received", "收到日期", "来文日期", "收文时间"),
            required=True,
            fallback=("日期",),
        ),
        Field(
            "document_number",
            ("文号", "document_number", "发文字号", "来文字号", "文件编号", "来文文号"),
            required=True,
        ),
        Field(
            "title",
            ("标题", "title", "文件标题", "文件名称", "题名", "文件题名", "文件名"),
            required=True,
        ),
        Field(
            "issuer",
            ("来文单位", "issuer", "发文单位", "来文机关", "发文机关", "issuing body"),
        ),
        Field(
            "level",
            ("密级", "level", "classification", "密级程度", "文件密级", "密级及保密期限"),
            required=True,
        ),
        Field("term", ("保密期限", "term", "term_years", "protection term")),
        Field("copies", ("份数", "copies", "number of copies", "收文份数", "数量")),
        Field("urgency", ("紧急程度", "urgency", "缓急", "缓急程度")),
        Field("recall_date", ("清退时间", "recall_date", "清退日期")),
        Field("second_receipt", ("再次收文", "second_receipt", "重复收文")),
        Field("copy_numbers", ("份号", "copy_numbers", "份次", "copy numbers", "文件份号")),
    ),
    nothing_below=gettext_lazy("The file has no documents below its header row."),
    sheet="incoming",
    module=__name__,
)
# A line as read from the file: its row number and the text of each column.
Row = SPEC.row_type
read_rows = SPEC.read_rows
read_upload = SPEC.read_upload
reading = SPEC.reading
template_xlsx = SPEC.template_xlsx

_LEVELS = {
    "绝密": Level.TOP_SECRET,
    "top secret": Level.TOP_SECRET,
    "机密": Level.SECRET,
    "secret": Level.SECRET,
    "秘密": Level.CONFIDENTIAL,
    "confidential": Level.CONFIDENTIAL,
    "内部": Level.INTERNAL,
    "internal": Level.INTERNAL,
    "公开": Level.PUBLIC,
    "非密": Level.PUBLIC,
    "非涉密": Level.PUBLIC,
    "public": Level.PUBLIC,
}
_URGENCIES = {
    "": Urgency.NORMAL,
    "普通": Urgency.NORMAL,
    "平件": Urgency.NORMAL,
    "normal": Urgency.NORMAL,
    "急件": Urgency.URGENT,
    "加急": Urgency.URGENT,
    "urgent": Urgency.URGENT,
    "特急": Urgency.VERY_URGENT,
    "very urgent": Urgency.VERY_URGENT,
}
# 密级★期限, the mark printed on classified documents: "机密★10年".
_MARK = re.compile(r"^(?P<level>[^★☆*]+)[★☆*](?P<term>.+)$")
_TERM = re.compile(r"^(?P<n>\d{1,4})\s*(年|years?|y)?$")
_WHOLE = re.compile(r"^\d{1,9}$")
# 份号: copy numbers and ranges of them, "017-019", "17～19", "1,3,5", "第1-3份".
_COPY_PARTS = re.compile(r"[,、;\s]+")
_COPY_RANGE = re.compile(r"^(\d{1,6})(?:[-~—–至到](\d{1,6}))?$")


@dataclass(frozen=True)
class Parsed:
    """A line that can be imported, with its register (IN-NUMBER) worked out."""

    number: int
    year: int
    series: str
    sequence: int
    received: datetime.date
    document_number: str
    title: str
    issuer: str
    level: int
    term_years: int | None
    copies: int
    # The numbers of the copies received (份号), as many as ``copies``.
    copy_numbers: tuple[int, ...]
    urgency: str
    recall_date: datetime.date | None
    second_receipt: bool = False
    # The row's sheet, where several were read.
    sheet: str = ""
    # The register line and document created from the row, once imported.
    entry_id: int | None = None
    document_id: int | None = None

    @property
    def received_at(self) -> datetime.datetime:
        """The start of the day received, in the installation's time zone."""
        return timezone.make_aware(datetime.datetime.combine(self.received, datetime.time()))

    @property
    def place(self) -> str:
        return imports.place_of(self.number, self.sheet)

    @property
    def copies_shown(self) -> str:
        """The copy numbers as a register writes them: "17–19", or "1, 3, 5"."""
        first, last = self.copy_numbers[0], self.copy_numbers[-1]
        if len(self.copy_numbers) > 1 and last - first + 1 == len(self.copy_numbers):
            return f"{first}–{last}"
        return ", ".join(map(str, self.copy_numbers))


class _Line(imports.Line):
    """Reading one row's cells for an import by ``clerk``."""

    def __init__(self, row: Any, clerk: Person) -> None:
        super().__init__(row)
        self.clerk = clerk

    def sequence(self) -> int | None:
        value = self.row.register_number
        if not value:
            self.refuse(_("The register number is missing."))
        elif not _WHOLE.match(value) or not 1 <= int(value) <= MAX_SEQUENCE:
            self.refuse(
                _("The register number must be a whole number from 1 to %(n)d, not %(v)s.")
                % {"n": MAX_SEQUENCE, "v": value}
            )
        else:
            return int(value)
        return None

    def received(self) -> datetime.date | None:
        value = self.row.received
        day = imports.date_of(value)
        if not value:
            self.refuse(_("The date received is missing."))
        elif day is None:
            self.refuse(_("The date received %(v)s is not a date.") % {"v": value})
        elif day > timezone.localdate():
            self.refuse(_("The date received %(v)s is in the future.") % {"v": value})
        else:
            return day
        return None

    def year(self, received: datetime.date | None) -> int | None:
        """The register's year: given, or the year received; at most one year after it."""
        value = self.row.year.removesuffix("年").strip()
        if not value:
            return received.year if received else None
        if not re.fullmatch(r"\d{4}", value):
            self.refuse(_("The year %(v)s is not a year.") % {"v": self.row.year})
            return None
        year = int(value)
        if received and not received.year <= year <= received.year + 1:
            self.refuse(
                _("The register year %(y)d does not fit the date received %(d)s.")
                % {"y": year, "d": received.isoformat()}
            )
        return year

    def level_and_term(self) -> tuple[Level | None, int | None]:
        """CLS-MARK: the level is required; a classified item carries its term, within the
        organisation's maximum (CLS-TERM); the importing clerk must be cleared (CLS-MAC)."""
        value, term_text = self.row.level, self.row.term.strip()
        mark = _MARK.match(value)
        if mark:
            value = mark["level"].strip()
            if term_text and imports.key(term_text) != imports.key(mark["term"]):
                self.refuse(_("The level's mark and the term column give different terms."))
            term_text = mark["term"].strip()
        if not value:
            self.refuse(_("The level is missing."), "CLS-MARK")
            return None, None
        level = _LEVELS.get(imports.level_key(value))
        if level is None:
            self.refuse(
                _("Unknown level %(v)s: use 绝密, 机密, 秘密, 内部 or 公开.") % {"v": value},
                "CLS-MARK",
            )
            return None, None
        if level > self.clerk.clearance:
            self.refuse(
                _("You are not cleared for %(level)s items.") % {"level": level.label}, "CLS-MAC"
            )
        term = _TERM.match(imports.key(term_text)) if term_text else None
        if term_text and term is None and level.is_classified:
            self.refuse(_("The term %(v)s is not a number of years.") % {"v": term_text})
            return level, None
        try:
            return level, term_of(
                self.clerk.organisation_id, level, int(term["n"]) if term else None
            )
        except RuleViolation as refused:
            self.refuse(refused.message, refused.rule_id)
            return level, None

    def copies(self) -> tuple[int | None, tuple[int, ...] | None]:
        """The number of copies and their numbers (份号): the numbers given (as many as the
        number of copies, where both are given), else 1..copies (1 where neither is)."""
        value = self.row.copies
        copies = None
        if value and (not _WHOLE.match(value) or not 1 <= int(value) <= MAX_COPIES):
            self.refuse(
                _("The number of copies must be a whole number from 1 to %(n)d, not %(v)s.")
                % {"n": MAX_COPIES, "v": value}
            )
            return None, None
        if value:
            copies = int(value)
        numbers = self.copy_numbers()
        if numbers is None:
            return (copies, tuple(range(1, copies + 1))) if copies else (1, (1,))
        if not numbers:
            return None, None
        if copies is not None and len(numbers) != copies:
            self.refuse(
                _("%(column)s gives %(n)d copies (%(v)s) but the number of copies says %(m)d.")
                % {
                    "column": self.column("copy_numbers"),
                    "n": len(numbers),
                    "v": self.row.copy_numbers,
                    "m": copies,
                }
            )
            return None, None
        return len(numbers), numbers

    def copy_numbers(self) -> tuple[int, ...] | None:
        """The copy numbers a 份号 cell gives, sorted; None where it is empty, () where it is
        refused (not numbers or ranges of them, beyond MAX_COPIES, or a number twice)."""
        value = self.row.copy_numbers
        if not value:
            return None
        text = unicodedata.normalize("NFKC", value)
        numbers: list[int] = []
        for part in filter(None, _COPY_PARTS.split(text)):
            found = _COPY_RANGE.match(part.removeprefix("第").removesuffix("份").removesuffix("号"))
            first, last = (int(found[1]), int(found[2] or found[1])) if found else (0, 0)
            if not 1 <= first <= last <= MAX_COPIES or len(numbers) + last - first >= MAX_COPIES:
                self.refuse(
                    _(
                        "%(column)s: %(v)s is not copy numbers from 1 to %(n)d or ranges of them "
                        "(017-019, 1,3,5)."
                    )
                    % {"column": self.column("copy_numbers"), "v": value, "n": MAX_COPIES}
                )
                return ()
            numbers.extend(range(first, last + 1))
        if len(set(numbers)) != len(numbers):
            self.refuse(
                _("%(column)s: %(v)s names a copy twice.")
                % {"column": self.column("copy_numbers"), "v": value}
            )
            return ()
        return tuple(sorted(numbers))

    def urgency(self) -> str | None:
        return self.choice(
            self.row.urgency, _URGENCIES, _("Unknown urgency %(v)s: use 普通, 急件 or 特急.")
        )

    def second_receipt(self) -> bool:
        return self.yes_no(
            self.row.second_receipt, _("Unknown second receipt %(v)s: use 是 or 否.")
        )

    def recall_date(self, received: datetime.date | None) -> datetime.date | None:
        value = self.row.recall_date
        if not value:
            return None
        day = imports.date_of(value)
        if day is None:
            self.refuse(_("The recall date %(v)s is not a date.") % {"v": value})
        elif received and day < received:
            self.refuse(_("The recall date %(v)s is before the date received.") % {"v": value})
        return day


def check(clerk: Person, rows: list[Row]) -> imports.Checked[Parsed]:
    """Check each line for an import by ``clerk`` into their organisation's incoming
    register: the lines that can be imported and every rejected line with all its reasons,
    among them a register number (year, register, number) repeated in the file or already
    taken (IN-NUMBER). Writes nothing."""
    lines = []
    for row in rows:
        line = _Line(row, clerk)
        sequence = line.sequence()
        received = line.received()
        year = line.year(received)
        level, term = line.level_and_term()
        copies, copy_numbers = line.copies()
        line.values = {
            "number": row.number,
            "year": year,
            "series": series_of(level) if level is not None else None,
            "sequence": sequence,
            "received": received,
            "document_number": line.model_text(
                row.document_number, Document, "number", _("document number"), required=True
            ),
            "title": line.model_text(row.title, Document, "title", _("title"), required=True),
            "issuer": line.model_text(row.issuer, Document, "issuer", _("issuing body")),
            "level": level,
            "term_years": term,
            "copies": copies,
            "copy_numbers": copy_numbers,
            "urgency": line.urgency(),
            "recall_date": line.recall_date(received),
            "second_receipt": line.second_receipt(),
            "sheet": row.sheet,
        }
        lines.append(line)
    _refuse_repeated_numbers(clerk.organisation_id, lines)
    _refuse_repeated_documents(clerk.organisation_id, lines)
    return imports.sort_out(lines, Parsed)


def _register_number(line: imports.Line) -> tuple[int, str, int] | None:
    """The line's (year, register, number), where all three were read."""
    parts = (line.values["year"], line.values["series"], line.values["sequence"])
    return parts if None not in parts else None


def _refuse_repeated_numbers(org: int, lines: list[_Line]) -> None:
    """IN-NUMBER: a register number is unique in its year and register."""

    def taken(keys: list[tuple[int, str, int]]) -> set[tuple[int, str, int]]:
        return set(
            IncomingEntry.objects.filter(
                organisation_id=org,
                year__in={k[0] for k in keys},
                sequence__in={k[2] for k in keys},
            ).values_list("year", "series", "sequence")
        )

    imports.refuse_repeats(
        lines,
        _register_number,
        taken,
        already=_("The register number %(n)s is already taken in this register."),
        repeated=_("The register number %(n)s is repeated in row(s) %(rows)s."),
        rule_id="IN-NUMBER",
        shown=lambda k: f"{k[0]}/{k[2]}",
    )


def _refuse_repeated_documents(org: int, lines: list[_Line]) -> None:
    """IN-NUMBER: a document number from one issuer is registered once a year. A row that
    repeats one already in the register, or an earlier row of the file, is refused unless
    its second receipt column confirms it."""

    def key(values: dict[str, Any]) -> tuple[int, str]:
        return values["year"], receipt_key(values["document_number"], values["issuer"])

    keyed = [
        (line, key(line.values))
        for line in lines
        if line.values["year"] is not None and line.values["document_number"]
    ]
    registered = set(
        IncomingEntry.objects.filter(
            organisation_id=org,
            year__in={k[0] for _l, k in keyed},
            receipt_key__in={k[1] for _l, k in keyed},
        ).values_list("year", "receipt_key")
    )
    first_row: dict[tuple[int, str], str] = {}
    for line, k in keyed:
        first = first_row.setdefault(k, line.row.place)
        if line.values["second_receipt"]:
            continue
        if k in registered:
            line.refuse(
                _(
                    "%(number)s from this issuer is already in the register this year: if this "
                    "row is a second receipt of it, say so in its second receipt column."
                )
                % {"number": line.values["document_number"]},
                "IN-NUMBER",
            )
        elif first != line.row.place:
            line.refuse(
                _(
                    "%(number)s from this issuer is also in row %(row)s: if this row is a second "
                    "receipt of it, say so in its second receipt column."
                )
                % {"number": line.values["document_number"], "row": first},
                "IN-NUMBER",
            )


def created(rows: list[Parsed], entries: list[IncomingEntry]) -> list[Parsed]:
    """The rows with the ids of the register line and document each created (in order)."""
    return imports.created(rows, entries, entry_id="pk", document_id="document_id")
