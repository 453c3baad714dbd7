from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class OversightConfig(AppConfig):
    name = "baomi.oversight"
    label = "oversight"
    verbose_name = gettext_lazy("Oversight")

    def ready(self) -> None:
        from baomi.oversight import demo
        from baomi.oversight.deadlines import PROVIDERS
        from baomi.seams.deadlines import DEADLINE_PROVIDERS
        from baomi.seams.demo import DEMO_BUILDERS, DemoBuilder

        DEADLINE_PROVIDERS.register(*PROVIDERS)
        # After every domain whose records pre-fill the inspections.
        DEMO_BUILDERS.register(DemoBuilder("oversight", demo.build, order=60))
        # --- checklists and self-inspections (INSP-CHECKLIST, INSP-MONTHLY, INSP-QUARTERLY) ---
        # --- rectifications (INSP-RECTIFY) ---
        # --- the security committee (COMMITTEE) ---
