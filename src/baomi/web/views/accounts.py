"""Accounts (system administrator): create with role and person, unlock, reset, deactivate."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from baomi.accounts import operations, queries
from baomi.web.forms import AccountForm, PasswordForm
from baomi.web.shortcuts import cleaned, done, page


@page("accounts")
def account_list(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        data = cleaned(AccountForm(request.POST, actor=request.user))
        made = operations.create_account(
            actor=request.user,
            username=data["username"],
            role=data["role"],
            password=data["password"],
            person_id=data["person"],
        )
        return done(
            request, _("Account %(name)s created.") % {"name": made.username}, reverse("accounts")
        )
    return render(
        request,
        "web/accounts.html",
        {
            "accounts": queries.accounts(request.user),
            "form": AccountForm(actor=request.user),
            "now": timezone.now(),
        },
    )


@require_POST
@page("accounts")
def account_unlock(request: HttpRequest, account_id: int) -> HttpResponse:
    changed = operations.unlock_account(actor=request.user, account_id=account_id)
    return done(
        request, _("Account %(name)s unlocked.") % {"name": changed.username}, reverse("accounts")
    )


@require_POST
@page("accounts")
def account_password(request: HttpRequest, account_id: int) -> HttpResponse:
    data = cleaned(PasswordForm(request.POST))
    changed = operations.set_password(
        actor=request.user, account_id=account_id, password=data["password"]
    )
    return done(
        request, _("Password of %(name)s reset.") % {"name": changed.username}, reverse("accounts")
    )


@require_POST
@page("accounts")
def account_deactivate(request: HttpRequest, account_id: int) -> HttpResponse:
    changed = operations.deactivate_account(actor=request.user, account_id=account_id)
    return done(
        request,
        _("Account %(name)s deactivated.") % {"name": changed.username},
        reverse("accounts"),
    )
