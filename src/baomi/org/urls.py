"""The organisation's pages: the chart, people and clearances, security staff, the calendar."""

from django.urls import path

from baomi.org.web import calendar, people, structure

urlpatterns = [
    path("organisation/", structure.organisation, name="org"),
    path("organisation/departments/", structure.department_create, name="department_create"),
    path("organisation/people/", structure.person_create, name="person_create"),
    path("organisation/people/import/", structure.people_import, name="people_import"),
    path(
        "organisation/people/template.xlsx",
        structure.people_import_template,
        name="people_import_template",
    ),
    path("organisation/leaders/", structure.department_leaders, name="department_leaders"),
    path("organisation/head/", structure.organisation_head, name="organisation_head"),
    path("people/", people.people, name="people"),
    path("people/<id:person_id>/", people.person, name="person"),
    path(
        "people/<id:person_id>/probation-end/",
        people.end_probation,
        name="person_end_probation",
    ),
    path("security-staff/", people.security_staff, name="security_staff"),
    path("security-staff/appoint/", people.appoint, name="appoint"),
    path("security-staff/<id:appointment_id>/end/", people.end_appointment, name="end_appointment"),
    path("calendar/", calendar.working_calendar, name="calendar"),
    path("calendar/hours/", calendar.set_hours, name="calendar_hours"),
    path("calendar/days/", calendar.set_day, name="calendar_day_set"),
    path("calendar/days/remove/", calendar.remove_day, name="calendar_day_remove"),
    path("calendar/days/import/", calendar.import_days, name="calendar_import"),
]
