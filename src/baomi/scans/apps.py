from django.apps import AppConfig


class ScansConfig(AppConfig):
    name = "baomi.scans"
    label = "scans"
