"""Logging in and out (AUTH-LOCKOUT through LockoutBackend, AUTH-SESSION)."""

from __future__ import annotations

from django.contrib.auth import logout as auth_logout
from django.contrib.auth.views import LoginView
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.views.decorators.http import require_POST

from baomi.accounts.middleware import LOGIN_AT
from baomi.accounts.operations import record_logout
from baomi.web.forms import LoginForm


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
