from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class SealsConfig(AppConfig):
    name = "baomi.seals"
    label = "seals"
    verbose_name = gettext_lazy("Seals")

    def ready(self) -> None:
        # --- the cockpit: figures, deadline subjects, accreditation evidence ---
        from baomi.seals.queries import evidence as seal_evidence
        from baomi.seals.queries import figures as seal_figures
        from baomi.seals.web import subjects as seal_subjects
        from baomi.seams.approvals import SUBJECT_KINDS, SubjectKind
        from baomi.seams.evidence import EVIDENCE_PROVIDERS
        from baomi.seams.figures import FIGURE_PROVIDERS

        FIGURE_PROVIDERS.register(seal_figures.PROVIDER)
        SUBJECT_KINDS.register(SubjectKind("seals.sealtakeout", seal_subjects.take_out))
        EVIDENCE_PROVIDERS.register(*seal_evidence.PROVIDERS)
        from baomi.seals import demo
        from baomi.seals.deadlines import PROVIDERS
        from baomi.seams.deadlines import DEADLINE_PROVIDERS
        from baomi.seams.demo import DEMO_BUILDERS, DemoBuilder

        DEADLINE_PROVIDERS.register(*PROVIDERS)
        DEMO_BUILDERS.register(DemoBuilder("seals", demo.build, order=52))
        # --- seals, their use, taking out and locking away (SEAL-LOG) ---
        self._seals()

    def _seals(self) -> None:
        """SEAL-LOG: the menu entry (everyone who may ask for approvals: the office its
        register, a keeper their seals, everyone their requests), the keeper's home panel,
        the two approval operations about a seal, the 用印登记簿 in the registers index, the
        holdings that keep a keeper or a person with a seal out from leaving, and the
        refusals' subjects."""
        from baomi.access.roles import Permission
        from baomi.audit.operation import subject_argument
        from baomi.org import holdings
        from baomi.seals.queries.seals import kept_seals
        from baomi.seals.web import seals as web
        from baomi.seams import approvals as approval_seam
        from baomi.seams.navigation import NAVIGATION, NavItem
        from baomi.seams.panels import HOME, PANELS, Panel
        from baomi.seams.registers import REGISTER_ENTRIES, RegisterEntry

        NAVIGATION.register(
            NavItem(
                "seals",
                gettext_lazy("Seals"),
                (Permission.REQUEST_APPROVAL,),
                order=86,
                count=web.keeper_count,
            )
        )
        PANELS.register(
            Panel(
                "seals.mine",
                "seals/seals/panel_mine.html",
                web.my_seals,
                place=HOME,
                order=12,
                count=web.my_seals_count,
            )
        )
        approval_seam.SUBJECT_KINDS.register(approval_seam.SubjectKind("seals.seal", web.subject))
        approval_seam.APPROVAL_OPERATIONS.register(
            approval_seam.ApprovalOperation(
                "seals.use", gettext_lazy("Use of a seal"), ("SEAL-LOG",), web.use_sentence
            ),
            approval_seam.ApprovalOperation(
                "seals.take_out",
                gettext_lazy("Taking a seal out"),
                ("SEAL-LOG",),
                web.take_out_sentence,
            ),
        )
        REGISTER_ENTRIES.register(
            RegisterEntry(
                key="seal_uses",
                title=gettext_lazy("Seal use register"),
                url=web.register_url,
                rules=("SEAL-LOG",),
                shown=web.register_shown,
                exports=web.register_exports,
                order=860,
            )
        )
        # A keeper of a seal in use, or a person with a seal out, is not marked as left.
        holdings.register(kept_seals)
        subject_argument("seal_id", "seals.seal")
        subject_argument("use_id", "seals.sealuse")
        subject_argument("take_out_id", "seals.sealtakeout")
