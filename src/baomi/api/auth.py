"""The two ways to authenticate to the API, both accepted on every route: a bearer token
(``Authorization: Bearer bm_…``, for scripts) and the browser's Django session."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja.errors import AuthenticationError, HttpError
from ninja.security import HttpBearer
from ninja.security import SessionAuth as NinjaSessionAuth

from baomi.accounts.queries import account_for_token
from baomi.core.errors import AccessDenied

# What an account whose password was set by someone else may still do (AUTH-PASSWORD).
PASSWORD_CHANGE_PATHS = ("/api/v1/me", "/api/v1/me/password")


def _usable(request: HttpRequest, account: Any) -> Any:
    """The account, unless its password is one-time and the request is not changing it
    (AUTH-PASSWORD: such an account can do nothing else)."""
    if (
        account is not None
        and getattr(account, "password_must_change", False)
        and request.path.rstrip("/") not in PASSWORD_CHANGE_PATHS
    ):
        raise AccessDenied(_("Change your password first (AUTH-PASSWORD)."))
    return account


class BearerToken(HttpBearer):
    """An API token of an active, unlocked account. A token that is sent but unknown, revoked,
    of a deactivated or of a locked account is refused (401) even beside a session cookie: a
    script never runs silently as someone else."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        account = account_for_token(token)
        if account is None:
            raise AuthenticationError()
        return _usable(request, account)


class SessionAuth(NinjaSessionAuth):
    """The logged-in session of the web pages. Unsafe methods (POST, PUT, …) must carry the
    CSRF token in the ``X-CSRFToken`` header, as Django's forms do."""

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        return _usable(request, super().authenticate(request, key))

    def _get_key(self, request: HttpRequest) -> str | None:
        try:
            return super()._get_key(request)
        except HttpError:
            raise AccessDenied(
                _("CSRF check failed: send the CSRF token in the X-CSRFToken header.")
            ) from None
