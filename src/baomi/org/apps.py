from django.apps import AppConfig


class OrgConfig(AppConfig):
    name = "baomi.org"
    label = "org"
