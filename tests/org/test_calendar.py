"""The working calendar of an organisation: working hours, worked weekdays, holidays (法定节假日)
and extra working days (调休上班), set by the system administrator only (Permission.CONFIGURE),
each change audited; ``queries.calendar`` answers with them (CIRC-SAMEDAY's end of day)."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

import pytest

from baomi.access.roles import Role
from baomi.core.errors import AccessDenied, InvalidInput, NotFound
from baomi.core.holidays import HOLIDAY, WORKDAY, NoticeDay
from baomi.core.levels import Clearance
from baomi.org import operations, queries
from baomi.org.models import CalendarDay, DayKind, WorkingHours
from tests.factories import World, audit_events

D = datetime.date
T = datetime.time
SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def admin(world):
    return world.account(Role.SYSADMIN)


def test_without_settings_the_calendar_has_the_defaults(world):
    calendar = queries.calendar(world.organisation.pk)
    assert calendar.end_of_working_day(D(2026, 11, 27)) == datetime.datetime(
        2026, 11, 27, 17, 30, tzinfo=SHANGHAI
    )
    assert calendar.is_working_day(D(2026, 11, 27)) and not calendar.is_working_day(D(2026, 11, 28))
    assert not WorkingHours.objects.exists()


def test_the_administrator_sets_the_working_hours_audited(world, admin):
    operations.set_working_hours(
        actor=admin, day_start=T(9), day_end=T(18), weekdays=[6, 1, 2, 3, 4, 5]
    )
    hours = operations.set_working_hours(
        actor=admin, day_start=T(8), day_end=T(17, 0, 59), weekdays="12345"
    )
    assert (hours.day_start, hours.day_end, hours.weekdays) == (T(8), T(17), "12345")
    assert WorkingHours.objects.get(organisation=world.organisation).weekdays == "12345"
    first, second = audit_events("org.working_hours_set")
    assert first["data"] == {
        "from": None,
        "to": {"day_start": "09:00", "day_end": "18:00", "weekdays": "123456"},
    }
    assert second["data"]["from"] == first["data"]["to"]
    assert second["actor"] == admin.username
    assert second["organisation_id"] == world.organisation.pk
    end = queries.calendar(world.organisation.pk).end_of_working_day(D(2026, 11, 28))
    assert end == datetime.datetime(2026, 11, 30, 17, tzinfo=SHANGHAI)  # Saturday → Monday


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"day_start": T(17, 30), "day_end": T(8, 30)}, "day_end"),
        ({"day_start": T(9), "day_end": T(9, 0, 30)}, "day_end"),  # the same minute
        ({"weekdays": []}, "weekdays"),
        ({"weekdays": [0, 1]}, "weekdays"),
        ({"weekdays": [1, 8]}, "weekdays"),
        ({"weekdays": "mon"}, "weekdays"),
        ({"day_start": "08:30"}, "day_start"),
        ({"day_end": T(17, 30, tzinfo=SHANGHAI)}, "day_end"),
    ],
)
def test_impossible_working_hours_are_refused(world, admin, kwargs, field):
    values = {"day_start": T(8, 30), "day_end": T(17, 30), "weekdays": [1, 2, 3, 4, 5]}
    with pytest.raises(InvalidInput) as refused:
        operations.set_working_hours(actor=admin, **{**values, **kwargs})
    assert refused.value.field == field
    assert not WorkingHours.objects.exists()
    assert not audit_events("org.working_hours_set")


def test_the_administrator_adds_changes_and_removes_calendar_days(world, admin):
    """A holiday is a day off and an extra working day is worked, whatever the weekday;
    setting a listed date changes it; removing it restores its weekday's rule."""
    holiday = operations.set_calendar_day(
        actor=admin, date=D(2026, 11, 12), kind=DayKind.HOLIDAY, name=" 厂庆日 "
    )
    assert holiday.name == "厂庆日"
    operations.set_calendar_day(
        actor=admin, date=D(2026, 11, 14), kind=DayKind.WORKDAY, name="厂庆调休"
    )
    calendar = queries.calendar(world.organisation.pk)
    assert not calendar.is_working_day(D(2026, 11, 12))  # a Thursday off
    assert calendar.is_working_day(D(2026, 11, 14))  # a Saturday worked
    operations.set_calendar_day(actor=admin, date=D(2026, 11, 12), kind=DayKind.WORKDAY)
    assert CalendarDay.objects.get(date=D(2026, 11, 12)).kind == DayKind.WORKDAY
    operations.remove_calendar_day(actor=admin, date=D(2026, 11, 14))
    assert not queries.calendar(world.organisation.pk).is_working_day(D(2026, 11, 14))
    assert [d.date for d in queries.calendar_days(admin, year=2026)] == [D(2026, 11, 12)]

    added, _worked, changed = audit_events("org.calendar_day_set")
    assert added["data"] == {
        "date": "2026-11-12",
        "kind": "holiday",
        "name": "厂庆日",
        "from": None,
    }
    assert changed["data"]["from"] == {"kind": "holiday", "name": "厂庆日"}
    (removed,) = audit_events("org.calendar_day_removed")
    assert removed["data"] == {"date": "2026-11-14", "kind": "workday", "name": "厂庆调休"}


