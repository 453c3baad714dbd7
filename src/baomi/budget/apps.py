from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class BudgetConfig(AppConfig):
    name = "baomi.budget"
    label = "budget"
    verbose_name = gettext_lazy("Confidentiality budget")

    def ready(self) -> None:
        # --- the cockpit: figures, deadline subjects, accreditation evidence ---
        from baomi.budget.queries import evidence as budget_evidence
        from baomi.budget.queries import figures as budget_figures
        from baomi.seams.evidence import EVIDENCE_PROVIDERS
        from baomi.seams.figures import FIGURE_PROVIDERS

        FIGURE_PROVIDERS.register(budget_figures.PROVIDER)
        EVIDENCE_PROVIDERS.register(*budget_evidence.PROVIDERS)
        from baomi.budget import demo
        from baomi.budget.deadlines import PROVIDERS
        from baomi.seams.deadlines import DEADLINE_PROVIDERS
        from baomi.seams.demo import DEMO_BUILDERS, DemoBuilder

        DEADLINE_PROVIDERS.register(*PROVIDERS)
        DEMO_BUILDERS.register(DemoBuilder("budget", demo.build, order=58))
        # --- the yearly budget and its expenses (BUDGET) ---
        self._budget()

    def _budget(self) -> None:
        """BUDGET: the security office's page (OVERSEE), the 保密经费支出登记表 and the
        year's summary in the registers index, and the refusals' subjects."""
        from baomi.access.roles import Permission
        from baomi.audit.operation import subject_argument
        from baomi.budget.web import budget as pages
        from baomi.seams.navigation import NAVIGATION, NavItem
        from baomi.seams.registers import REGISTER_ENTRIES, RegisterEntry

        NAVIGATION.register(
            NavItem(
                "budget", gettext_lazy("Confidentiality budget"), (Permission.OVERSEE,), order=89
            )
        )
        REGISTER_ENTRIES.register(
            RegisterEntry(
                key="budget_expenses",
                title=gettext_lazy("Confidentiality expense register"),
                url=lambda: pages.year_url(pages.queries.this_year()),
                rules=("BUDGET",),
                shown=pages.register_shown,
                kind="ledger",
                exports=lambda: pages.register_exports("register"),
                order=880,
            ),
            RegisterEntry(
                key="budget_summary",
                title=gettext_lazy("Confidentiality budget summary"),
                url=lambda: pages.year_url(pages.queries.this_year()),
                rules=("BUDGET",),
                shown=pages.register_shown,
                kind="ledger",
                exports=lambda: pages.register_exports("summary"),
                order=881,
            ),
        )
        subject_argument("budget_id", "budget.budget")
        subject_argument("line_id", "budget.budgetline")
        subject_argument("expense_id", "budget.expense")
