"""The working calendar, without a database: weekends, holidays (法定节假日), extra working
days (调休上班), the end of the working day in the installation's time zone (CIRC-SAMEDAY) and
counting working days across the National Day week (国庆)."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from baomi.core.workdays import WorkingCalendar, parse_weekdays, weekdays_text

D = datetime.date
SHANGHAI = ZoneInfo("Asia/Shanghai")
# 2024: National Day Tuesday 1 – Monday 7 October off; Sunday 29 September and Saturday
# 12 October worked in exchange (国务院办公厅 notice for 2024).
NATIONAL_DAY = frozenset(D(2024, 10, d) for d in range(1, 8))
MAKE_UP = frozenset({D(2024, 9, 29), D(2024, 10, 12)})
GUOQING = WorkingCalendar(holidays=NATIONAL_DAY, workdays=MAKE_UP)


def test_the_default_week_is_monday_to_friday_0830_to_1730():
    calendar = WorkingCalendar()
    week = [D(2024, 11, 4) + datetime.timedelta(days=i) for i in range(7)]  # Mon … Sun
    assert [calendar.is_working_day(d) for d in week] == [True] * 5 + [False] * 2
    assert (calendar.day_start, calendar.day_end) == (datetime.time(8, 30), datetime.time(17, 30))


def test_a_holiday_is_a_day_off_and_an_extra_working_day_is_worked():
    assert not GUOQING.is_working_day(D(2024, 10, 2))  # a Wednesday of the holiday week
    assert GUOQING.is_working_day(D(2024, 9, 29))  # a Sunday worked (调休)
    assert GUOQING.is_working_day(D(2024, 10, 12))  # a Saturday worked (调休)
    assert not GUOQING.is_working_day(D(2024, 10, 13))  # an ordinary Sunday


def test_a_six_day_week_works_on_saturday():
    calendar = WorkingCalendar(weekdays=parse_weekdays("123456"))
    assert calendar.is_working_day(D(2024, 11, 9))  # Saturday
    assert not calendar.is_working_day(D(2024, 11, 10))  # Sunday


def test_the_working_day_ends_at_its_end_in_shanghai__CIRC_SAMEDAY():
    """The end of a working day is an aware datetime at 17:30 in Asia/Shanghai (09:30 UTC)."""
    end = WorkingCalendar().end_of_working_day(D(2024, 11, 6))
    assert end == datetime.datetime(2024, 11, 6, 17, 30, tzinfo=SHANGHAI)
    assert end.utcoffset() == datetime.timedelta(hours=8)
    assert end.astimezone(datetime.UTC) == datetime.datetime(
        2024, 11, 6, 9, 30, tzinfo=datetime.UTC
    )


def test_the_working_day_ends_in_the_configured_time_zone__CIRC_SAMEDAY(settings):
    settings.TIME_ZONE = "Europe/Berlin"
    end = WorkingCalendar(day_end=datetime.time(16)).end_of_working_day(D(2024, 11, 6))
    assert end == datetime.datetime(2024, 11, 6, 16, tzinfo=ZoneInfo("Europe/Berlin"))


def test_on_a_day_off_the_next_working_day_ends__CIRC_SAMEDAY():
    """Handed out on a Saturday: due at the end of Monday; in the National Day week: at the
    end of Tuesday 8 October; a Saturday worked in exchange ends that Saturday."""
    assert WorkingCalendar().end_of_working_day(D(2024, 11, 9)) == datetime.datetime(
        2024, 11, 11, 17, 30, tzinfo=SHANGHAI
    )
    assert GUOQING.end_of_working_day(D(2024, 10, 3)) == datetime.datetime(
        2024, 10, 8, 17, 30, tzinfo=SHANGHAI
    )
    assert GUOQING.end_of_working_day(D(2024, 10, 12)) == datetime.datetime(
        2024, 10, 12, 17, 30, tzinfo=SHANGHAI
    )


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        (D(2024, 9, 27), 1, D(2024, 9, 29)),  # Friday → the Sunday worked in exchange
        (D(2024, 9, 29), 1, D(2024, 9, 30)),
        (D(2024, 9, 30), 1, D(2024, 10, 8)),  # over the whole holiday week
        (D(2024, 10, 3), 1, D(2024, 10, 8)),  # from inside the holiday
        (D(2024, 10, 8), 4, D(2024, 10, 12)),  # Wed, Thu, Fri, and the Saturday worked
        (D(2024, 10, 8), 5, D(2024, 10, 14)),
        (D(2024, 9, 26), 10, D(2024, 10, 15)),
        (D(2024, 10, 8), 0, D(2024, 10, 8)),  # a working day itself
        (D(2024, 10, 5), 0, D(2024, 10, 8)),  # a day off: the next working day
    ],
)
def test_adding_working_days_across_the_national_day_week(start, n, expected):
    assert GUOQING.add_working_days(start, n) == expected


def test_adding_negative_working_days_is_refused():
    with pytest.raises(ValueError):
        GUOQING.add_working_days(D(2024, 10, 8), -1)


@given(
    start=st.dates(min_value=D(2024, 9, 1), max_value=D(2024, 11, 30)),
    n=st.integers(min_value=0, max_value=30),
)
def test_the_nth_working_day_has_exactly_n_working_days_after_the_start(start, n):
    """The result is a working day, and exactly ``n`` working days lie after ``start`` up to
    and including it (``n=0``: none, the start or the first working day after it)."""
    end = GUOQING.add_working_days(start, n)
    assert GUOQING.is_working_day(end) and end >= start
    between = [start + datetime.timedelta(days=i) for i in range(1, (end - start).days + 1)]
    counted = sum(GUOQING.is_working_day(d) for d in between)
    assert counted == (n if n else int(end != start))


@pytest.mark.parametrize(
    "kwargs",
    [
        {"weekdays": frozenset()},
        {"weekdays": frozenset({0, 1})},
        {"weekdays": frozenset({8})},
        {"day_start": datetime.time(17, 30), "day_end": datetime.time(8, 30)},
        {"day_start": datetime.time(9), "day_end": datetime.time(9)},
    ],
)
def test_an_impossible_calendar_is_refused(kwargs):
    """No weekday worked (counting would never end), an unknown weekday, or a day that
    ends before it starts."""
    with pytest.raises(ValueError):
        WorkingCalendar(**kwargs)


def test_weekdays_are_stored_as_their_digits():
    assert weekdays_text({5, 1, 3}) == "135"
    assert parse_weekdays("135") == {1, 3, 5}
    with pytest.raises(ValueError):
        parse_weekdays("1x")


def test_the_current_working_day_after_hours_and_on_days_off__CIRC_SAMEDAY():
    """The working day under way: today's until its work ends, then the next working day's
    (through the National Day week); a Sunday worked in exchange is a working day."""

    def at(day: datetime.date, hour: int) -> datetime.datetime:
        return datetime.datetime.combine(day, datetime.time(hour), tzinfo=SHANGHAI)

    def end(day: datetime.date) -> datetime.datetime:
        return datetime.datetime.combine(day, datetime.time(17, 30), tzinfo=SHANGHAI)

    assert GUOQING.end_of_current_working_day(at(D(2024, 9, 30), 10)) == end(D(2024, 9, 30))
    assert GUOQING.end_of_current_working_day(at(D(2024, 9, 30), 18)) == end(D(2024, 10, 8))
    assert GUOQING.end_of_current_working_day(at(D(2024, 10, 3), 9)) == end(D(2024, 10, 8))
    assert GUOQING.end_of_current_working_day(at(D(2024, 9, 29), 9)) == end(D(2024, 9, 29))
