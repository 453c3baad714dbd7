"""The pages of oversight, included at the site root; the URL names are the site's."""

from django.urls import path

from baomi.oversight.web import committee as committee_pages  # COMMITTEE
from baomi.oversight.web import inspections  # INSP-*
from baomi.oversight.web import rectifications as rectification_pages  # INSP-RECTIFY

urlpatterns: list = [
    # --- checklists and self-inspections (INSP-CHECKLIST, INSP-MONTHLY, INSP-QUARTERLY) ---
    path("oversight/", inspections.inspections, name="oversight"),
    path("oversight/open/", inspections.inspection_open, name="inspection_open"),
    path("oversight/<id:inspection_id>/", inspections.inspection, name="inspection"),
    path(
        "oversight/<id:inspection_id>/answers/<id:answer_id>/",
        inspections.inspection_answer,
        name="inspection_answer",
    ),
    path(
        "oversight/<id:inspection_id>/submit/",
        inspections.inspection_submit,
        name="inspection_submit",
    ),
    path(
        "oversight/<id:inspection_id>/print/", inspections.inspection_print, name="inspection_print"
    ),
    path("oversight/checklists/", inspections.checklists, name="checklists"),
    path("oversight/checklists/<id:checklist_id>/", inspections.checklist, name="checklist"),
    # --- rectifications (INSP-RECTIFY) ---
    path("oversight/rectifications/", rectification_pages.rectifications, name="rectifications"),
    path(
        "oversight/rectifications/open/",
        rectification_pages.rectification_open,
        name="rectification_open",
    ),
    path(
        "oversight/rectifications/<id:rectification_id>/",
        rectification_pages.rectification,
        name="rectification",
    ),
    path(
        "oversight/rectifications/<id:rectification_id>/done/",
        rectification_pages.rectification_done,
        name="rectification_done",
    ),
    path(
        "oversight/rectifications/<id:rectification_id>/verify/",
        rectification_pages.rectification_verify,
        name="rectification_verify",
    ),
    path(
        "oversight/rectifications/<id:rectification_id>/reassign/",
        rectification_pages.rectification_reassign,
        name="rectification_reassign",
    ),
    # --- the security committee (COMMITTEE) ---
    path("oversight/committee/", committee_pages.committee, name="committee"),
    path(
        "oversight/committee/<id:committee_meeting_id>/",
        committee_pages.committee_meeting,
        name="committee_meeting",
    ),
    path(
        "oversight/committee/<id:committee_meeting_id>/edit/",
        committee_pages.committee_meeting_edit,
        name="committee_meeting_edit",
    ),
    path(
        "oversight/committee/<id:committee_meeting_id>/decisions/",
        committee_pages.committee_meeting_decisions,
        name="committee_meeting_decisions",
    ),
    path(
        "oversight/committee/<id:committee_meeting_id>/record.pdf",
        committee_pages.committee_meeting_pdf,
        name="committee_meeting_pdf",
    ),
]
