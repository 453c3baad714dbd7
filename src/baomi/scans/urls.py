"""The scan reports filed by ``baomi scan --upload``."""

from django.urls import path

from baomi.scans.web import scans

urlpatterns = [
    path("scans/", scans.scan_list, name="scans"),
    path("scans/<id:record_id>/", scans.scan_detail, name="scan"),
]
