from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class AccountsConfig(AppConfig):
    name = "baomi.accounts"
    label = "accounts"
    verbose_name = gettext_lazy("Accounts")

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy as _

        from baomi.access.roles import Permission as P
        from baomi.accounts.operations import close_accounts
        from baomi.accounts.web import home
        from baomi.audit.operation import subject_argument
        from baomi.org import leaving
        from baomi.seams.navigation import NAVIGATION, NavItem
        from baomi.seams.panels import PANELS, Panel

        # A refusal about an account, a change of an administrator or a token is listed in
        # its history.
        subject_argument("account_id", "accounts.account")
        subject_argument("change_id", "accounts.adminchange")
        subject_argument("token_id", "accounts.apitoken")
        # A person who leaves loses their logins in the same transaction.
        leaving.register(close_accounts)

        NAVIGATION.register(
            NavItem(
                "accounts",
                _("Accounts"),
                (P.MANAGE_ACCOUNTS, P.UNLOCK_ACCOUNTS, P.GRANT_ROLES, P.AGREE_ADMIN_CHANGE),
                order=130,
                count=home.pending_count,
            )
        )
        PANELS.register(
            Panel(
                "admin_changes", "accounts/panels/admin_changes.html", home.admin_changes, order=65
            ),
            Panel("locked", "accounts/panels/locked.html", home.locked, order=70),
            Panel("accounts_work", "accounts/panels/work.html", home.accounts_work, order=75),
        )

        # Tokens and accounts are read once per process (account_for_token): any change of
        # either is seen on the next request, in every process (core.refdata). A login's
        # ``last_login`` alone changes nothing the token check reads.
        from baomi.accounts.models import Account, ApiToken
        from baomi.core import refdata

        def accounts(_item, fields):  # type: ignore[no-untyped-def]
            if fields is not None and set(fields) <= {"last_login"}:
                return []
            return [(refdata.INSTALLATION, refdata.ACCOUNTS)]

        refdata.watch(Account, accounts)
        refdata.watch(ApiToken, accounts)

        # The demo's logins, once its people exist.
        from baomi.accounts import demo
        from baomi.seams.demo import DEMO_BUILDERS, DemoBuilder

        DEMO_BUILDERS.register(DemoBuilder("accounts", demo.build, order=20))
