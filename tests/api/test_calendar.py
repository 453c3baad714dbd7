"""/api/v1/org/calendar: the working hours and the holidays (法定节假日) and extra working days
(调休上班) of the caller's organisation; only the system administrator changes them."""

from __future__ import annotations

import datetime
import re

import pytest

from baomi.access.roles import Role
from baomi.org import operations
from baomi.org.models import CalendarDay, DayKind, WorkingHours
from tests.factories import World, audit_events

# RFC 3339 full-time: partial-time and time-offset.
RFC3339_TIME = re.compile(r"\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})")
HOURS = {"day_start": "09:00", "day_end": "18:00", "weekdays": [1, 2, 3, 4, 5, 6]}


class TestHours:
    def test_everyone_reads_the_defaults_until_set(self, world, api):
        r = api(world.account(Role.STAFF)).get("/org/calendar/hours")
        assert r.status_code == 200
        assert r.json() == {
            "day_start": "08:30:00+08:00",
            "day_end": "17:30:00+08:00",
            "weekdays": [1, 2, 3, 4, 5],
        }

    def test_the_administrator_sets_them(self, world, api):
        admin = api(world.account(Role.SYSADMIN))
        r = admin.put("/org/calendar/hours", HOURS)
        assert r.status_code == 200
        assert r.json() == {
            "day_start": "09:00:00+08:00",
            "day_end": "18:00:00+08:00",
            "weekdays": HOURS["weekdays"],
        }
        assert api(world.account(Role.CLERK)).get("/org/calendar/hours").json() == r.json()
        assert audit_events("org.working_hours_set")[-1]["data"]["to"]["weekdays"] == "123456"

    def test_the_times_are_rfc_3339_with_the_installations_offset(self, world, api, settings):
        """``format: time`` in the OpenAPI means an RFC 3339 full-time, offset included."""
        settings.TIME_ZONE = "Europe/Berlin"
        times = api(world.account(Role.STAFF)).get("/org/calendar/hours").json()
        for value in (times["day_start"], times["day_end"]):
            assert RFC3339_TIME.fullmatch(value), value
            parsed = datetime.time.fromisoformat(value)
            assert parsed.utcoffset() in {datetime.timedelta(hours=1), datetime.timedelta(hours=2)}

    def test_a_time_given_with_an_offset_is_read_on_the_local_clock(self, world, api):
        """What GET answers can be sent back; another offset is converted to local time."""
        admin = api(world.account(Role.SYSADMIN))
        body = {**HOURS, "day_start": "09:00:00+08:00", "day_end": "10:00:00Z"}
        r = admin.put("/org/calendar/hours", body)
        assert r.status_code == 200, r.content
        assert (r.json()["day_start"], r.json()["day_end"]) == ("09:00:00+08:00", "18:00:00+08:00")
        assert admin.put("/org/calendar/hours", r.json()).json() == r.json()

    @pytest.mark.parametrize(
        ("change", "field"),
        [
            ({"day_end": "08:00"}, "day_end"),
            ({"weekdays": []}, "weekdays"),
            ({"weekdays": [7, 8]}, "weekdays"),
        ],
    )
    def test_impossible_hours_are_invalid_input(self, world, api, change, field):
        r = api(world.account(Role.SYSADMIN)).put("/org/calendar/hours", {**HOURS, **change})
        assert r.status_code == 422 and r.json()["field"] == field
        assert not WorkingHours.objects.exists()

    def test_a_malformed_time_is_invalid_input(self, world, api):
        r = api(world.account(Role.SYSADMIN)).put(
            "/org/calendar/hours", {**HOURS, "day_start": "nine"}
        )
        assert r.status_code == 422 and r.json()["detail"]

    @pytest.mark.parametrize("role", [Role.SECURITY_OFFICER, Role.AUDITOR, Role.CLERK, Role.STAFF])
    def test_other_roles_are_refused(self, world, api, role):
        r = api(world.account(role)).put("/org/calendar/hours", HOURS)
        assert r.status_code == 403 and r.json()["rule"] is None
        assert not WorkingHours.objects.exists()


