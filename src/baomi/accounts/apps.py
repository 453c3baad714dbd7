from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "baomi.accounts"
    label = "accounts"

    def ready(self) -> None:
        from baomi.accounts.operations import close_accounts
        from baomi.audit.operation import subject_argument
        from baomi.org import leaving

        # A refusal about an account, a change of an administrator or a token is listed in
        # its history.
        subject_argument("account_id", "accounts.account")
        subject_argument("change_id", "accounts.adminchange")
        subject_argument("token_id", "accounts.apitoken")
        # A person who leaves loses their logins in the same transaction.
        leaving.register(close_accounts)
