from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "baomi.web"
    label = "web"

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy as _

        from baomi.access.roles import Permission as P
        from baomi.seams.navigation import NAVIGATION, NavItem
        from baomi.seams.panels import pending

        # The home entry counts what the home page's panels ask the person to do.
        NAVIGATION.register(
            NavItem("home", _("Home"), (), order=0, count=pending),
            NavItem("registers", _("Registers"), (P.REGISTER_ITEMS,), order=30),
        )
