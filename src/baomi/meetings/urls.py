"""The pages of the classified meetings, included at the site root; the URL names are the site's."""

from django.urls import path

from baomi.meetings.web import meetings as meeting_pages
from baomi.meetings.web import minutes as minutes_pages
from baomi.meetings.web import papers as paper_pages

urlpatterns: list = [
    # --- meetings: list, checks, sign-in, sweep (MEET-ATTEND, MEET-PHONES, MEET-SWEEP) ---
    path("meetings/", meeting_pages.meetings, name="meetings"),
    path("meetings/new/", meeting_pages.meeting_create, name="meeting_create"),
    path("meetings/<id:meeting_id>/", meeting_pages.meeting, name="meeting"),
    path("meetings/<id:meeting_id>/edit/", meeting_pages.meeting_edit, name="meeting_edit"),
    path("meetings/<id:meeting_id>/cancel/", meeting_pages.meeting_cancel, name="meeting_cancel"),
    path(
        "meetings/<id:meeting_id>/attendees/",
        meeting_pages.meeting_attendee_add,
        name="meeting_attendee_add",
    ),
    path(
        "meetings/<id:meeting_id>/visitors/",
        meeting_pages.meeting_visitor_add,
        name="meeting_visitor_add",
    ),
    path(
        "meetings/<id:meeting_id>/attendees/<id:attendee_id>/remove/",
        meeting_pages.meeting_attendee_remove,
        name="meeting_attendee_remove",
    ),
    path(
        "meetings/<id:meeting_id>/attendees/<id:attendee_id>/sign-in/",
        meeting_pages.meeting_sign_in,
        name="meeting_sign_in",
    ),
    path(
        "meetings/<id:meeting_id>/approve/", meeting_pages.meeting_approve, name="meeting_approve"
    ),
    path(
        "meetings/<id:meeting_id>/checks/<slug:kind>/",
        meeting_pages.meeting_check,
        name="meeting_check",
    ),
    path("meetings/<id:meeting_id>/open/", meeting_pages.meeting_open, name="meeting_open"),
    path("meetings/<id:meeting_id>/end/", meeting_pages.meeting_end, name="meeting_end"),
    path("meetings/<id:meeting_id>/close/", meeting_pages.meeting_close, name="meeting_close"),
    path(
        "meetings/<id:meeting_id>/sign-in-sheet.pdf",
        meeting_pages.meeting_sheet,
        name="meeting_sheet",
    ),
    # --- papers and minutes (MEET-DOCS, MEET-MINUTES) ---
    path(
        "meetings/<id:meeting_id>/papers/hand-out/",
        paper_pages.hand_out,
        name="meeting_paper_hand_out",
    ),
    path(
        "meeting-papers/<id:paper_id>/collect/", paper_pages.collect, name="meeting_paper_collect"
    ),
    path(
        "meeting-papers/<id:paper_id>/handling/",
        paper_pages.handling,
        name="meeting_paper_handling",
    ),
    path(
        "meetings/<id:meeting_id>/papers.pdf",
        paper_pages.register_pdf,
        name="meeting_papers_pdf",
    ),
    path(
        "meetings/<id:meeting_id>/papers/export/",
        paper_pages.register_export,
        name="meeting_papers_export",
    ),
    path("meetings/<id:meeting_id>/minutes/", minutes_pages.record, name="meeting_minutes_record"),
    path("minutes/<id:minutes_id>/ask/", minutes_pages.ask, name="meeting_minutes_ask"),
    path("minutes/<id:minutes_id>/read/", minutes_pages.read, name="meeting_minutes_read"),
]
