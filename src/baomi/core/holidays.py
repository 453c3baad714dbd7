"""The statutory holidays (法定节假日) and the weekend days worked in exchange (调休上班) that the
State Council's general office (国务院办公厅) publishes each year in its notice on the
arrangement of some holidays (关于XXXX年部分节假日安排的通知), and the reading of such a notice.

The shipped years are in ``data/holidays_cn.json``: per year the notice's title with its
number, its date, its arrangement lines as published, and the days they give. Only years whose
notice has been published are there; a later year's notice is imported by the system
administrator (``baomi.org.operations.import_holidays``) from its pasted text
(``read_notice``) or a spreadsheet of its dates (``read_sheet``). Pure data and text, no
database.

A notice's arrangement lines read, for example::

    一、元旦：1月1日（周四）至3日（周六）放假调休，共3天。1月4日（周日）上班。
    二、春节：2月10日至17日放假调休，共8天。2月4日（星期日）、2月18日（星期日）上班。
    五、端午节：6月10日放假，与周末连休。

Each sentence naming 放假 gives the days off before that word (one day, or a range written
with 至, whose month and year carry over from its first day), checked against its 共N天 when
given; each sentence ending in 上班 gives the days worked. A weekday written beside a date
(（周四）, （星期日）, （农历除夕、周二）) must be that date's. Other sentences (鼓励…休息) give
nothing."""

from __future__ import annotations

import datetime
import json
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import BinaryIO

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from baomi.core import imports
from baomi.core.errors import InvalidInput
from baomi.core.imports import Field

HOLIDAY, WORKDAY = "holiday", "workday"  # the kinds of ``org.models.DayKind``
DATA = Path(__file__).with_name("data") / "holidays_cn.json"
# The longest name of a day (``org.models.CalendarDay.name``).
NAME_LENGTH = 100
# The longest stretch a notice gives off at once (the Spring Festival's nine days, with room).
LONGEST = 15

_ITEM = re.compile(r"^\s*[一二三四五六七八九十]+\s*、\s*(?P<name>[^:]+?)\s*:\s*(?P<body>.+)$")
_DATE = re.compile(
    r"(?:(?P<year>\d{4})年)?(?:(?P<month>\d{1,2})月)?(?P<day>\d{1,2})日(?:\((?P<note>[^)]*)\))?"
)
_WEEKDAY = re.compile(r"(?:周|星期)([一二三四五六日天])")
_WEEKDAYS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "日": 7, "天": 7}
_COUNT = re.compile(r"(?:共|放假)(\d+)天")
_YEAR = re.compile(r"(\d{4})年(?:元旦|部分节假日安排)")


@dataclass(frozen=True)
class NoticeDay:
    """One day a notice gives: its date, whether it is off (``HOLIDAY``) or worked
    (``WORKDAY``), the holiday it belongs to, and the line it was read from (1 = the first
    line of the text)."""

    date: datetime.date
    kind: str
    name: str
    line: int = 0


@dataclass(frozen=True)
class Notice:
    """A year's notice: its title and number, the date it was published, its days."""

    year: int
    title: str
    published: datetime.date | None
    days: tuple[NoticeDay, ...]


def _normal(text: str) -> str:
    """Full-width forms as ASCII (（周四） as (周四), ： as :), line by line."""
    return unicodedata.normalize("NFKC", text)


class _Problems:
    """The reasons a notice cannot be read, each naming its line of text or its row of a
    spreadsheet (``rows``)."""

    def __init__(self, *, rows: bool = False) -> None:
        self.found: list[str] = []
        self.rows = rows

    def add(self, line: int, message: str) -> None:
        where = _("Row %(line)d: %(problem)s") if self.rows else _("Line %(line)d: %(problem)s")
        self.found.append(where % {"line": line, "problem": message})


