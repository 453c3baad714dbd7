"""The approvals inbox and "my requests" (JOURNEYS §4): approve or reject in one click."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from baomi.access.roles import Permission, has_permission
from baomi.approvals import operations, queries
from baomi.approvals.models import ApprovalRequest, State
from baomi.approvals.web.forms import ApproveManyForm, DecideForm
from baomi.kit.pages import cleaned, done, is_htmx, page
from baomi.seams.approvals import describe, operation_label, parameters_sentence


def _decides(actor: Any) -> bool:
    return has_permission(actor, Permission.DECIDE_APPROVAL)


def _row(actor: Any, request: ApprovalRequest) -> dict[str, Any]:
    return {
        "request": request,
        "subject": describe(actor, request.subject_type, request.subject_id),
        "operation": operation_label(request.operation),
        "sentence": parameters_sentence(actor, request.operation, request.params),
        "withdrawable": request.state in (State.PENDING, State.GRANTED),
    }


@page("approvals")
def approval_list(request: HttpRequest) -> HttpResponse:
    actor = request.user
    inbox = [_row(actor, r) for r in queries.awaiting(actor)] if _decides(actor) else None
    mine = [_row(actor, r) for r in queries.mine(actor)[:100]]
    return render(request, "approvals/approvals.html", {"inbox": inbox, "mine": mine})


@require_POST
@page("approvals", _decides)
def approval_decide(request: HttpRequest, request_id: int) -> HttpResponse:
    data = cleaned(DecideForm(request.POST))
    approve = data["decision"] == "approve"
    decided = operations.decide(
        actor=request.user, request_id=request_id, approve=approve, comment=data["comment"]
    )
    message = _("Approved.") if approve else _("Rejected.")
    if is_htmx(request):
        return render(
            request,
            "approvals/decided_row.html",
            {"row": _row(request.user, decided), "message": message},
        )
    return done(request, message, reverse("approvals"))


@require_POST
@page("approvals", _decides)
def approvals_approve_many(request: HttpRequest) -> HttpResponse:
    """ "Approve selected": each ticked request decided on its own; what went through and
    what was refused, with its reason, reported request by request."""
    data = cleaned(ApproveManyForm(request.POST))
    outcomes = operations.approve_many(
        actor=request.user, request_ids=data["request_ids"], comment=data["comment"]
    )
    for outcome in outcomes:
        if outcome.request is not None:
            messages.success(
                request,
                _("Request %(id)d (%(operation)s) approved.")
                % {
                    "id": outcome.request_id,
                    "operation": operation_label(outcome.request.operation),
                },
            )
        else:
            rule = f"{outcome.rule_id}: " if outcome.rule_id else ""
            messages.error(
                request,
                _("Request %(id)d was not approved: %(reason)s")
                % {"id": outcome.request_id, "reason": rule + outcome.refusal},
            )
    response = redirect(reverse("approvals"))
    response.status_code = 303
    return response


@require_POST
@page("approvals")
def approval_withdraw(request: HttpRequest, request_id: int) -> HttpResponse:
    operations.withdraw(actor=request.user, request_id=request_id)
    return done(request, _("Request withdrawn."), reverse("approvals"))
