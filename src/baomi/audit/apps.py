from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class AuditConfig(AppConfig):
    name = "baomi.audit"
    label = "audit"
    verbose_name = gettext_lazy("Audit")

    def ready(self) -> None:
        from django.db.backends.signals import connection_created
        from django.utils.translation import gettext_lazy as _

        from baomi.access.roles import Permission as P
        from baomi.audit.recorder import register_sqlite_functions
        from baomi.audit.web import home
        from baomi.seams.navigation import NAVIGATION, NavItem
        from baomi.seams.panels import PANELS, Panel

        NAVIGATION.register(NavItem("audit", _("Audit log"), (P.READ_AUDIT,), order=150))
        PANELS.register(Panel("chain", "audit/panels/chain.html", home.chain, order=80))
        connection_created.connect(register_sqlite_functions, dispatch_uid="baomi_audit_link")
