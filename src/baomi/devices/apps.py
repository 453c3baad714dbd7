from django.apps import AppConfig


class DevicesConfig(AppConfig):
    name = "baomi.devices"
    label = "devices"

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy as _

        from baomi.access.roles import Permission as P
        from baomi.audit.operation import subject_argument
        from baomi.devices.queries.ledger import kept_items
        from baomi.devices.web import subjects
        from baomi.org import holdings
        from baomi.seams.approvals import (
            APPROVAL_OPERATIONS,
            SUBJECT_KINDS,
            ApprovalOperation,
            SubjectKind,
        )
        from baomi.seams.navigation import NAVIGATION, NavItem

        # HANDOVER: a person who still keeps equipment cannot be marked as left.
        holdings.register(kept_items)
        # A refusal about an asset (a computer a medium was used on, too) is in its history.
        subject_argument("asset_id", "devices.asset")
        subject_argument("computer_id", "devices.asset")

        NAVIGATION.register(
            NavItem("devices", _("Equipment ledger"), (P.MANAGE_DEVICES,), order=110)
        )
        # What the equipment's approval requests are about, and the operations they approve.
        SUBJECT_KINDS.register(SubjectKind("devices.asset", subjects.asset))
        APPROVAL_OPERATIONS.register(
            ApprovalOperation(
                "sanitise", _("Sanitise a medium that held classified data"), ("MEDIA-TAINT",)
            ),
            ApprovalOperation("repair", _("Send equipment to repair"), ("DEV-REPAIR",)),
            ApprovalOperation("lend_asset", _("Lend equipment outside"), ("DEV-LEND",)),
            ApprovalOperation(
                "dispose_assets", _("Scrap or destroy equipment"), ("DESTROY-APPROVE",)
            ),
            ApprovalOperation(
                "standalone",
                _("Process classified data on a standalone computer"),
                ("DEV-STANDALONE",),
            ),
        )
