"""The working calendar page of the system administrator: working hours and weekdays, and the
holidays (法定节假日) and extra working days (调休上班) of a chosen year."""

from __future__ import annotations

import datetime
import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook

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


# A TEST FIXTURE, NOT A REAL NOTICE: notice-shaped text for the fictitious year 2099.
NOTICE_2099 = """国务院办公厅关于2099年部分节假日安排的通知（测试用虚构文本）
一、元旦：1月1日（周四）至3日（周六）放假调休，共3天。1月4日（周日）上班。
二、端午节：6月1日放假，与周末连休。
"""


def test_the_page_shows_the_statutory_days_of_the_shipped_notice(client, admin):
    """2026's notice is shipped: its days are listed under its title; a day of the
    organisation's own on one of them is shown as replacing it."""
    operations.set_calendar_day(actor=admin, date=datetime.date(2026, 10, 10), kind="holiday")
    html = client.get(reverse("calendar"), {"year": 2026}).content.decode()
    assert "国务院办公厅关于2026年部分节假日安排的通知（国办发明电〔2025〕7号）" in html
    assert 'data-statutory="2026-10-01" data-kind="holiday"' in html
    assert 'data-statutory="2026-10-10" data-kind="workday" class=' in html  # replaced
    assert 'data-statutory="2026-09-20" data-kind="workday">' in html
    html = client.get(reverse("calendar"), {"year": 2099}).content.decode()
    assert "data-statutory" not in html and 'data-form="calendar-import"' in html


def test_a_notice_is_imported_after_a_dry_run(client, admin):
    response = client.post(reverse("calendar_import"), {"text": NOTICE_2099, "dry_run": "1"})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-day="2099-01-02" data-kind="holiday"' in html
    assert 'data-day="2099-01-04" data-kind="workday"' in html
    assert 'data-day="2099-06-01" data-kind="holiday"' in html
    assert not CalendarDay.objects.exists() and not audit_events("org.holidays_imported")

    response = client.post(reverse("calendar_import"), {"text": NOTICE_2099})
    assert response.status_code == 303 and response.url == f"{reverse('calendar')}?year=2099"
    days = CalendarDay.objects.filter(date__year=2099)
    assert [(d.date.isoformat(), d.kind, d.name) for d in days] == [
        ("2099-01-01", "holiday", "元旦"),
        ("2099-01-02", "holiday", "元旦"),
        ("2099-01-03", "holiday", "元旦"),
        ("2099-01-04", "workday", "元旦"),
        ("2099-06-01", "holiday", "端午节"),
    ]
    event = audit_events("org.holidays_imported")[-1]["data"]
    assert event["year"] == 2099 and event["workdays"] == ["2099-01-04"]
    assert event["source"].startswith("国务院办公厅关于2099年部分节假日安排的通知")


def test_a_dry_run_shows_what_a_date_was_before(client, admin):
    operations.set_calendar_day(actor=admin, date=datetime.date(2099, 1, 4), kind="holiday")
    html = client.post(
        reverse("calendar_import"), {"text": NOTICE_2099, "dry_run": "1"}
    ).content.decode()
    row = html.split('data-day="2099-01-04"')[1].split("</tr>")[0]
    assert "data-replaces" in row


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        (
            NOTICE_2099.replace("（周四）", "（周五）"),
            "Line 2: 1月1日(周五): 2099-01-01 is not a 周五.",
        ),
        (NOTICE_2099.replace("共3天", "共4天"), "Line 2: It says 4 days off but gives 3."),
        (
            NOTICE_2099 + "三、春节：1月4日放假。\n",
            "Line 4: 2099-01-04 is given both off and worked",
        ),
        (NOTICE_2099 + "三、元旦：1月2日放假。\n", "Line 4: 2099-01-02 is given twice"),
    ],
)
def test_a_notice_that_cannot_be_read_changes_nothing_and_says_why(admin, text, problem):
    client = signed_in(admin, language="en")
    response = client.post(reverse("calendar_import"), {"text": text})
    assert response.status_code == 400
    assert problem in response.content.decode()
    assert not CalendarDay.objects.exists()


def test_dates_outside_the_year_are_refused(admin):
    client = signed_in(admin, language="en")
    page = f"http://testserver{reverse('calendar')}"
    response = client.post(
        reverse("calendar_import"), {"text": NOTICE_2099, "year": "2098"}, HTTP_REFERER=page
    )
    assert response.status_code == 302  # back to the page, saying why
    html = client.get(response.url).content.decode()
    assert "The text is the notice for 2099, not for 2098." in html
    outside = NOTICE_2099 + "三、春节：2100年1月1日放假。\n"
    response = client.post(reverse("calendar_import"), {"text": outside})
    assert response.status_code == 400
    assert "Line 4: 2100-01-01 is not in 2099." in response.content.decode()
    assert not CalendarDay.objects.exists()


def test_a_spreadsheet_of_dates_is_imported(client):
    book = Workbook()
    sheet = book.active
    sheet.append(["2099年节假日安排"])  # a title row above the header
    sheet.append(["日期", "类型", "名称"])
    sheet.append([datetime.date(2099, 10, 1), "放假", "国庆节"])
    sheet.append(["2099-10-02", "放假", "国庆节"])
    sheet.append(["2099/9/27", "上班", "国庆节"])
    buffer = io.BytesIO()
    book.save(buffer)

    def upload(**extra):
        file = SimpleUploadedFile("2099.xlsx", buffer.getvalue())
        return client.post(reverse("calendar_import"), {"file": file, **extra})

    html = upload(dry_run="1").content.decode()
    assert 'data-day="2099-09-27" data-kind="workday"' in html
    assert not CalendarDay.objects.exists()
    assert upload().status_code == 303
    assert [(d.date.isoformat(), d.kind) for d in CalendarDay.objects.all()] == [
        ("2099-09-27", "workday"),
        ("2099-10-01", "holiday"),
        ("2099-10-02", "holiday"),
    ]


def test_a_spreadsheet_with_bad_rows_is_refused_row_by_row(admin):
    book = Workbook()
    sheet = book.active
    sheet.append(["日期", "类型"])
    sheet.append(["2099-10-01", "放假"])
    sheet.append(["2099-10-01", "放假"])
    sheet.append(["2099-10-32", "放假"])
    sheet.append(["2099-10-03", "出差"])
    buffer = io.BytesIO()
    book.save(buffer)
    file = SimpleUploadedFile("2099.xlsx", buffer.getvalue())
    response = signed_in(admin, language="en").post(reverse("calendar_import"), {"file": file})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Row 3: 2099-10-01 is given twice" in html
    assert "Row 4: “2099-10-32” is not a date." in html
    assert "Row 5: The kind is 放假 or 上班, not “出差”." in html
    assert not CalendarDay.objects.exists()


def test_only_the_administrator_imports_a_notice(world):
    client = signed_in(world.account(Role.CLERK))
    assert client.post(reverse("calendar_import"), {"text": NOTICE_2099}).status_code == 403
    assert not CalendarDay.objects.exists()
