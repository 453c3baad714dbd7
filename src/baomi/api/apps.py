from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "baomi.api"
    label = "api"
