"""The pages of the cockpit, included at the site root; the URL names are the site's."""

from django.urls import path  # noqa: F401

urlpatterns: list = [
    # --- the deadline engine and its notifications ---
    # --- the dashboard ---
    # --- the annual report (ANNUAL-REPORT) ---
]
