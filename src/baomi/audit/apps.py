from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "baomi.audit"
    label = "audit"

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy as _

        from baomi.access.roles import Permission as P
        from baomi.seams.navigation import NAVIGATION, NavItem

        NAVIGATION.register(NavItem("audit", _("Audit log"), (P.READ_AUDIT,), order=150))
