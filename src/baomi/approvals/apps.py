from django.apps import AppConfig


class ApprovalsConfig(AppConfig):
    name = "baomi.approvals"
    label = "approvals"