def _dates(
    sentence: str, year: int, line: int, problems: _Problems
) -> list[tuple[datetime.date, bool]]:
    """The dates a sentence names, each with whether it follows a 至 (the end of a range);
    the month and year of a date carry over to the next one that omits them."""
    found = []
    month = None
    for match in _DATE.finditer(sentence):
        year = int(match["year"]) if match["year"] else year
        month = int(match["month"]) if match["month"] else month
        if month is None:
            problems.add(line, _("%(text)s names no month.") % {"text": match[0]})
            continue
        try:
            day = datetime.date(year, month, int(match["day"]))
        except ValueError:
            problems.add(line, _("%(text)s is not a date.") % {"text": match[0]})
            continue
        written = _WEEKDAY.search(match["note"] or "")
        if written and _WEEKDAYS[written[1]] != day.isoweekday():
            problems.add(
                line,
                _("%(text)s: %(date)s is not a %(weekday)s.")
                % {"text": match[0], "date": day.isoformat(), "weekday": written[0]},
            )
        found.append((day, sentence[: match.start()].rstrip().endswith("至")))
    return found


def _days_off(
    sentence: str, name: str, year: int, line: int, problems: _Problems
) -> list[NoticeDay]:
    """The days off a 放假 sentence gives: the dates before 放假, a range when written with
    至, as many as its 共N天 says."""
    before = sentence.split("放假", 1)[0]
    dates = _dates(before, year, line, problems)
    if not dates:
        problems.add(line, _("No date before 放假."))
        return []
    first = dates[0][0]
    if any(to for _day, to in dates):
        last = dates[-1][0]
        if not first <= last <= first + datetime.timedelta(days=LONGEST):
            problems.add(
                line,
                _("%(first)s to %(last)s is not a stretch of holidays.")
                % {"first": first.isoformat(), "last": last.isoformat()},
            )
            return []
        days = [first + datetime.timedelta(days=n) for n in range((last - first).days + 1)]
    else:
        days = [day for day, _to in dates]
    count = _COUNT.search(sentence)
    if count and int(count[1]) != len(days):
        problems.add(
            line,
            _("It says %(said)s days off but gives %(found)d.")
            % {"said": count[1], "found": len(days)},
        )
    return [NoticeDay(day, HOLIDAY, name, line) for day in days]


def _year_of(text: str, year: int | None) -> int:
    """The notice's year: the one given, else the one its title or opening names."""
    named = {int(y) for y in _YEAR.findall(text)}
    if year is None:
        if len(named) != 1:
            raise InvalidInput(
                _("Give the year of the notice: the text does not name it."), field="year"
            )
        return named.pop()
    if named and named != {year}:
        raise InvalidInput(
            _("The text is the notice for %(named)s, not for %(year)d.")
            % {"named": "、".join(str(y) for y in sorted(named)), "year": year},
            field="year",
        )
    return year


def title_of(text: str) -> str:
    """The notice's title as its pasted text gives it (the first line naming 部分节假日安排),
    or empty."""
    for line in text.splitlines():
        if "部分节假日安排" in line:
            return line.strip()
    return ""


def read_notice(text: str, year: int | None = None) -> list[NoticeDay]:
    """The days of a notice's pasted text (its arrangement lines, with or without the rest),
    in date order. Refused, naming every problem with its line (``InvalidInput`` on
    ``text``, its ``detail`` listing them): no arrangement line, a date that is no date or
    not of the year, a weekday that is not the date's, a count of days that is not the
    range's, a date given twice (off twice, or off and worked)."""
    text = _normal(text)
    year = _year_of(text, year)
    problems = _Problems()
    days: list[NoticeDay] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        item = _ITEM.match(raw)
        if item is None:
            continue
        name = item["name"]
        for sentence in item["body"].split("。"):
            if sentence.rstrip().endswith("上班"):
                days += [
                    NoticeDay(day, WORKDAY, name, number)
                    for day, _to in _dates(sentence, year, number, problems)
                ]
            elif "放假" in sentence:
                days += _days_off(sentence, name, year, number, problems)
    if not days and not problems.found:
        raise InvalidInput(
            _("No arrangement line found: paste lines such as “一、元旦：1月1日放假…”."),
            field="text",
        )
    return checked(days, year, problems)


