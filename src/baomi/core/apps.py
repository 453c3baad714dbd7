from django.apps import AppConfig
from django.urls import register_converter


class CoreConfig(AppConfig):
    name = "baomi.core"
    label = "core"

    def ready(self) -> None:
        from django.db.backends.signals import connection_created

        from baomi.core.dbfunctions import register_sqlite
        from baomi.core.inputs import IdConverter

        connection_created.connect(register_sqlite, dispatch_uid="baomi_sqlite_functions")

        # Before any app's urls are read: every page names its rows as <id:…>.
        register_converter(IdConverter, "id")
