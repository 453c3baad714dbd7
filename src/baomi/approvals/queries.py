"""Reads of approvals: what awaits me, what I asked for."""

from __future__ import annotations

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
