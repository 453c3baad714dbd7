from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class AccreditationConfig(AppConfig):
    """The accreditation self-score, above every domain: scoring standards kept as versioned
    data (built-in profiles from what is public, and the unit's own imported edition), each
    item linked to the evidence the records give, the predicted score, the veto items at risk
    and the evidence pack."""

    name = "baomi.accreditation"
    label = "accreditation"
    verbose_name = gettext_lazy("Accreditation self-score")

    def ready(self) -> None:
        from baomi.accreditation import demo
        from baomi.seams.demo import DEMO_BUILDERS, DemoBuilder

        DEMO_BUILDERS.register(DemoBuilder("accreditation", demo.build, order=92))
        # --- the self-score ---
        from baomi.access.roles import Permission
        from baomi.seams.navigation import NAVIGATION, NavItem

        NAVIGATION.register(
            NavItem("accreditation", gettext_lazy("Self-score"), (Permission.OVERSEE,), order=91)
        )
