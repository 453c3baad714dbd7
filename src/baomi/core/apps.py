from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "baomi.core"
    label = "core"
