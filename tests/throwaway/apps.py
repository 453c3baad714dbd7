import datetime

from django.apps import AppConfig


class ThrowawayConfig(AppConfig):
    name = "tests.throwaway"
    label = "throwaway"
    baomi_domain = True  # packaged outside baomi: its urls and api are ours to mount

    def ready(self) -> None:
        from django.urls import reverse
        from django.utils.translation import gettext_lazy as _

        from baomi.access.roles import Permission as P
        from baomi.access.roles import has_permission
        from baomi.seams.approvals import (
            APPROVAL_OPERATIONS,
            SUBJECT_KINDS,
            ApprovalOperation,
            Subject,
            SubjectKind,
        )
        from baomi.seams.deadlines import DEADLINE_PROVIDERS, Deadline, DeadlineProvider
        from baomi.seams.demo import DEMO_BUILDERS, DemoBuilder
        from baomi.seams.navigation import NAVIGATION, NavItem
        from baomi.seams.panels import PANELS, Panel
        from baomi.seams.registers import REGISTER_ENTRIES, RegisterEntry
        from baomi.seams.search import SEARCH_PROVIDERS, Hit, SearchProvider

        NAVIGATION.register(NavItem("throwaway", _("Seals"), (P.KNOW_ITEMS,), order=65))
        PANELS.register(
            Panel("throwaway", "throwaway/panel.html", lambda actor: {"seals": 3}, order=5)
        )
        SUBJECT_KINDS.register(
            SubjectKind("throwaway.seal", lambda actor, pk: Subject(f"seal {pk}", None, "#"))
        )
        APPROVAL_OPERATIONS.register(
            ApprovalOperation(
                "use_seal",
                _("Use a seal"),
                ("DRAFT-CHAIN",),
                lambda actor, params: f"{params.get('times', 0)} impressions",
            )
        )
        DEADLINE_PROVIDERS.register(
            DeadlineProvider(
                "SEAL-CHECK",
                lambda org, moment: [
                    Deadline("SEAL-CHECK", "throwaway.seal", 1, moment - datetime.timedelta(1))
                ],
            )
        )
        REGISTER_ENTRIES.register(
            RegisterEntry(
                key="seals",
                title=_("Seal register"),
                url=lambda: reverse("throwaway"),
                rules=("SEAL-LOG",),
                shown=lambda actor: has_permission(actor, P.REGISTER_ITEMS),
                kind="ledger",
            )
        )
        SEARCH_PROVIDERS.register(
            SearchProvider(
                "seals",
                _("Seals"),
                lambda actor, text, limit: [Hit(f"seal {text}", reverse("throwaway"))],
            )
        )

        def build(demo):
            demo.parts["seals"] = ["公章", "合同专用章"]

        DEMO_BUILDERS.register(DemoBuilder("seals", build, order=10_000))
