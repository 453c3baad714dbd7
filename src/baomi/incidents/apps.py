from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class IncidentsConfig(AppConfig):
    name = "baomi.incidents"
    label = "incidents"
    verbose_name = gettext_lazy("Incidents")

    def ready(self) -> None:
        # --- the cockpit: figures, deadline subjects, accreditation evidence ---
        from baomi.incidents.queries import evidence as incident_evidence
        from baomi.incidents.queries import figures as incident_figures
        from baomi.incidents.web import subjects as incident_subjects
        from baomi.seams.approvals import SUBJECT_KINDS, SubjectKind
        from baomi.seams.evidence import EVIDENCE_PROVIDERS
        from baomi.seams.figures import FIGURE_PROVIDERS

        FIGURE_PROVIDERS.register(incident_figures.PROVIDER)
        SUBJECT_KINDS.register(SubjectKind("incidents.incident", incident_subjects.incident))
        EVIDENCE_PROVIDERS.register(*incident_evidence.PROVIDERS)
        from baomi.incidents import demo
        from baomi.incidents.deadlines import PROVIDERS
        from baomi.seams.deadlines import DEADLINE_PROVIDERS
        from baomi.seams.demo import DEMO_BUILDERS, DemoBuilder

        DEADLINE_PROVIDERS.register(*PROVIDERS)
        DEMO_BUILDERS.register(DemoBuilder("incidents", demo.build, order=62))
        # --- incidents, their reports upward and investigation (INC-RECORD, LOSS-REPORT) ---
        self._incidents()

    def _incidents(self) -> None:
        """INC-RECORD: the security officer's menu entry (its badge: the reports upward and
        investigations overdue), the 泄密事件登记簿 in the registers index, the refusals'
        subject; LOSS-REPORT: a loss reported through the carriers opens an incident in the
        same transaction (``carriers.losses``)."""
        from baomi.access.roles import Permission
        from baomi.audit.operation import subject_argument
        from baomi.carriers import losses
        from baomi.incidents.operations.incidents import opened_by_loss
        from baomi.incidents.web import incidents as web
        from baomi.seams.navigation import NAVIGATION, NavItem
        from baomi.seams.registers import REGISTER_ENTRIES, RegisterEntry

        losses.register(opened_by_loss)
        NAVIGATION.register(
            NavItem(
                "incidents",
                gettext_lazy("Incidents"),
                (Permission.OVERSEE,),
                order=88,
                count=web.overdue_count,
            )
        )
        REGISTER_ENTRIES.register(
            RegisterEntry(
                key="incidents",
                title=gettext_lazy("Incident register"),
                url=web.register_url,
                rules=("INC-RECORD", "LOSS-REPORT"),
                shown=web.register_shown,
                kind="ledger",
                exports=web.register_exports,
                order=870,
            )
        )
        subject_argument("incident_id", "incidents.incident")
