from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class BudgetConfig(AppConfig):
    name = "baomi.budget"
    label = "budget"
    verbose_name = gettext_lazy("Confidentiality budget")

    def ready(self) -> None:
        from baomi.budget import demo
        from baomi.budget.deadlines import PROVIDERS
        from baomi.seams.deadlines import DEADLINE_PROVIDERS
        from baomi.seams.demo import DEMO_BUILDERS, DemoBuilder

        DEADLINE_PROVIDERS.register(*PROVIDERS)
        DEMO_BUILDERS.register(DemoBuilder("budget", demo.build, order=58))
        # --- the yearly budget and its expenses (BUDGET) ---
