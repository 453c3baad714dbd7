from django.apps import AppConfig
from django.urls import register_converter


class CoreConfig(AppConfig):
    name = "baomi.core"
    label = "core"

    def ready(self) -> None:
        from baomi.core.inputs import IdConverter

        # Before any app's urls are read: every page names its rows as <id:…>.
        register_converter(IdConverter, "id")
