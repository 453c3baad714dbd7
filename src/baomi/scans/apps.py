from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class ScansConfig(AppConfig):
    name = "baomi.scans"
    label = "scans"
    verbose_name = gettext_lazy("Scan reports")

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy as _

        from baomi.access.roles import Permission as P
        from baomi.seams.navigation import NAVIGATION, NavItem

        NAVIGATION.register(NavItem("scans", _("Scan reports"), (P.READ_SCAN_REPORTS,), order=100))
