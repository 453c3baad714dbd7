"""The site: the JSON API, the language switch, and the pages of every app (``<app>.urls``,
found in each installed baomi app: the shell's and each domain's)."""

from django.urls import include, path

from baomi.api.api import api, openapi_json
from baomi.seams.discovery import domain_modules

urlpatterns = [
    path("api/openapi.json", openapi_json, name="openapi"),
    path("api/v1/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    *(path("", include(module)) for module in domain_modules("urls")),
]
