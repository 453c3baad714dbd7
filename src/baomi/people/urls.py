"""The pages of the people's security files, included at the site root; the URL names are the
site's."""

from django.urls import path

from baomi.people.web import self_checks

urlpatterns = [
    # The monthly self-check from the home page (PPL-SELFCHECK)
    path("self-check/", self_checks.self_check_file, name="self_check_file"),
    # --- posts, vetting, signed papers, clearance history (PPL-VET) ---
    # --- training (PPL-TRAINING, TRAIN-RECORD) ---
    # --- travel abroad (PPL-ABROAD) ---
    # --- leaving (PPL-EXIT) ---
    # --- responsibility letters and assessment (RESP-*) ---
    # --- the people list and one's own file ---
]
