"""Reads of approvals: what awaits me, what I asked for, and the one answer to "may this
approval be used" (``granted``, ``usable``, ``among``): granted, unexpired, not yet used, of
the same operation about the same subject in the same organisation, with equal parameters."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone

from baomi.access.actor import Actor
from baomi.approvals.models import ApprovalRequest, ApprovalStep, Decision, State

# The latest requests shown about one subject (a document, a copy, an asset …).
REQUESTS_SHOWN = 20


def awaiting(actor: Actor) -> QuerySet[ApprovalRequest]:
    """Pending, unexpired requests whose current step names the actor's person."""
    person_id = getattr(actor, "person_id", None)
    if person_id is None:
        return ApprovalRequest.objects.none()
    earlier_pending = ApprovalStep.objects.filter(
        request=OuterRef("request"), order__lt=OuterRef("order"), decision=Decision.PENDING
    )
    mine = ApprovalStep.objects.filter(
        request=OuterRef("pk"), approver_id=person_id, decision=Decision.PENDING
    ).exclude(Exists(earlier_pending))
    return (
        ApprovalRequest.objects.filter(state=State.PENDING, expires_at__gt=timezone.now())
        .filter(Exists(mine))
        .select_related("requester", "requester__department")
        .prefetch_related("steps__approver")
    )


def mine(actor: Actor) -> QuerySet[ApprovalRequest]:
    return ApprovalRequest.objects.filter(requested_by=actor).prefetch_related("steps__approver")


def latest_about(
    requests: QuerySet[ApprovalRequest], subject_type: str, subject_id: Any, operations: Any
) -> list[ApprovalRequest]:
    """The latest of ``requests`` of ``operations`` about one subject, newest first, with
    their requester and steps: for the page of the subject, whose domain has checked that the
    actor may see it and narrowed ``requests`` to those the actor may see."""
    return list(
        requests.filter(
            subject_type=subject_type, subject_id=str(subject_id), operation__in=operations
        )
        .select_related("requester")
        .prefetch_related("steps__approver")
        .order_by("-pk")[:REQUESTS_SHOWN]
    )


def _usable_now(at: datetime.datetime | None = None) -> QuerySet[ApprovalRequest]:
    """Granted and unexpired at ``at`` (default now): an approval once used is CONSUMED, one
    withdrawn or rejected is no longer GRANTED. The one place this is written."""
    return ApprovalRequest.objects.filter(
        state=State.GRANTED, expires_at__gt=at if at is not None else timezone.now()
    )


def granted(
    organisation_id: int | None,
    operation: str | None = None,
    subject: tuple[str, Any] | None = None,
    *,
    at: datetime.datetime | None = None,
) -> QuerySet[ApprovalRequest]:
    """The approvals of the organisation that may still be used (granted, unexpired, unused),
    of ``operation`` and about ``subject`` (type, id) when given, oldest first. Whatever their
    parameters: for a page that lists approvals to pick from, whose parameters the approval
    chooses; whoever decides that one is usable for exactly what is about to be done compares
    the parameters with ``same_params`` (or reads ``usable``)."""
    found = _usable_now(at).filter(organisation_id=organisation_id)
    if operation is not None:
        found = found.filter(operation=operation)
    if subject is not None:
        found = found.filter(subject_type=subject[0], subject_id=str(subject[1]))
    return found.order_by("pk")


def same_params(request: ApprovalRequest, params: dict[str, Any] | None) -> bool:
    """The parameter semantics of approvals: an approval covers exactly the parameters it was
    asked with (equality; none is ``{}``), never a part of them."""
    return request.params == (params or {})


def usable(
    organisation_id: int | None,
    operation: str,
    subject: tuple[str, Any],
    params: dict[str, Any] | None = None,
    *,
    lock: bool = False,
) -> list[ApprovalRequest]:
    """The approvals ``consume_approval`` may use for exactly this operation on this subject
    with these parameters, oldest first; ``lock`` locks the candidates for update first (the
    caller is inside a transaction). Parameters are compared in Python, as JSON values: the
    databases compare JSON text differently."""
    found = granted(organisation_id, operation, subject)
    if lock:
        found = found.select_for_update()
    return [r for r in found if same_params(r, params)]


def among(
    requests: Iterable[ApprovalRequest], operation: str | None = None
) -> list[ApprovalRequest]:
    """Those of ``requests`` (already read, and narrowed to what the actor may see) of
    ``operation`` that may still be used now, asked of the database by ``granted``'s
    definition, in their order."""
    wanted = [r for r in requests if operation is None or r.operation == operation]
    if not wanted:
        return []
    still = set(_usable_now().filter(pk__in=[r.pk for r in wanted]).values_list("pk", flat=True))
    return [r for r in wanted if r.pk in still]
