from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class RulebookConfig(AppConfig):
    name = "baomi.rulebook"
    label = "rulebook"
    verbose_name = gettext_lazy("Rulebook")

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy as _

        from baomi.seams.navigation import NAVIGATION, NavItem

        NAVIGATION.register(NavItem("rulebook", _("Rulebook"), (), order=160))

        # An override's change is seen by every process on its next operation (core.refdata).
        from baomi.core import refdata
        from baomi.rulebook.models import RuleOverride

        refdata.watch(RuleOverride, lambda o, _fields: [(o.organisation_id, refdata.RULEBOOK)])
