from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class AreasConfig(AppConfig):
    name = "baomi.areas"
    label = "areas"
    verbose_name = gettext_lazy("Secure areas")

    def ready(self) -> None:
        # --- the cockpit: figures, deadline subjects, accreditation evidence ---
        from baomi.areas.queries import evidence as area_evidence
        from baomi.areas.queries import figures as area_figures
        from baomi.areas.web import subjects as area_subjects
        from baomi.seams.approvals import SUBJECT_KINDS, SubjectKind
        from baomi.seams.evidence import EVIDENCE_PROVIDERS
        from baomi.seams.figures import FIGURE_PROVIDERS

        FIGURE_PROVIDERS.register(area_figures.PROVIDER)
        SUBJECT_KINDS.register(
            SubjectKind("areas.visitor", area_subjects.visitor),
            SubjectKind("areas.areaentry", area_subjects.entry),
        )
        EVIDENCE_PROVIDERS.register(*area_evidence.PROVIDERS)
        from baomi.areas import demo
        from baomi.areas.deadlines import PROVIDERS
        from baomi.seams.deadlines import DEADLINE_PROVIDERS
        from baomi.seams.demo import DEMO_BUILDERS, DemoBuilder

        DEADLINE_PROVIDERS.register(*PROVIDERS)
        # After the documents (the meetings' venues are areas; the meetings come after).
        DEMO_BUILDERS.register(DemoBuilder("areas", demo.build, order=50))
        # --- the list of secure areas, keepers and assignments (AREA-LIST) ---
        from baomi.areas.web import areas as area_pages
        from baomi.audit.operation import subject_argument

        area_pages.register_seams()
        subject_argument("area_id", "areas.securearea")
        subject_argument("assignment_id", "areas.areaassignment")
        # --- visitors and the access log (AREA-ACCESS) ---
        from baomi.areas.web import access as access_pages

        access_pages.register_seams()
