"""Django authentication backend applying AUTH-LOCKOUT through ``attempt_login``."""

from typing import Any

from django.contrib.auth.backends import BaseBackend

from baomi.accounts.models import Account
from baomi.accounts.operations import attempt_login


class LockoutBackend(BaseBackend):
    def authenticate(
        self, request: Any, username: str | None = None, password: str | None = None, **kw: Any
    ) -> Account | None:
        if username is None or password is None:
            return None
        return attempt_login(username=username, password=password)

    def get_user(self, user_id: int) -> Account | None:
        return (
            Account.objects.select_related("person__department", "person__rank")
            .filter(pk=user_id, is_active=True)
            .first()
        )
