"""Accounts (三员分立): the system administrator creates staff accounts, unlocks, resets and
deactivates; the security officer grants roles; the three administrators agree to each other's
changes of administrators (ADMIN-DUAL)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from baomi.access.roles import Permission, has_permission
from baomi.accounts import operations, queries
from baomi.accounts.models import AdminChange
from baomi.accounts.web.forms import AccountForm, PasswordForm, RoleForm
from baomi.kit.pages import cleaned, done, page


@page("accounts")
def account_list(request: HttpRequest) -> HttpResponse:
    actor = request.user
    if request.method == "POST":
        data = cleaned(AccountForm(request.POST, actor=actor))
        made = operations.create_account(
            actor=actor,
            username=data["username"],
            password=data["password"],
            person_id=data["person"],
        )
        return done(
            request, _("Account %(name)s created.") % {"name": made.username}, reverse("accounts")
        )
    manages = has_permission(actor, Permission.MANAGE_ACCOUNTS)
    grants = has_permission(actor, Permission.GRANT_ROLES)
    agrees = has_permission(actor, Permission.AGREE_ADMIN_CHANGE)
    return render(
        request,
        "accounts/accounts.html",
        {
            "accounts": queries.accounts(actor) if manages or grants else [],
            "form": AccountForm(actor=actor) if manages else None,
            "role_form": RoleForm() if grants else None,
            "manages": manages,
            "changes": queries.pending_admin_changes(actor) if agrees else [],
            "now": timezone.now(),
        },
    )


def _changed(request: HttpRequest, result: Any, message: str) -> HttpResponse:
    """The answer to a change that is done, or that waits for a second administrator."""
    if isinstance(result, AdminChange):
        message = _(
            "The change of %(name)s awaits a second administrator's agreement (ADMIN-DUAL)."
        ) % {"name": result.account.username}
    return done(request, message, reverse("accounts"))


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
    result = operations.set_password(
        actor=request.user, account_id=account_id, password=data["password"]
    )
    return _changed(
        request,
        result,
        _("Password of %(name)s reset: it is one-time and must be changed at the next login.")
        % {"name": getattr(result, "username", "")},
    )


@require_POST
@page("accounts")
def account_role(request: HttpRequest, account_id: int) -> HttpResponse:
    data = cleaned(RoleForm(request.POST))
    result = operations.change_role(actor=request.user, account_id=account_id, role=data["role"])
    return _changed(
        request,
        result,
        _("Role of %(name)s changed.") % {"name": getattr(result, "username", "")},
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


@require_POST
@page("accounts")
def change_agree(request: HttpRequest, change_id: int) -> HttpResponse:
    changed = operations.agree_admin_change(actor=request.user, change_id=change_id)
    return done(
        request,
        _("Change of %(name)s agreed and carried out.") % {"name": changed.username},
        reverse("accounts"),
    )


@require_POST
@page("accounts")
def change_refuse(request: HttpRequest, change_id: int) -> HttpResponse:
    operations.refuse_admin_change(actor=request.user, change_id=change_id)
    return done(request, _("Change refused."), reverse("accounts"))
