"""The pages of the secure areas, included at the site root; the URL names are the site's."""

from django.urls import path

from baomi.areas.web import access as access_pages
from baomi.areas.web import areas as area_pages
from baomi.areas.web import visitors as visitor_pages

urlpatterns: list = [
    # --- the list of secure areas, keepers and assignments (AREA-LIST) ---
    path("areas/", area_pages.areas, name="areas"),
    path("areas/register/", area_pages.area_register, name="area_register"),
    path("areas/<id:area_id>/", area_pages.area, name="area"),
    path("areas/<id:area_id>/edit/", area_pages.area_edit, name="area_edit"),
    path("areas/<id:area_id>/keeper/", area_pages.area_keeper, name="area_keeper"),
    path("areas/<id:area_id>/assign/", area_pages.area_assign, name="area_assign"),
    path("areas/<id:area_id>/deactivate/", area_pages.area_deactivate, name="area_deactivate"),
    path(
        "area-assignments/<id:assignment_id>/end/",
        area_pages.area_assignment_end,
        name="area_assignment_end",
    ),
    # --- visitors and the access log (AREA-ACCESS) ---
    path("visitors/", visitor_pages.visitors, name="visitors"),
    path("visitors/register/", visitor_pages.visitor_register, name="visitor_register"),
    path(
        "visitors/<id:visitor_id>/sign-out/",
        visitor_pages.visitor_sign_out,
        name="visitor_sign_out",
    ),
    path("access-log/", access_pages.access_log, name="access_log"),
    path("access-log/enter/", access_pages.entry_log, name="area_entry_log"),
    path("access-log/ask/", access_pages.entry_request, name="area_entry_request"),
    path("access-log/<id:entry_id>/exit/", access_pages.entry_exit, name="area_entry_exit"),
]
