from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class IncidentsConfig(AppConfig):
    name = "baomi.incidents"
    label = "incidents"
    verbose_name = gettext_lazy("Incidents")

    def ready(self) -> None:
        from baomi.incidents import demo
        from baomi.incidents.deadlines import PROVIDERS
        from baomi.seams.deadlines import DEADLINE_PROVIDERS
        from baomi.seams.demo import DEMO_BUILDERS, DemoBuilder

        DEADLINE_PROVIDERS.register(*PROVIDERS)
        DEMO_BUILDERS.register(DemoBuilder("incidents", demo.build, order=62))
        # --- incidents, their reports upward and investigation (INC-RECORD, LOSS-REPORT) ---
