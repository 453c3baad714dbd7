from django.apps import AppConfig


class DevicesConfig(AppConfig):
    name = "baomi.devices"
    label = "devices"

    def ready(self) -> None:
        from baomi.audit.operation import subject_argument
        from baomi.devices.queries.ledger import kept_items
        from baomi.org import holdings

        # HANDOVER: a person who still keeps equipment cannot be marked as left.
        holdings.register(kept_items)
        # A refusal about an asset (a computer a medium was used on, too) is in its history.
        subject_argument("asset_id", "devices.asset")
        subject_argument("computer_id", "devices.asset")
