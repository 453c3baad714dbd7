from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class PublicationConfig(AppConfig):
    name = "baomi.publication"
    label = "publication"
    verbose_name = gettext_lazy("Publication review")

    def ready(self) -> None:
        from baomi.publication import demo
        from baomi.publication.deadlines import PROVIDERS
        from baomi.seams.deadlines import DEADLINE_PROVIDERS
        from baomi.seams.demo import DEMO_BUILDERS, DemoBuilder

        DEADLINE_PROVIDERS.register(*PROVIDERS)
        DEMO_BUILDERS.register(DemoBuilder("publication", demo.build, order=53))
        # --- publication review (PUB-REVIEW) ---
        # --- foreign press and visits (PRESS-FOREIGN) ---
