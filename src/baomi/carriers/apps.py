from django.apps import AppConfig


class CarriersConfig(AppConfig):
    name = "baomi.carriers"
    label = "carriers"

    def ready(self) -> None:
        from baomi.audit.operation import subject_argument
        from baomi.carriers.queries.lifecycle import held_items
        from baomi.org import holdings
        from baomi.org import queries as org_queries
        from baomi.rulebook import ranks

        # HANDOVER: a person who still holds or keeps a copy cannot be marked as left.
        holdings.register(held_items)
        # A refusal about a copy or a document is listed in its history.
        subject_argument("copy_id", "carriers.copy")
        subject_argument("document_id", "carriers.document")
        # CLS-SCOPE-RANK: the rank floors of the rulebook name the organisation's ranks.
        ranks.register(lambda actor: dict(org_queries.ranks(actor).values_list("key", "seniority")))
