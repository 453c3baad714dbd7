"""AUTH-SESSION: an idle session ends after ``idle_minutes``, every session after
``max_hours``. The idle limit is the session's server-side expiry, renewed per request."""

from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import Resolver404, resolve
from django.utils import timezone

from baomi.accounts.operations import record_logout
from baomi.rulebook import book

LOGIN_AT = "baomi_login_at"


class SessionLifetimeMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if user.is_authenticated and getattr(request, "session", None) is not None:
            org = user.person.organisation_id if user.person_id else None
            policy = book.effective(org, "AUTH-SESSION").params
            now = timezone.now().timestamp()
            started = request.session.setdefault(LOGIN_AT, now)
            if now - started > policy["max_hours"] * 3600:
                record_logout(actor=user, expired=True)
                logout(request)
                if request.path.startswith("/api/"):
                    return self.get_response(request)
                return redirect("login")
            request.session.set_expiry(policy["idle_minutes"] * 60)
        return self.get_response(request)


# The pages an account with a one-time password may open: changing it, leaving, the language.
PASSWORD_CHANGE_PAGES = frozenset({"own_password", "logout", "set_language"})


class PasswordChangeMiddleware:
    """AUTH-PASSWORD: an account whose password was set by someone else sees nothing but the
    page where its holder changes it (the API refuses it the same way, in ``baomi.api.auth``).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            user.is_authenticated
            and getattr(user, "password_must_change", False)
            and not request.path.startswith(("/api/", settings.STATIC_URL))
            and _url_name(request.path) not in PASSWORD_CHANGE_PAGES
        ):
            return redirect("own_password")
        return self.get_response(request)


def _url_name(path: str) -> str | None:
    try:
        return resolve(path).url_name
    except Resolver404:
        return None