def test_the_statutory_days_apply_and_the_organisations_own_override_them(world, admin):
    """Every organisation follows the State Council's notices shipped with baomi (2026:
    国庆节 1–7 October off, Saturday 10 October worked) until it sets a day of its own;
    removing its own day restores the statutory one."""
    calendar = queries.calendar(world.organisation.pk)
    assert not calendar.is_working_day(D(2026, 10, 1)) and calendar.is_working_day(D(2026, 10, 10))
    assert calendar.add_working_days(D(2026, 9, 30), 1) == D(2026, 10, 8)
    operations.set_calendar_day(actor=admin, date=D(2026, 10, 10), kind=DayKind.HOLIDAY)
    assert not queries.calendar(world.organisation.pk).is_working_day(D(2026, 10, 10))
    operations.remove_calendar_day(actor=admin, date=D(2026, 10, 10))
    assert queries.calendar(world.organisation.pk).is_working_day(D(2026, 10, 10))


def test_calendar_days_are_listed_by_year(world, admin):
    for day in (D(2025, 12, 31), D(2026, 1, 1), D(2026, 5, 1)):
        operations.set_calendar_day(actor=admin, date=day, kind=DayKind.HOLIDAY)
    assert [d.date for d in queries.calendar_days(admin, year=2026)] == [
        D(2026, 1, 1),
        D(2026, 5, 1),
    ]
    assert queries.calendar_days(admin).count() == 3


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"kind": "weekend"}, "kind"),
        ({"name": "节" * 101}, "name"),
        ({"date": "2026-10-01"}, "date"),
        ({"date": datetime.datetime(2026, 10, 1, 9, tzinfo=SHANGHAI)}, "date"),
    ],
)
def test_an_invalid_calendar_day_is_refused(world, admin, kwargs, field):
    values = {"date": D(2026, 10, 1), "kind": DayKind.HOLIDAY, "name": ""}
    with pytest.raises(InvalidInput) as refused:
        operations.set_calendar_day(actor=admin, **{**values, **kwargs})
    assert refused.value.field == field
    assert not CalendarDay.objects.exists()


def test_removing_a_date_that_is_not_listed_is_not_found(world, admin):
    with pytest.raises(NotFound):
        operations.remove_calendar_day(actor=admin, date=D(2026, 10, 1))


OPERATIONS = {
    "set_working_hours": lambda actor: operations.set_working_hours(
        actor=actor, day_start=T(9), day_end=T(17), weekdays=[1, 2, 3, 4, 5]
    ),
    "set_calendar_day": lambda actor: operations.set_calendar_day(
        actor=actor, date=D(2026, 10, 2), kind=DayKind.HOLIDAY
    ),
    "remove_calendar_day": lambda actor: operations.remove_calendar_day(
        actor=actor, date=D(2026, 10, 1)
    ),
}


