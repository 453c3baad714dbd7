from django.apps import AppConfig


class DevicesConfig(AppConfig):
    name = "baomi.devices"
    label = "devices"
