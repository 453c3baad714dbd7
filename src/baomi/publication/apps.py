from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class PublicationConfig(AppConfig):
    name = "baomi.publication"
    label = "publication"
    verbose_name = gettext_lazy("Publication review")

    def ready(self) -> None:
        # --- the cockpit: figures, deadline subjects, accreditation evidence ---
        from baomi.publication.queries import evidence as publication_evidence
        from baomi.publication.queries import figures as publication_figures
        from baomi.seams.evidence import EVIDENCE_PROVIDERS
        from baomi.seams.figures import FIGURE_PROVIDERS

        FIGURE_PROVIDERS.register(publication_figures.PROVIDER)
        EVIDENCE_PROVIDERS.register(*publication_evidence.PROVIDERS)
        from baomi.publication import demo
        from baomi.publication.deadlines import PROVIDERS
        from baomi.seams.deadlines import DEADLINE_PROVIDERS
        from baomi.seams.demo import DEMO_BUILDERS, DemoBuilder

        DEADLINE_PROVIDERS.register(*PROVIDERS)
        DEMO_BUILDERS.register(DemoBuilder("publication", demo.build, order=53))
        # --- publication review (PUB-REVIEW) ---
        from baomi.access.roles import Permission
        from baomi.audit.operation import subject_argument
        from baomi.publication.web import review as review_web
        from baomi.seams import approvals as approval_seam
        from baomi.seams import registers as register_seam
        from baomi.seams.navigation import NAVIGATION, NavItem

        # One entry for the secrecy review: everyone who may ask for approvals submits and sees
        # their own; the reviewers (REVIEW_PUBLICATIONS) also the queue, counted in the badge.
        NAVIGATION.register(
            NavItem(
                "publication",
                gettext_lazy("Secrecy review"),
                (Permission.REQUEST_APPROVAL, Permission.REVIEW_PUBLICATIONS),
                order=74,
                count=review_web.pending_count,
            )
        )
        # A submission is the subject of its release approval, pinned to the version's hash.
        approval_seam.SUBJECT_KINDS.register(
            approval_seam.SubjectKind("publication.submission", review_web.subject)
        )
        approval_seam.APPROVAL_OPERATIONS.register(
            approval_seam.ApprovalOperation(
                "publication.release",
                gettext_lazy("Release reviewed material"),
                ("PUB-REVIEW",),
                review_web.sentence,
            )
        )
        subject_argument("submission_id", "publication.submission")
        subject_argument("version_id", "publication.version")
        # 保密审查登记表 in the registers index, exported from the review page.
        register_seam.REGISTER_ENTRIES.register(
            register_seam.RegisterEntry(
                key="publication_reviews",
                title=gettext_lazy("Secrecy review register"),
                url=review_web.register_url,
                rules=("PUB-REVIEW",),
                shown=review_web.reviews,
                kind="ledger",
                exports=review_web.register_exports,
                order=900,
            )
        )
        # --- foreign press and visits (PRESS-FOREIGN) ---
        from baomi.publication.web import foreign as foreign_web

        approval_seam.SUBJECT_KINDS.register(
            approval_seam.SubjectKind("publication.foreignrequest", foreign_web.subject)
        )
        approval_seam.APPROVAL_OPERATIONS.register(
            approval_seam.ApprovalOperation(
                "publication.foreign",
                gettext_lazy("Foreign interview or visit"),
                ("PRESS-FOREIGN",),
                foreign_web.sentence,
            )
        )
        subject_argument("foreign_id", "publication.foreignrequest")
        register_seam.REGISTER_ENTRIES.register(
            register_seam.RegisterEntry(
                key="foreign_requests",
                title=gettext_lazy("Register of foreign press and visits"),
                url=foreign_web.register_url,
                rules=("PRESS-FOREIGN",),
                shown=review_web.reviews,
                kind="ledger",
                exports=foreign_web.register_exports,
                order=901,
            )
        )
