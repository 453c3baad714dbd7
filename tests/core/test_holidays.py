"""The statutory holidays and 调休 working days shipped from the State Council's notices
(``core/data/holidays_cn.json``), and the reading of a notice's text (``read_notice``)."""

from __future__ import annotations

import datetime
import json

import pytest
from django.utils import translation

from baomi.core import holidays
from baomi.core.errors import InvalidInput
from baomi.core.holidays import HOLIDAY, WORKDAY, read_notice

D = datetime.date

# The notice for 2026 as published (国办发明电〔2025〕7号, 4 November 2025), whole.
NOTICE_2026 = """国务院办公厅关于2026年部分节假日安排的通知
各省、自治区、直辖市人民政府，国务院各部委、各直属机构：
经国务院批准，现将2026年元旦、春节、清明节、劳动节、端午节、中秋节和国庆节放假调休日期的具体安排通知如下。
一、元旦：1月1日（周四）至3日（周六）放假调休，共3天。1月4日（周日）上班。
二、春节：2月15日（农历腊月二十八、周日）至23日（农历正月初七、周一）放假调休，共9天。2月14日（周六）、2月28日（周六）上班。
三、清明节：4月4日（周六）至6日（周一）放假，共3天。
四、劳动节：5月1日（周五）至5日（周二）放假调休，共5天。5月9日（周六）上班。
五、端午节：6月19日（周五）至21日（周日）放假，共3天。
六、中秋节：9月25日（周五）至27日（周日）放假，共3天。
七、国庆节：10月1日（周四）至7日（周三）放假调休，共7天。9月20日（周日）、10月10日（周六）上班。
鼓励单位和个人结合落实带薪年休假等制度，实际形成较长假期，推动错峰出行。节假日期间，各地区、各部门要妥善安排好值班和安全、保卫、疫情防控等工作，遇有重大突发事件，要按规定及时报告并妥善处置，确保人民群众祥和平安度过节日假期。
国务院办公厅
2025年11月4日
"""

# A TEST FIXTURE, NOT A REAL NOTICE: a notice-shaped text for the fictitious year 2099, to
# exercise the wordings and the refusals (its dates are invented and prove nothing).
FICTITIOUS_2099 = """国务院办公厅关于2099年部分节假日安排的通知（测试用虚构文本）
一、元旦：1月1日（周四）放假1天，不调休。
二、春节：1月20日（周二）至2月1日（周日）放假调休，共13天。1月17日（星期六）上班。
三、端午节：6月1日放假，与周末连休。
"""


def off_and_worked(days: list[holidays.NoticeDay]) -> tuple[list[D], list[D]]:
    return (
        [d.date for d in days if d.kind == HOLIDAY],
        [d.date for d in days if d.kind == WORKDAY],
    )


def test_the_shipped_years_name_their_notice():
    shipped = holidays.shipped()
    assert sorted(shipped) == [2024, 2025, 2026]
    assert shipped[2025].title == (
        "国务院办公厅关于2025年部分节假日安排的通知（国办发明电〔2024〕12号）"
    )
    assert shipped[2026].published == D(2025, 11, 4)
    assert "国办发明电〔2025〕7号" in shipped[2026].title


@pytest.mark.parametrize("year", [2024, 2025, 2026])
def test_the_shipped_days_are_those_of_the_notice_text(year):
    """Each year's days are read again from its arrangement lines as published: the data
    file holds no date its notice does not give."""
    entry = json.loads(holidays.DATA.read_text(encoding="utf-8"))["years"][str(year)]
    days = read_notice("\n".join(entry["text"]), year)
    assert sorted((d.date, d.kind, d.name) for d in days) == sorted(
        (d.date, d.kind, d.name) for d in holidays.shipped()[year].days
    )


def test_the_2026_notice_as_published_is_read():
    days = read_notice(NOTICE_2026)  # the year from its title
    off, worked = off_and_worked(days)
    assert len(off) == 33
    assert off[:3] == [D(2026, 1, 1), D(2026, 1, 2), D(2026, 1, 3)]
    assert [d for d in off if d.month == 2] == [D(2026, 2, d) for d in range(15, 24)]
    assert worked == [
        D(2026, 1, 4),
        D(2026, 2, 14),
        D(2026, 2, 28),
        D(2026, 5, 9),
        D(2026, 9, 20),
        D(2026, 10, 10),
    ]
    assert {d.name for d in days if d.date == D(2026, 10, 10)} == {"国庆节"}
    assert [(d.date, d.kind) for d in days] == [
        (d.date, d.kind) for d in sorted(holidays.shipped()[2026].days, key=lambda d: d.date)
    ]


def test_the_usual_wordings_are_read():
    """One day off (放假1天; 与周末连休), a range across months, 星期 as well as 周."""
    off, worked = off_and_worked(read_notice(FICTITIOUS_2099, 2099))
    assert off[0] == D(2099, 1, 1) and off[-1] == D(2099, 6, 1)
    assert off[1:-1] == [D(2099, 1, 20) + datetime.timedelta(days=n) for n in range(13)]
    assert worked == [D(2099, 1, 17)]


@pytest.mark.parametrize(
    ("line", "problem"),
    [
        ("一、元旦：1月1日（周五）放假1天。", "is not a 周五"),  # 2099-01-01 is a Thursday
        ("一、春节：1月20日至22日放假调休，共4天。", "says 4 days off but gives 3"),
        ("一、元旦：2098年12月31日至2099年1月1日放假，共2天。", "2098-12-31 is not in 2099"),
        ("一、元旦：1月1日放假。\n二、元旦：1月1日放假。", "given twice"),
        ("一、春节：1月20日放假。1月20日（周二）上班。", "both off and worked"),
        ("一、春节：2月30日放假。", "is not a date"),
        ("一、春节：1月20日至1月2日放假。", "is not a stretch of holidays"),
    ],
)
def test_a_notice_that_contradicts_itself_is_refused_naming_the_line(line, problem):
    with translation.override("en"), pytest.raises(InvalidInput) as refused:
        read_notice(line, 2099)
    assert refused.value.field == "text"
    assert all(p.startswith("Line ") for p in refused.value.detail)
    assert any(problem in p for p in refused.value.detail), refused.value.detail


def test_a_text_without_arrangement_lines_or_year_is_refused():
    with pytest.raises(InvalidInput) as no_lines:
        read_notice("各省、自治区、直辖市人民政府：", 2099)
    assert no_lines.value.field == "text"
    with pytest.raises(InvalidInput) as no_year:
        read_notice("一、元旦：1月1日放假。")
    assert no_year.value.field == "year"
    with pytest.raises(InvalidInput) as other_year:
        read_notice(NOTICE_2026, 2027)
    assert other_year.value.field == "year"