class TestDays:
    def test_the_administrator_sets_lists_and_removes_days(self, world, api):
        admin = api(world.account(Role.SYSADMIN))
        r = admin.put("/org/calendar/days/2026-10-01", {"kind": "holiday", "name": "国庆节"})
        assert r.status_code == 200
        assert r.json() == {"date": "2026-10-01", "kind": "holiday", "name": "国庆节"}
        admin.put("/org/calendar/days/2026-09-27", {"kind": "workday"})
        admin.put("/org/calendar/days/2025-10-01", {"kind": "holiday"})
        r = admin.put("/org/calendar/days/2026-10-01", {"kind": "workday", "name": "改"})
        assert r.json()["kind"] == "workday"

        days = api(world.account(Role.STAFF)).get("/org/calendar/days", year=2026).json()
        assert [(d["date"], d["kind"]) for d in days] == [
            ("2026-09-27", "workday"),
            ("2026-10-01", "workday"),
        ]
        assert len(admin.get("/org/calendar/days").json()) == 3

        assert admin.call("DELETE", "/org/calendar/days/2026-09-27").status_code == 204
        assert not CalendarDay.objects.filter(date=datetime.date(2026, 9, 27)).exists()
        r = admin.call("DELETE", "/org/calendar/days/2026-09-27")
        assert r.status_code == 404

    def test_invalid_kind_or_date_is_invalid_input(self, world, api):
        admin = api(world.account(Role.SYSADMIN))
        assert admin.put("/org/calendar/days/2026-10-01", {"kind": "weekend"}).status_code == 422
        assert admin.put("/org/calendar/days/2026-13-01", {"kind": "holiday"}).status_code == 422
        r = admin.put("/org/calendar/days/2026-10-01", {"kind": "holiday", "name": "节" * 101})
        assert r.status_code == 422 and r.json()["detail"][0]["loc"][-1] == "name"
        assert not CalendarDay.objects.exists()

    @pytest.mark.parametrize("role", [Role.SECURITY_OFFICER, Role.AUDITOR, Role.LEADER])
    def test_other_roles_are_refused(self, world, api, role):
        operations.set_calendar_day(
            actor=None,
            organisation_id=world.organisation.pk,
            date=datetime.date(2026, 10, 1),
            kind=DayKind.HOLIDAY,
        )
        client = api(world.account(role))
        assert client.put("/org/calendar/days/2026-10-02", {"kind": "holiday"}).status_code == 403
        assert client.call("DELETE", "/org/calendar/days/2026-10-01").status_code == 403
        assert CalendarDay.objects.count() == 1

    def test_another_organisations_days_are_neither_listed_nor_removed(self, world, api):
        other = World.build()
        operations.set_calendar_day(
            actor=None,
            organisation_id=other.organisation.pk,
            date=datetime.date(2026, 10, 1),
            kind=DayKind.HOLIDAY,
        )
        admin = api(world.account(Role.SYSADMIN))
        assert admin.get("/org/calendar/days").json() == []
        assert admin.call("DELETE", "/org/calendar/days/2026-10-01").status_code == 404
        assert CalendarDay.objects.filter(organisation=other.organisation).exists()


class TestNotice:
    # A TEST FIXTURE, NOT A REAL NOTICE: notice-shaped text for the fictitious year 2099.
    TEXT = "一、元旦：1月1日（周四）至3日（周六）放假调休，共3天。1月4日（周日）上班。"

    def test_the_administrator_imports_a_notice_after_a_dry_run(self, world, api):
        admin = api(world.account(Role.SYSADMIN))
        body = {"text": self.TEXT, "year": 2099, "dry_run": True}
        r = admin.post("/org/calendar/notice", body)
        assert r.status_code == 200, r.content
        assert [(d["date"], d["kind"], d["before"]) for d in r.json()] == [
            ("2099-01-01", "holiday", None),
            ("2099-01-02", "holiday", None),
            ("2099-01-03", "holiday", None),
            ("2099-01-04", "workday", None),
        ]
        assert not CalendarDay.objects.exists()
        r = admin.post("/org/calendar/notice", {**body, "dry_run": False})
        assert r.status_code == 200 and CalendarDay.objects.count() == 4
        assert audit_events("org.holidays_imported")[-1]["data"]["source"] == "API"

    def test_a_notice_that_cannot_be_read_is_422_with_every_problem(self, world, api):
        admin = api(world.account(Role.SYSADMIN))
        text = self.TEXT.replace("（周四）", "（周五）").replace("共3天", "共2天")
        r = admin.post("/org/calendar/notice", {"text": text, "year": 2099})
        assert r.status_code == 422 and r.json()["field"] == "text"
        assert len(r.json()["detail"]) == 2
        assert not CalendarDay.objects.exists()

    def test_only_the_administrator_imports(self, world, api):
        r = api(world.account(Role.CLERK)).post(
            "/org/calendar/notice", {"text": self.TEXT, "year": 2099}
        )
        assert r.status_code == 403 and not CalendarDay.objects.exists()
