from django.apps import AppConfig


class RulebookConfig(AppConfig):
    name = "baomi.rulebook"
    label = "rulebook"

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy as _

        from baomi.seams.navigation import NAVIGATION, NavItem

        NAVIGATION.register(NavItem("rulebook", _("Rulebook"), (), order=160))
