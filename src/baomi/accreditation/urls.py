"""The pages of the accreditation self-score, included at the site root."""

from django.urls import path  # noqa: F401

urlpatterns: list = [
    # --- the self-score ---
]
