from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class DevicesConfig(AppConfig):
    name = "baomi.devices"
    label = "devices"
    verbose_name = gettext_lazy("Equipment")

    def ready(self) -> None:
        # --- the cockpit: figures, deadline subjects, accreditation evidence ---
        from baomi.devices.queries.figures import PROVIDER as DEVICE_FIGURES
        from baomi.seams.figures import FIGURE_PROVIDERS

        # The dashboard's and the annual report's figures of the equipment ledger (the
        # evidence is registered with the others below).
        FIGURE_PROVIDERS.register(DEVICE_FIGURES)

        from django.utils.translation import gettext_lazy as _

        from baomi.access.roles import Permission as P
        from baomi.audit.operation import subject_argument
        from baomi.devices.queries.ledger import kept_items
        from baomi.devices.web import home, panels, sentences, subjects
        from baomi.org import holdings
        from baomi.seams.approvals import (
            APPROVAL_OPERATIONS,
            SUBJECT_KINDS,
            ApprovalOperation,
            SubjectKind,
        )
        from baomi.seams.navigation import NAVIGATION, NavItem
        from baomi.seams.panels import HANDOVER, PANELS, Panel

        # HANDOVER: a person who still keeps equipment cannot be marked as left.
        holdings.register(kept_items)
        # A refusal about an asset (a computer a medium was used on, too) is in its history.
        subject_argument("asset_id", "devices.asset")
        subject_argument("computer_id", "devices.asset")

        NAVIGATION.register(
            NavItem(
                "devices",
                _("Equipment ledger"),
                (P.MANAGE_DEVICES,),
                order=110,
                count=home.alert_count,
            )
        )
        # A person's hand-over page lists the equipment they keep (HANDOVER, DEV-LEDGER).
        PANELS.register(
            Panel(
                "devices.handover_equipment",
                "devices/panels/handover_equipment.html",
                panels.handover_equipment,
                place=HANDOVER,
            )
        )
        # What the equipment's approval requests are about, and the operations they approve.
        SUBJECT_KINDS.register(SubjectKind("devices.asset", subjects.asset))
        APPROVAL_OPERATIONS.register(
            ApprovalOperation(
                "sanitise",
                _("Sanitise a medium that held classified data"),
                ("MEDIA-TAINT",),
                sentences.sanitise,
            ),
            ApprovalOperation(
                "repair", _("Send equipment to repair"), ("DEV-REPAIR",), sentences.repair
            ),
            ApprovalOperation(
                "lend_asset", _("Lend equipment outside"), ("DEV-LEND",), sentences.lend_asset
            ),
            ApprovalOperation(
                "dispose_assets",
                _("Scrap or destroy equipment"),
                ("DESTROY-APPROVE",),
                sentences.dispose_assets,
            ),
            ApprovalOperation(
                "standalone",
                _("Process classified data on a standalone computer"),
                ("DEV-STANDALONE",),
                sentences.standalone,
            ),
        )
        # The home page: the disposals waiting for my signature (DESTROY-WITNESS), what I
        # keep, the security office's alerts.
        PANELS.register(
            Panel(
                "disposals_to_sign",
                "devices/panels/to_sign.html",
                home.to_witness,
                order=6,
                count=home.to_witness_count,
            ),
            Panel("equipment", "devices/panels/equipment.html", home.equipment, order=40),
            Panel("device_alerts", "devices/panels/alerts.html", home.alerts, order=45),
        )

        from django.urls import reverse
        from django.utils.http import urlencode

        from baomi.access.roles import has_permission
        from baomi.core.exports import EXPORTERS
        from baomi.seams.registers import REGISTER_ENTRIES, RegisterEntry

        def ledger_exports() -> list[tuple[str, str]]:
            """(format, link) of each export of the whole equipment ledger."""
            ledger = reverse("devices")
            return [(f, f"{ledger}?{urlencode({'format': f})}") for f in EXPORTERS]

        # The registers index leads those who keep the ledger to it and its exports
        # (DEV-LEDGER).
        REGISTER_ENTRIES.register(
            RegisterEntry(
                key="devices",
                title=_("Equipment ledger"),
                url=lambda: reverse("devices"),
                rules=("DEV-LEDGER",),
                shown=lambda actor: has_permission(actor, P.MANAGE_DEVICES),
                kind="ledger",
                exports=ledger_exports,
                order=1000,
            )
        )

        # The demo's equipment and its care.
        from baomi.devices import demo
        from baomi.seams.demo import DEMO_BUILDERS, DemoBuilder

        DEMO_BUILDERS.register(DemoBuilder("devices", demo.build, order=40))

        # DEV-BACKUP's deadlines.
        from baomi.devices.deadlines import PROVIDERS
        from baomi.seams.deadlines import DEADLINE_PROVIDERS

        DEADLINE_PROVIDERS.register(*PROVIDERS)

        # Equipment in the global search (by number or serial, as the ledger shows it).
        from baomi.devices import search
        from baomi.seams.search import SEARCH_PROVIDERS, SearchProvider

        SEARCH_PROVIDERS.register(
            SearchProvider("assets", _("Equipment ledger"), search.assets, order=20)
        )

        # The ledger's answers to the self-inspection checklist (INSP-CHECKLIST).
        from baomi.devices.queries.evidence import PROVIDERS as EVIDENCE
        from baomi.seams.evidence import EVIDENCE_PROVIDERS

        EVIDENCE_PROVIDERS.register(*EVIDENCE)
