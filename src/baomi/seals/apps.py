from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class SealsConfig(AppConfig):
    name = "baomi.seals"
    label = "seals"
    verbose_name = gettext_lazy("Seals")

    def ready(self) -> None:
        from baomi.seals import demo
        from baomi.seals.deadlines import PROVIDERS
        from baomi.seams.deadlines import DEADLINE_PROVIDERS
        from baomi.seams.demo import DEMO_BUILDERS, DemoBuilder

        DEADLINE_PROVIDERS.register(*PROVIDERS)
        DEMO_BUILDERS.register(DemoBuilder("seals", demo.build, order=52))
        # --- seals, their use, taking out and locking away (SEAL-LOG) ---