@pytest.mark.parametrize("name", sorted(OPERATIONS))
@pytest.mark.parametrize("role", [r for r in Role if r != Role.SYSADMIN])
def test_only_the_administrator_configures_the_calendar(world, role, name):
    """Every other role, the security officer and the auditor included (三员分立), is
    refused with AccessDenied; nothing changes and the refusal is audited."""
    operations.set_calendar_day(
        actor=None, organisation_id=world.organisation.pk, date=D(2026, 10, 1), kind="holiday"
    )
    actor = world.account(role, clearance=Clearance.CORE, rank="board")
    with pytest.raises(AccessDenied):
        OPERATIONS[name](actor)
    assert not WorkingHours.objects.exists()
    assert list(CalendarDay.objects.values_list("date", flat=True)) == [D(2026, 10, 1)]
    refusal = audit_events("operation.refused")[-1]
    assert refusal["data"]["operation"] == name
    assert refusal["data"]["refusal"] == "AccessDenied"


def test_each_organisation_has_its_own_calendar(world, admin):
    """An administrator changes only their own organisation's calendar; naming another
    organisation answers "not found". The installer names the organisation."""
    other = World.build()
    operations.set_working_hours(actor=admin, day_start=T(9), day_end=T(17), weekdays=[1, 2])
    operations.set_calendar_day(actor=admin, date=D(2026, 11, 12), kind=DayKind.HOLIDAY)
    with pytest.raises(NotFound):
        operations.set_calendar_day(
            actor=admin, organisation_id=other.organisation.pk, date=D(2026, 11, 13), kind="holiday"
        )
    foreign = queries.calendar(other.organisation.pk)
    assert foreign.is_working_day(D(2026, 11, 12)) and foreign.weekdays == {1, 2, 3, 4, 5}
    assert not queries.calendar_days(other.account(Role.SYSADMIN)).exists()

    operations.set_working_hours(
        actor=None,
        organisation_id=other.organisation.pk,
        day_start=T(8),
        day_end=T(16),
        weekdays=[1, 2, 3, 4, 5, 6],
    )
    assert queries.calendar(other.organisation.pk).weekdays == {1, 2, 3, 4, 5, 6}
    assert queries.calendar(world.organisation.pk).weekdays == {1, 2}
    with pytest.raises(NotFound):
        operations.set_working_hours(actor=None, day_start=T(8), day_end=T(16), weekdays=[1])


def test_an_imported_notice_replaces_the_organisations_own_days_audited(world, admin):
    """The days of a notice are set all at once over the organisation's own; the audit event
    names the source and what each replaced day was."""
    operations.set_calendar_day(actor=admin, date=D(2099, 1, 4), kind=DayKind.HOLIDAY)
    days = [NoticeDay(D(2099, 1, 1), HOLIDAY, "元旦"), NoticeDay(D(2099, 1, 4), WORKDAY, "元旦")]
    dry = operations.import_holidays(actor=admin, year=2099, days=days, source="测试", dry_run=True)
    assert [(day.date, before.kind if before else None) for day, before in dry] == [
        (D(2099, 1, 1), None),
        (D(2099, 1, 4), DayKind.HOLIDAY),
    ]
    assert CalendarDay.objects.get(date=D(2099, 1, 4)).kind == DayKind.HOLIDAY
    operations.import_holidays(actor=admin, year=2099, days=days, source="测试")
    assert queries.calendar(world.organisation.pk).is_working_day(D(2099, 1, 4))  # a Sunday
    event = audit_events("org.holidays_imported")[-1]["data"]
    assert event["replaced"] == {"2099-01-04": {"kind": "holiday", "name": ""}}
    with pytest.raises(InvalidInput):
        operations.import_holidays(actor=admin, year=2098, days=days, source="测试")
    with pytest.raises(AccessDenied):
        operations.import_holidays(
            actor=world.account(Role.CLERK), year=2099, days=days, source="测试"
        )
