from django.apps import AppConfig


class CarriersConfig(AppConfig):
    name = "baomi.carriers"
    label = "carriers"

    def ready(self) -> None:
        from baomi.carriers.queries.lifecycle import held_items
        from baomi.org import holdings

        # HANDOVER: a person who still holds or keeps a copy cannot be marked as left.
        holdings.register(held_items)
