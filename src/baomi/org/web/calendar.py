"""The working calendar (system administrator): working hours, worked weekdays, the statutory
days shipped from the State Council's notices, and the organisation's own holidays and extra
working days of a year, set one by one or imported from a later year's notice. Its end of the
working day drives CIRC-SAMEDAY."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from baomi.access.roles import actor_organisation_id
from baomi.core import holidays
from baomi.core.errors import InvalidInput
from baomi.core.workdays import parse_weekdays
from baomi.kit.pages import cleaned, done, page
from baomi.org import operations
from baomi.org import queries as org
from baomi.org.web.forms import (
    CalendarDayForm,
    DayForm,
    HolidayImportForm,
    WorkingHoursForm,
    YearForm,
)


def _year_url(year: int) -> str:
    return f"{reverse('calendar')}?year={year}"


@page("calendar")
def working_calendar(request: HttpRequest) -> HttpResponse:
    """The hours form, today's state, and the year's holidays and extra working days."""
    today = timezone.localdate()
    year = cleaned(YearForm(request.GET))["year"] or today.year
    organisation_id = actor_organisation_id(request.user)
    hours = org.working_hours(organisation_id)
    calendar = org.calendar(organisation_id)
    days = list(org.calendar_days(request.user, year=year))
    notice = holidays.shipped().get(year)
    return render(
        request,
        "org/calendar.html",
        {
            "year": year,
            "days": days,
            "hours_form": WorkingHoursForm(
                initial={
                    "day_start": hours.day_start,
                    "day_end": hours.day_end,
                    "weekdays": sorted(parse_weekdays(hours.weekdays)),
                }
            ),
            "day_form": CalendarDayForm(),
            "import_form": HolidayImportForm(),
            "notice": notice,
            "statutory": sorted(notice.days, key=lambda d: d.date) if notice else [],
            "own_dates": {day.date for day in days},
            "today": today,
            "today_works": calendar.is_working_day(today),
            "work_ends": calendar.end_of_working_day(today),
        },
    )


@require_POST
@page("calendar")
def set_hours(request: HttpRequest) -> HttpResponse:
    data = cleaned(WorkingHoursForm(request.POST))
    hours = operations.set_working_hours(actor=request.user, **data)
    return done(
        request,
        _("Working hours set: %(start)s–%(end)s.")
        % {"start": f"{hours.day_start:%H:%M}", "end": f"{hours.day_end:%H:%M}"},
        reverse("calendar"),
    )


@require_POST
@page("calendar")
def set_day(request: HttpRequest) -> HttpResponse:
    data = cleaned(CalendarDayForm(request.POST))
    day = operations.set_calendar_day(actor=request.user, **data)
    return done(
        request,
        _("%(date)s is now: %(kind)s.")
        % {"date": f"{day.date:%Y-%m-%d}", "kind": day.get_kind_display()},
        _year_url(day.date.year),
    )


@require_POST
@page("calendar")
def remove_day(request: HttpRequest) -> HttpResponse:
    date = cleaned(DayForm(request.POST))["date"]
    operations.remove_calendar_day(actor=request.user, date=date)
    return done(
        request,
        _("%(date)s follows the working weekdays again.") % {"date": f"{date:%Y-%m-%d}"},
        _year_url(date.year),
    )


@require_POST
@page("calendar")
def import_days(request: HttpRequest) -> HttpResponse:
    """A year's State Council notice, pasted or as a spreadsheet of its dates: "dry run"
    lists the dates found and what each was before, changing nothing; "import" sets them all,
    or, when the notice cannot be read, none and lists every problem with its line."""
    form = HolidayImportForm(request.POST, request.FILES)
    data = cleaned(form)
    dry_run = "dry_run" in request.POST
    upload = data["file"]
    try:
        if upload:
            days = holidays.read_sheet(upload, upload.name, data["year"])
            source = upload.name
        else:
            days = holidays.read_notice(data["text"], data["year"])
            source = holidays.title_of(data["text"]) or _("pasted text")
        year = days[0].date.year
        found = operations.import_holidays(
            actor=request.user, year=year, days=days, source=source, dry_run=dry_run
        )
    except InvalidInput as exc:
        if exc.detail is None:
            raise
        context = {"form": form, "problems": exc.detail, "message": exc.message}
        return render(request, "org/calendar_import.html", context, status=400)
    if dry_run:
        context = {"form": form, "found": found, "year": year, "source": source}
        return render(request, "org/calendar_import.html", context)
    message = ngettext(
        "%(n)d date of %(year)d imported from %(source)s.",
        "%(n)d dates of %(year)d imported from %(source)s.",
        len(found),
    )
    return done(
        request, message % {"n": len(found), "year": year, "source": source}, _year_url(year)
    )
