"""The rulebook as a readable 制度, and the security officer's edits."""

from django.urls import path

from baomi.rulebook.web import rulebook

urlpatterns = [
    path("rulebook/", rulebook.rulebook, name="rulebook"),
    path("rulebook/<str:rule_id>/", rulebook.rule_edit, name="rule_edit"),
]
