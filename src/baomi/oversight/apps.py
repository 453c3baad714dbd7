from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class OversightConfig(AppConfig):
    name = "baomi.oversight"
    label = "oversight"
    verbose_name = gettext_lazy("Oversight")

    def ready(self) -> None:
        # --- the cockpit: figures, deadline subjects, accreditation evidence ---
        from baomi.oversight.queries import evidence as oversight_evidence
        from baomi.oversight.queries import figures as oversight_figures
        from baomi.oversight.web import subjects as oversight_subjects
        from baomi.seams.approvals import SUBJECT_KINDS, SubjectKind
        from baomi.seams.evidence import EVIDENCE_PROVIDERS
        from baomi.seams.figures import FIGURE_PROVIDERS

        FIGURE_PROVIDERS.register(oversight_figures.PROVIDER)
        SUBJECT_KINDS.register(
            SubjectKind("oversight.rectification", oversight_subjects.rectification)
        )
        EVIDENCE_PROVIDERS.register(*oversight_evidence.PROVIDERS)
        from baomi.oversight import demo
        from baomi.oversight.deadlines import PROVIDERS
        from baomi.seams.deadlines import DEADLINE_PROVIDERS
        from baomi.seams.demo import DEMO_BUILDERS, DemoBuilder

        DEADLINE_PROVIDERS.register(*PROVIDERS)
        # After every domain whose records pre-fill the inspections.
        DEMO_BUILDERS.register(DemoBuilder("oversight", demo.build, order=60))
        # --- checklists and self-inspections (INSP-CHECKLIST, INSP-MONTHLY, INSP-QUARTERLY) ---
        from baomi.access.roles import Permission
        from baomi.oversight.web import inspections as inspection_pages
        from baomi.seams.navigation import NAVIGATION, NavItem

        # Everyone who inspects (a department's head or security officer, a cleared person
        # their own month) and the security office; the badge: inspections waiting for them.
        NAVIGATION.register(
            NavItem(
                "oversight",
                gettext_lazy("Self-inspections"),
                (Permission.OVERSEE, Permission.KNOW_ITEMS),
                order=84,
                count=inspection_pages.waiting_count,
            )
        )
        from baomi.oversight.policies import oversees
        from baomi.seams.registers import REGISTER_ENTRIES, RegisterEntry

        # The register of self-inspections (保密检查登记) in the registers index.
        REGISTER_ENTRIES.register(
            RegisterEntry(
                key="inspections",
                title=gettext_lazy("Self-inspection register"),
                url=inspection_pages.register_url,
                rules=("INSP-MONTHLY", "INSP-QUARTERLY", "INSP-CHECKLIST"),
                shown=oversees,
                kind="ledger",
                exports=inspection_pages.register_exports,
                order=1200,
            )
        )
        # --- rectifications (INSP-RECTIFY) ---
        self._rectifications()
        # --- the security committee (COMMITTEE) ---
        self._committee()

    def _rectifications(self) -> None:
        """INSP-RECTIFY: the home panel (what I owe, overdue in my departments, escalated to
        the office, awaiting my verification), the rectification register (整改登记表) in the
        registers index and the refusals' subject; the list is a tab of the oversight entry."""
        from baomi.audit.operation import subject_argument
        from baomi.oversight.web import rectifications as rectification_pages
        from baomi.seams.panels import HOME, PANELS, Panel
        from baomi.seams.registers import REGISTER_ENTRIES, RegisterEntry

        PANELS.register(
            Panel(
                "oversight.rectifications",
                "oversight/rectifications/panel_home.html",
                rectification_pages.home_panel,
                place=HOME,
                order=12,
                count=rectification_pages.home_count,
            )
        )
        REGISTER_ENTRIES.register(
            RegisterEntry(
                key="rectifications",
                title=gettext_lazy("Rectification register"),
                url=rectification_pages.register_url,
                rules=("INSP-RECTIFY",),
                shown=rectification_pages.register_shown,
                kind="ledger",
                exports=rectification_pages.register_exports,
                order=1205,
            )
        )
        subject_argument("rectification_id", "oversight.rectification")

    def _committee(self) -> None:
        """COMMITTEE: the security committee's register (保密委员会会议记录) in the registers
        index and the refusals' subject; its pages are a tab of the oversight entry."""
        from baomi.audit.operation import subject_argument
        from baomi.oversight.web import committee as committee_pages
        from baomi.seams.registers import REGISTER_ENTRIES, RegisterEntry

        REGISTER_ENTRIES.register(
            RegisterEntry(
                key="committee",
                title=gettext_lazy("Security committee meetings record"),
                url=committee_pages.register_url,
                rules=("COMMITTEE",),
                shown=committee_pages.register_shown,
                kind="ledger",
                exports=committee_pages.register_exports,
                order=1210,
            )
        )
        subject_argument("committee_meeting_id", "oversight.committeemeeting")
