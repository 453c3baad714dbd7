from django.urls import include, path

from baomi.api.api import api, openapi_json

urlpatterns = [
    path("api/openapi.json", openapi_json, name="openapi"),
    path("api/v1/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("baomi.web.urls")),
]
