"""Logging in and out (AUTH-LOCKOUT through LockoutBackend, AUTH-SESSION)."""

from __future__ import annotations

from django.contrib.auth import logout as auth_logout
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.views import LoginView
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from baomi.accounts import queries as account_queries
from baomi.accounts.middleware import LOGIN_AT
from baomi.accounts.operations import change_own_password, record_logout, revoke_token
from baomi.kit.pages import cleaned, done, page
from baomi.web.forms import LoginForm, OwnPasswordForm


class Login(LoginView):
    """Django's login page over LockoutBackend: every failure gets the same message."""

    template_name = "web/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def form_valid(self, form: LoginForm) -> HttpResponse:
        response = super().form_valid(form)
        # AUTH-SESSION counts the session's absolute limit from here.
        self.request.session[LOGIN_AT] = timezone.now().timestamp()
        return response


@require_POST
def logout(request: HttpRequest) -> HttpResponse:
    """End the session and record it (POST only: a link must not log anyone out)."""
    if request.user.is_authenticated:
        record_logout(actor=request.user)
        auth_logout(request)
    return redirect("login")


@page("home")
def own_password(request: HttpRequest) -> HttpResponse:
    """Everyone changes their own password here (the current one first)."""
    if request.method == "POST":
        data = cleaned(OwnPasswordForm(request.POST))
        account = change_own_password(
            actor=request.user,
            current_password=data["current_password"],
            new_password=data["new_password"],
        )
        update_session_auth_hash(request, account)  # stay signed in with the new password
        return done(request, _("Your password has been changed."), reverse("home"))
    return render(
        request,
        "web/password.html",
        {"form": OwnPasswordForm(), "tokens": account_queries.tokens(request.user)},
    )


@require_POST
@page("home")
def token_revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    """Revoke one of one's own API tokens."""
    revoked = revoke_token(actor=request.user, token_id=token_id)
    return done(
        request,
        _("Token bm_%(prefix)s_… revoked.") % {"prefix": revoked.prefix},
        reverse("own_password"),
    )