def checked(days: list[NoticeDay], year: int, problems: _Problems | None = None) -> list[NoticeDay]:
    """``days`` in date order once none is outside ``year`` and no date is given twice;
    refused (``InvalidInput`` on ``text``, every problem in ``detail``) otherwise."""
    problems = problems or _Problems()
    seen: dict[datetime.date, NoticeDay] = {}
    for day in days:
        if day.date.year != year:
            problems.add(
                day.line,
                _("%(date)s is not in %(year)d.") % {"date": day.date.isoformat(), "year": year},
            )
        elif day.date in seen:
            other = seen[day.date]
            problems.add(
                day.line,
                (
                    _("%(date)s is given twice (also line %(line)d).")
                    if other.kind == day.kind
                    else _("%(date)s is given both off and worked (also line %(line)d).")
                )
                % {"date": day.date.isoformat(), "line": other.line},
            )
        else:
            seen[day.date] = day
    if problems.found:
        raise InvalidInput(
            _("The notice cannot be read: %(n)d problems.") % {"n": len(problems.found)},
            field="text",
            detail=problems.found,
        )
    return sorted(seen.values(), key=lambda d: d.date)


# A spreadsheet of a notice's days: one row per date, its kind and the holiday's name.
SHEET = imports.ImportSpec(
    fields=(
        Field("date", ("日期", "date"), required=True),
        Field("kind", ("类型", "kind", "放假/上班", "安排", "休/班"), required=True),
        Field("name", ("名称", "name", "节日", "节假日", "节日名称")),
    ),
    nothing_below=gettext_lazy("The file has no dates below its header row."),
    sheet="holidays",
    module=__name__,
)
# The words of the kind column.
KINDS = {
    "放假": HOLIDAY,
    "休": HOLIDAY,
    "休息": HOLIDAY,
    "holiday": HOLIDAY,
    "上班": WORKDAY,
    "班": WORKDAY,
    "调休上班": WORKDAY,
    "workday": WORKDAY,
}


def read_sheet(upload: BinaryIO, filename: str, year: int | None = None) -> list[NoticeDay]:
    """The days of an .xlsx (or .csv) file with the columns 日期/date, 类型/kind (放假 or
    上班) and optionally 名称/name, in date order; ``year`` defaults to that of its dates.
    Refused like ``read_notice``, naming each row."""
    rows = SHEET.read_upload(upload, filename)
    if not rows:
        raise SHEET.no_rows()
    problems = _Problems(rows=True)
    days = []
    for row in rows:
        date = imports.date_of(row.date)
        kind = KINDS.get(imports.key(row.kind))
        if date is None:
            problems.add(row.number, _("“%(text)s” is not a date.") % {"text": row.date})
        if kind is None:
            problems.add(
                row.number, _("The kind is 放假 or 上班, not “%(text)s”.") % {"text": row.kind}
            )
        if len(row.name.strip()) > NAME_LENGTH:
            problems.add(
                row.number, _("The name is longer than %(n)d characters.") % {"n": NAME_LENGTH}
            )
        elif date is not None and kind is not None:
            days.append(NoticeDay(date, kind, row.name.strip(), row.number))
    years = {day.date.year for day in days}
    if year is None:
        if len(years) != 1:
            raise InvalidInput(_("Give the year the dates are of."), field="year")
        year = years.pop()
    return checked(days, year, problems)


@cache
def shipped() -> dict[int, Notice]:
    """The notices shipped in ``data/holidays_cn.json``, by year."""
    raw = json.loads(DATA.read_text(encoding="utf-8"))
    notices = {}
    for year, entry in raw["years"].items():
        days = tuple(
            NoticeDay(datetime.date.fromisoformat(date), kind, name)
            for kind in (HOLIDAY, WORKDAY)
            for date, name in entry[kind + "s"]
        )
        notices[int(year)] = Notice(
            year=int(year),
            title=entry["title"],
            published=datetime.date.fromisoformat(entry["published"]),
            days=days,
        )
    return notices


def statutory() -> dict[datetime.date, NoticeDay]:
    """Every shipped day off and day worked, by date."""
    return {day.date: day for notice in shipped().values() for day in notice.days}
