"""The pages of the cockpit, included at the site root; the URL names are the site's."""

from django.urls import path

from baomi.cockpit.web import dashboard as dashboard_pages
from baomi.cockpit.web import deadlines as deadline_pages
from baomi.cockpit.web import report as report_pages

urlpatterns: list = [
    # --- the deadline engine and its notifications ---
    path("deadlines/", deadline_pages.deadlines, name="deadlines"),
    path("deadlines/rectify/", deadline_pages.deadline_rectify, name="deadline_rectify"),
    path("notifications/", deadline_pages.notifications, name="notifications"),
    path("notifications/read/", deadline_pages.notifications_read, name="notifications_read"),
    path(
        "notifications/<id:notification_id>/read/",
        deadline_pages.notification_read,
        name="notification_read",
    ),
    # --- the dashboard ---
    path("cockpit/", dashboard_pages.cockpit, name="cockpit"),
    # --- the annual report (ANNUAL-REPORT) ---
    path("cockpit/annual-report/", report_pages.annual_report, name="annual_report"),
    path(
        "cockpit/annual-report/prose/", report_pages.annual_report_save, name="annual_report_save"
    ),
]
