"""The pages of the incidents, included at the site root; the URL names are the site's."""

from django.urls import path

from baomi.incidents.web import incidents

urlpatterns: list = [
    # --- incidents, their reports upward and investigation (INC-RECORD, LOSS-REPORT) ---
    path("incidents/", incidents.incidents, name="incidents"),
    path("incidents/new/", incidents.incident_record, name="incident_record"),
    path("incidents/register/", incidents.incident_register, name="incident_register"),
    path("incidents/<id:incident_id>/", incidents.incident, name="incident"),
    path(
        "incidents/<id:incident_id>/remedies/",
        incidents.incident_remedies,
        name="incident_remedies",
    ),
    path("incidents/<id:incident_id>/report/", incidents.incident_report, name="incident_report"),
    path(
        "incidents/<id:incident_id>/investigation/",
        incidents.incident_investigate,
        name="incident_investigate",
    ),
    path("incidents/<id:incident_id>/close/", incidents.incident_close, name="incident_close"),
    path(
        "incidents/<id:incident_id>/report.pdf",
        incidents.incident_printed,
        name="incident_printed",
    ),
]
