from django.apps import AppConfig


class DevicesConfig(AppConfig):
    name = "baomi.devices"
    label = "devices"

    def ready(self) -> None:
        from baomi.devices.queries.ledger import kept_items
        from baomi.org import holdings

        # HANDOVER: a person who still keeps equipment cannot be marked as left.
        holdings.register(kept_items)
