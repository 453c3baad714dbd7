"""The working calendar: which days are worked and when the working day ends.

Pure time arithmetic, no database: ``baomi.org.queries.calendar`` builds a ``WorkingCalendar``
from an organisation's working hours and calendar days (``WorkingCalendar.of``): the statutory
holidays and extra working days of the State Council's notices shipped with baomi
(``core.holidays``), the organisation's own days over them. A date is a working day when it is
an extra working day (调休上班), else when it is no holiday (法定节假日) and its weekday is
worked. The end of the working day drives CIRC-SAMEDAY; times are in ``settings.TIME_ZONE``.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.utils import timezone

from baomi.core import holidays

DAY_START = datetime.time(8, 30)
DAY_END = datetime.time(17, 30)
WEEKDAYS = frozenset({1, 2, 3, 4, 5})  # ISO weekdays: 1 Monday … 7 Sunday
ONE_DAY = datetime.timedelta(days=1)


def parse_weekdays(value: str | Iterable[int]) -> frozenset[int]:
    """ISO weekdays from their digits ("12345") or numbers; ValueError unless they are a
    non-empty subset of 1..7."""
    days = frozenset(int(d) for d in value)
    if not days or not days <= set(range(1, 8)):
        raise ValueError("weekdays must be a non-empty subset of 1..7")
    return days


def weekdays_text(days: Iterable[int]) -> str:
    """The stored form of a set of ISO weekdays: their digits in order ("12345")."""
    return "".join(str(d) for d in sorted(set(days)))


@dataclass(frozen=True)
class WorkingCalendar:
    """Working hours, worked weekdays, holidays and extra working days of one organisation."""

    day_start: datetime.time = DAY_START
    day_end: datetime.time = DAY_END
    weekdays: frozenset[int] = WEEKDAYS
    holidays: frozenset[datetime.date] = field(default_factory=frozenset)
    workdays: frozenset[datetime.date] = field(default_factory=frozenset)
    # The organisation's own days of one year, (date, kind), read when a date of that year is
    # first asked about (``by_year``); None when ``holidays`` and ``workdays`` hold them all.
    own_days: Callable[[int], Iterable[tuple[datetime.date, str]]] | None = field(
        default=None, compare=False, repr=False
    )

    def __post_init__(self) -> None:
        if not self.day_start < self.day_end:
            raise ValueError("the working day must start before it ends")
        object.__setattr__(self, "weekdays", parse_weekdays(self.weekdays))
        object.__setattr__(self, "holidays", frozenset(self.holidays))
        object.__setattr__(self, "workdays", frozenset(self.workdays))
        object.__setattr__(self, "_years", {})

    @classmethod
    def of(
        cls,
        *,
        day_start: datetime.time,
        day_end: datetime.time,
        weekdays: Iterable[int],
        own_days: Iterable[tuple[datetime.date, str]],
    ) -> WorkingCalendar:
        """An organisation's calendar: the shipped statutory days (``holidays.statutory``),
        with its own days (date, ``holidays.HOLIDAY`` or ``WORKDAY``) over them."""
        kinds = {date: day.kind for date, day in holidays.statutory().items()}
        kinds.update(own_days)
        return cls(
            day_start=day_start,
            day_end=day_end,
            weekdays=frozenset(weekdays),
            holidays=frozenset(d for d, kind in kinds.items() if kind == holidays.HOLIDAY),
            workdays=frozenset(d for d, kind in kinds.items() if kind == holidays.WORKDAY),
        )

    @classmethod
    def by_year(
        cls,
        *,
        day_start: datetime.time,
        day_end: datetime.time,
        weekdays: Iterable[int],
        own_days: Callable[[int], Iterable[tuple[datetime.date, str]]],
    ) -> WorkingCalendar:
        """An organisation's calendar whose own days are read one year at a time, the first
        time a date of that year is asked about (``own_days(year)``: the (date, kind) of the
        year), over the shipped statutory days of that year. A deadline a few working days
        ahead reads the days of this year (and of the next one near its end), not the whole
        calendar."""
        return cls(
            day_start=day_start, day_end=day_end, weekdays=frozenset(weekdays), own_days=own_days
        )

    def _days_of(self, year: int) -> tuple[frozenset[datetime.date], frozenset[datetime.date]]:
        """(holidays, extra working days) of one year, for a calendar read ``by_year``."""
        years: dict[int, tuple[frozenset[datetime.date], frozenset[datetime.date]]]
        years = self._years  # type: ignore[attr-defined]
        found = years.get(year)
        if found is None:
            kinds = {d: day.kind for d, day in holidays.statutory().items() if d.year == year}
            kinds.update(self.own_days(year))  # type: ignore[misc]
            found = (
                frozenset(d for d, kind in kinds.items() if kind == holidays.HOLIDAY),
                frozenset(d for d, kind in kinds.items() if kind == holidays.WORKDAY),
            )
            years[year] = found
        return found

    def is_working_day(self, day: datetime.date) -> bool:
        if self.own_days is not None:
            days_off, days_worked = self._days_of(day.year)
        else:
            days_off, days_worked = self.holidays, self.workdays
        if day in days_worked:
            return True
        return day not in days_off and day.isoweekday() in self.weekdays

    def next_working_day(self, day: datetime.date) -> datetime.date:
        """``day`` itself when it is a working day, else the first working day after it."""
        while not self.is_working_day(day):
            day += ONE_DAY
        return day

    def end_of_working_day(self, day: datetime.date) -> datetime.datetime:
        """When the work of ``day`` ends (CIRC-SAMEDAY), as an aware datetime in the
        installation's time zone; for a day off, the end of the next working day."""
        return datetime.datetime.combine(
            self.next_working_day(day), self.day_end, tzinfo=timezone.get_default_timezone()
        )

    def end_of_current_working_day(self, at: datetime.datetime) -> datetime.datetime:
        """The end of the working day under way at ``at``: that day's when it is a working day
        whose work has not ended yet, else the end of the next working day (at 19:00, on a
        Saturday or in a holiday week, "today's" returns are those of the next working day;
        CIRC-SAMEDAY's due time of a copy handed out at ``at``)."""
        day = timezone.localtime(at).date()
        end = self.end_of_working_day(day)
        if end <= at:
            end = self.end_of_working_day(self.add_working_days(day, 1))
        return end

    def add_working_days(self, day: datetime.date, n: int) -> datetime.date:
        """The ``n``-th working day after ``day`` (from a Friday, 1 is the next Monday);
        ``n=0`` gives ``day`` itself or, on a day off, the next working day."""
        if n < 0:
            raise ValueError("n must not be negative")
        if n == 0:
            return self.next_working_day(day)
        for _step in range(n):
            day = self.next_working_day(day + ONE_DAY)
        return day
