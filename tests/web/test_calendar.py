"""The working calendar page of the system administrator: working hours and weekdays, and the
holidays (法定节假日) and extra working days (调休上班) of a chosen year."""

from __future__ import annotations

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from baomi.access.roles import Role
from baomi.org import operations
from baomi.org.models import CalendarDay, DayKind, WorkingHours
from tests.factories import audit_events
from tests.web.conftest import signed_in

CHECKED = re.compile(r'<input type="checkbox" name="weekdays" value="(\d)"[^>]*\bchecked')


@pytest.fixture
def admin(world):
    return world.account(Role.SYSADMIN)


@pytest.fixture
def client(admin):
    return signed_in(admin)


def test_the_page_shows_the_default_hours_and_weekdays(client):
    html = client.get(reverse("calendar")).content.decode()
    assert 'data-form="hours"' in html and 'data-form="calendar-day"' in html
    assert 'value="08:30"' in html and 'value="17:30"' in html
    assert CHECKED.findall(html) == ["1", "2", "3", "4", "5"]
    assert "工作时间与节假日" in html and "星期一" in html


def test_the_administrator_sets_the_working_hours(client):
    response = client.post(
        reverse("calendar_hours"),
        {"day_start": "09:00", "day_end": "18:00", "weekdays": ["1", "2", "3", "4", "5", "6"]},
    )
    assert response.status_code == 303 and response.url == reverse("calendar")
    hours = WorkingHours.objects.get()
    assert (hours.day_start, hours.day_end, hours.weekdays) == (
        datetime.time(9),
        datetime.time(18),
        "123456",
    )
    assert audit_events("org.working_hours_set")[-1]["data"]["to"]["day_end"] == "18:00"
    html = client.get(reverse("calendar")).content.decode()
    assert 'value="09:00"' in html and 'value="18:00"' in html


def test_impossible_hours_are_refused_with_the_reason(admin):
    """A day that ends before it starts (htmx: the refusal is swapped into the page) or no
    weekday at all (a plain form: the page it came from shows why); nothing is saved."""
    client = signed_in(admin, language="en")
    response = client.post(
        reverse("calendar_hours"),
        {"day_start": "18:00", "day_end": "09:00", "weekdays": ["1"]},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 400
    assert "The working day must start before it ends." in response.text
    page = f"http://testserver{reverse('calendar')}"
    response = client.post(
        reverse("calendar_hours"),
        {"day_start": "08:30", "day_end": "17:30"},
        HTTP_REFERER=page,
        follow=True,
    )
    assert response.redirect_chain == [(page, 302)]
    assert "Working weekdays: This field is required." in response.text
    assert not WorkingHours.objects.exists()


def test_adding_and_removing_a_holiday(client):
    response = client.post(
        reverse("calendar_day_set"), {"date": "2026-10-01", "kind": "holiday", "name": "国庆节"}
    )
    assert response.status_code == 303 and response.url == f"{reverse('calendar')}?year=2026"
    html = client.get(response.url).content.decode()
    assert 'data-day="2026-10-01" data-kind="holiday"' in html and "国庆节" in html
    response = client.post(reverse("calendar_day_remove"), {"date": "2026-10-01"})
    assert response.status_code == 303
    assert not CalendarDay.objects.exists()
    assert 'data-day="2026-10-01"' not in client.get(response.url).content.decode()
    assert audit_events("org.calendar_day_removed")[-1]["data"]["date"] == "2026-10-01"


def test_the_list_shows_the_chosen_year_only(client, admin):
    for day, kind in (
        (datetime.date(2025, 10, 1), DayKind.HOLIDAY),
        (datetime.date(2026, 9, 27), DayKind.WORKDAY),
    ):
        operations.set_calendar_day(actor=admin, date=day, kind=kind)
    html = client.get(reverse("calendar"), {"year": 2026}).content.decode()
    assert 'data-day="2026-09-27" data-kind="workday"' in html
    assert 'data-day="2025-10-01"' not in html
    assert 'data-year="2025"' in html and 'data-year="2027"' in html
    html = client.get(reverse("calendar"), {"year": 2025}).content.decode()
    assert 'data-day="2025-10-01"' in html and 'data-day="2026-09-27"' not in html
    assert client.get(reverse("calendar"), {"year": "next"}).status_code == 400


def test_today_is_described_by_the_calendar(client, admin):
    today = timezone.localdate()
    operations.set_calendar_day(actor=admin, date=today, kind=DayKind.HOLIDAY)
    html = client.get(reverse("calendar")).content.decode()
    assert "今天休息" in html


@pytest.mark.parametrize("role", [r for r in Role if r != Role.SYSADMIN])
def test_other_roles_may_not_change_the_calendar(world, role):
    client = signed_in(world.account(role))
    assert client.get(reverse("calendar")).status_code == 403
    for name, data in (
        ("calendar_hours", {"day_start": "09:00", "day_end": "18:00", "weekdays": ["1"]}),
        ("calendar_day_set", {"date": "2026-10-01", "kind": "holiday"}),
        ("calendar_day_remove", {"date": "2026-10-01"}),
    ):
        assert client.post(reverse(name), data).status_code == 403
    assert not WorkingHours.objects.exists() and not CalendarDay.objects.exists()
