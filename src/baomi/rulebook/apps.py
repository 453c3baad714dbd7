from django.apps import AppConfig


class RulebookConfig(AppConfig):
    name = "baomi.rulebook"
    label = "rulebook"
