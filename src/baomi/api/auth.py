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


class BearerToken(HttpBearer):
    """An API token of an active account. A token that is sent but unknown, revoked or of a
    deactivated account is refused (401) even beside a session cookie: a script never runs
    silently as someone else."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        account = account_for_token(token)
        if account is None:
            raise AuthenticationError()
        return account


class SessionAuth(NinjaSessionAuth):
    """The logged-in session of the web pages. Unsafe methods (POST, PUT, …) must carry the
    CSRF token in the ``X-CSRFToken`` header, as Django's forms do."""

    def _get_key(self, request: HttpRequest) -> str | None:
        try:
            return super()._get_key(request)
        except HttpError:
            raise AccessDenied(
                _("CSRF check failed: send the CSRF token in the X-CSRFToken header.")
            ) from None
