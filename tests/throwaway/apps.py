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
            Panel("throwaway", "throwaway/panel.html", lambda actor: {"keys": 3}, order=5)
        )
        SUBJECT_KINDS.register(
            SubjectKind("throwaway.key", lambda actor, pk: Subject(f"key {pk}", None, "#"))
        )
        APPROVAL_OPERATIONS.register(
            ApprovalOperation(
                "borrow_key",
                _("Borrow a key"),
                ("DRAFT-CHAIN",),
                lambda actor, params: f"{params.get('times', 0)} loans",
            )
        )
        DEADLINE_PROVIDERS.register(
            DeadlineProvider(
                "KEY-CHECK",
                lambda org, moment: [
                    Deadline("KEY-CHECK", "throwaway.key", 1, moment - datetime.timedelta(1))
                ],
            )
        )
        REGISTER_ENTRIES.register(
            RegisterEntry(
                key="keys",
                title=_("Key register"),
                url=lambda: reverse("throwaway"),
                rules=("AREA-ACCESS",),
                shown=lambda actor: has_permission(actor, P.REGISTER_ITEMS),
                kind="ledger",
            )
        )
        SEARCH_PROVIDERS.register(
            SearchProvider(
                "keys",
                _("Seals"),
                lambda actor, text, limit: [Hit(f"key {text}", reverse("throwaway"))],
            )
        )

        def build(demo):
            demo.parts["keys"] = ["档案室钥匙", "文印室钥匙"]

        DEMO_BUILDERS.register(DemoBuilder("keys", build, order=10_000))
