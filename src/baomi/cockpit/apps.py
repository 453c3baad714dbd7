from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class CockpitConfig(AppConfig):
    """The security office's cockpit, above every domain: the deadline engine over every
    domain's deadline providers with its notifications, the dashboard of every domain's figures,
    the annual report drafted from them (ANNUAL-REPORT)."""

    name = "baomi.cockpit"
    label = "cockpit"
    verbose_name = gettext_lazy("Cockpit")

    def ready(self) -> None:
        from baomi.cockpit import demo
        from baomi.seams.demo import DEMO_BUILDERS, DemoBuilder

        # After every domain whose records it reads.
        DEMO_BUILDERS.register(DemoBuilder("cockpit", demo.build, order=90))
        # --- the deadline engine and its notifications ---
        # --- the dashboard ---
        # --- the annual report (ANNUAL-REPORT) ---
