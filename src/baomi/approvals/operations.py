"""Requesting, deciding and using approvals. Domain operations call ``consume_approval``
(a helper inside their own transaction, not an operation of its own)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from itertools import takewhile
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from baomi.access.actor import Actor
from baomi.access.roles import Permission, require
from baomi.approvals import approvers
from baomi.approvals.models import ApprovalRequest, ApprovalStep, Decision, State
from baomi.approvals.queries import usable
from baomi.audit.actions import register_action
from baomi.audit.operation import operation
from baomi.audit.recorder import record_event
from baomi.core import rules
from baomi.core.errors import BaomiError, Conflict, InvalidInput, NotFound, RuleViolation
from baomi.org.models import Person
from baomi.rulebook import book
from baomi.seams.approvals import APPROVAL_OPERATIONS

REQUESTED = register_action("approvals.requested", gettext_lazy("Approval requested"))
APPROVED = register_action("approvals.approved", gettext_lazy("Approval step approved"))
REJECTED = register_action("approvals.rejected", gettext_lazy("Approval rejected"))
GRANTED = register_action("approvals.granted", gettext_lazy("Approval granted"))
WITHDRAWN = register_action("approvals.withdrawn", gettext_lazy("Approval withdrawn"))
CONSUMED = register_action("approvals.consumed", gettext_lazy("Approval used"))


def open_request(
    *,
    actor: Actor,
    rule_id: str,
    operation_name: str,
    subject: tuple[str, Any],
    params: dict[str, Any] | None = None,
    reason: str = "",
    explicit_approvers: dict[str, Person] | None = None,
    approver_param: str = "approvers",
    kinds: list[str] | None = None,
) -> ApprovalRequest:
    """Write a pending request whose approvers come from the rule's ``approver_param`` (or
    ``kinds``, a list the calling operation derived from it) and the org chart. Called inside
    a domain operation (which has checked the subject)."""
    require(actor, Permission.REQUEST_APPROVAL)
    rule = rules.get(rule_id)
    registered = APPROVAL_OPERATIONS.get(operation_name)
    if registered is None or rule.id not in registered.rules:
        # Only an operation some domain registered (with the rules it is asked under) can be
        # approved: a request nobody could ever use is refused, not left to expire.
        raise InvalidInput(
            _("No operation %(name)s is approved under %(rule)s.")
            % {"name": operation_name, "rule": rule.id},
            field="operation_name",
        )
    requester: Person = actor.person
    org = requester.organisation_id
    if not book.in_force(org, rule.id):
        raise InvalidInput(
            _("%(rule)s is switched off in this organisation: this needs no approval.")
            % {"rule": rule.id},
            field="rule_id",
        )
    settings = book.effective(org, rule.id).params
    wanted = settings[approver_param] if kinds is None else kinds
    steps = approvers.resolve(rule.id, wanted, requester, explicit_approvers)
    now = timezone.now()
    request = ApprovalRequest.objects.create(
        organisation_id=org,
        rule_id=rule.id,
        operation=operation_name,
        subject_type=subject[0],
        subject_id=str(subject[1]),
        params=params or {},
        reason=reason,
        requested_by=actor,
        requester=requester,
        created_at=now,
        expires_at=now + timedelta(days=settings.get("valid_days", 7)),
    )
    ApprovalStep.objects.bulk_create(
        ApprovalStep(request=request, order=i, approver_kind=kind, approver=person)
        for i, (kind, person) in enumerate(steps)
    )
    record_event(
        actor=actor,
        action=REQUESTED,
        subject=request,
        data={
            "rule": rule.id,
            "operation": operation_name,
            "subject": list(map(str, subject)),
            "approvers": [p.pk for _k, p in steps],
        },
    )
    return request


def withdraw_with(*, actor: Actor, request_id: int) -> ApprovalRequest | None:
    """Withdraw a pending or granted request because the domain item it is about was
    cancelled (by whoever the domain lets cancel it, not only the requester). Called inside
    the domain's operation, like ``consume_approval``; None when the request was already
    decided otherwise (refused, withdrawn, used, expired)."""
    request = ApprovalRequest.objects.select_for_update().filter(pk=request_id).first()
    if request is None or request.state not in (State.PENDING, State.GRANTED):
        return None
    request.state = State.WITHDRAWN
    request.save(update_fields=["state"])
    record_event(actor=actor, action=WITHDRAWN, subject=request)
    return request


def consume_approval(
    *,
    actor: Actor,
    rule_id: str,
    operation_name: str,
    subject: tuple[str, Any],
    params: dict[str, Any] | None = None,
) -> ApprovalRequest | None:
    """Use exactly one granted, matching, unexpired approval, or refuse with ``rule_id``;
    None (nothing needed) when the organisation has switched the rule off."""
    org = actor.person.organisation_id
    if not book.in_force(org, rule_id):
        return None
    chosen = next(iter(usable(org, operation_name, subject, params, lock=True)), None)
    book.require(
        org,
        rule_id,
        chosen is not None,
        _("This needs a granted approval (%(rule)s), and there is none unused and unexpired.")
        % {"rule": rule_id},
    )
    chosen.state = State.CONSUMED
    chosen.consumed_at = timezone.now()
    chosen.save(update_fields=["state", "consumed_at"])
    record_event(actor=actor, action=CONSUMED, subject=chosen, data={"rule": rule_id})
    return chosen


def _lock_request(actor: Actor, request_id: int) -> ApprovalRequest:
    org = getattr(actor.person, "organisation_id", None) if actor.person_id else None
    request = (
        ApprovalRequest.objects.select_for_update()
        .filter(pk=request_id, organisation_id=org)
        .first()
    )
    if request is None:
        raise NotFound(_("No such approval request."))
    return request


@operation
def decide(*, actor: Actor, request_id: int, approve: bool, comment: str = "") -> ApprovalRequest:
    """Approve or reject the step of a request that awaits the actor."""
    require(actor, Permission.DECIDE_APPROVAL)
    request = _lock_request(actor, request_id)
    steps = list(request.steps.order_by("order"))
    current = next((s for s in steps if s.decision == Decision.PENDING), None)
    if current is None or current.approver_id != actor.person_id:
        # Someone not (or not yet) asked sees nothing to decide.
        raise NotFound(_("No such approval request."))
    if request.state != State.PENDING:
        raise Conflict(_("The request has already been decided."))
    now = timezone.now()
    if request.expires_at <= now:
        raise Conflict(_("The request has expired."))
    if not approve and not comment.strip():
        raise InvalidInput(_("Give a reason for the rejection."), field="comment")
    # A leader standing in for a missing lower one (approvers.WALK_UP) may be asked at two
    # steps in a row: their one approval is given at each (asking again adds nothing).
    decided = [current]
    if approve:
        later = steps[steps.index(current) + 1 :]
        decided += list(takewhile(lambda s: s.approver_id == current.approver_id, later))
    for step in decided:
        step.decision = Decision.APPROVED if approve else Decision.REJECTED
        step.comment, step.decided_at, step.decided_by = comment.strip(), now, actor
        step.save(update_fields=["decision", "comment", "decided_at", "decided_by"])
        record_event(
            actor=actor,
            action=APPROVED if approve else REJECTED,
            subject=request,
            data={"step": step.order, "rule": request.rule_id},
        )
    if not approve or decided[-1] is steps[-1]:
        request.state = State.GRANTED if approve else State.REJECTED
        request.decided_at = now
        request.save(update_fields=["state", "decided_at"])
        if approve:
            record_event(
                actor=actor, action=GRANTED, subject=request, data={"rule": request.rule_id}
            )
    return request


# The most requests decided at once (the inbox's "approve selected", the API's batch).
MAX_BATCH = 100


@dataclass(frozen=True)
class Outcome:
    """One request of a batch: approved (``request``), or refused with ``refusal`` (and the
    rule that refused it, if one did)."""

    request_id: int
    request: ApprovalRequest | None = None
    refusal: str = ""
    rule_id: str = ""


def approve_many(*, actor: Actor, request_ids: list[int], comment: str = "") -> list[Outcome]:
    """Approve several requests at once, each through ``decide`` in its own transaction: a
    request the actor may not decide (not awaiting them — nobody is ever asked to decide
    their own request —, already decided, expired) is refused alone and reported with its
    reason; the others go through. Not all-or-nothing: each approval is a decision of its
    own, recorded on its own, and one refusal says nothing against the others."""
    require(actor, Permission.DECIDE_APPROVAL)
    if not request_ids:
        raise InvalidInput(_("Choose at least one request."), field="request_ids")
    if len(request_ids) > MAX_BATCH:
        raise InvalidInput(
            _("Decide at most %(n)d requests at once.") % {"n": MAX_BATCH}, field="request_ids"
        )
    outcomes = []
    for request_id in dict.fromkeys(request_ids):
        try:
            decided = decide(actor=actor, request_id=request_id, approve=True, comment=comment)
        except BaomiError as refused:
            rule_id = refused.rule_id if isinstance(refused, RuleViolation) else ""
            outcomes.append(Outcome(request_id, refusal=refused.message, rule_id=rule_id))
        else:
            outcomes.append(Outcome(request_id, request=decided))
    return outcomes


@operation
def withdraw(*, actor: Actor, request_id: int) -> ApprovalRequest:
    require(actor, Permission.REQUEST_APPROVAL)
    request = _lock_request(actor, request_id)
    if request.requested_by_id != actor.pk:
        raise NotFound(_("No such approval request."))
    if request.state not in (State.PENDING, State.GRANTED):
        raise Conflict(_("The request can no longer be withdrawn."))
    request.state = State.WITHDRAWN
    request.save(update_fields=["state"])
    record_event(actor=actor, action=WITHDRAWN, subject=request)
    return request
