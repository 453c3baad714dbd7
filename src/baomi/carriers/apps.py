from django.apps import AppConfig


class CarriersConfig(AppConfig):
    name = "baomi.carriers"
    label = "carriers"
