from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "baomi.accounts"
    label = "accounts"
