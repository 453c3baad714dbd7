from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "baomi.web"
    label = "web"
