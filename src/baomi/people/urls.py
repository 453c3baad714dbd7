"""The pages of the people's own records, included at the site root; the URL names are the
site's."""

from django.urls import path

from baomi.people.web import self_checks

urlpatterns = [
    # The monthly self-check from the home page (PPL-SELFCHECK)
    path("self-check/", self_checks.self_check_file, name="self_check_file"),
]
