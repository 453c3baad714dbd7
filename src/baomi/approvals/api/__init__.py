"""JSON routes of approvals: what awaits me, what I asked for, deciding and withdrawing."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema

from baomi.approvals import operations, queries
from baomi.approvals.models import Decision, State
from baomi.core.inputs import Id, Text

router = Router(tags=["approvals"])


class StepOut(Schema):
    order: int
    approver_kind: str
    approver_id: int
    approver: str
    decision: Decision
    comment: str
    decided_at: datetime | None

    @staticmethod
    def resolve_approver(step: Any) -> str:
        return step.approver.name


class RequestOut(Schema):
    """An approval request. It names its subject by type and id only: the subject's title is
    shown where the caller may know it (GET /documents/{id})."""

    id: int
    rule_id: str
    operation: str
    subject_type: str
    subject_id: str
    params: dict[str, Any]
    reason: str
    requester_id: int
    requester: str
    state: State
    created_at: datetime
    expires_at: datetime
    decided_at: datetime | None
    steps: list[StepOut]

    @staticmethod
    def resolve_requester(approval: Any) -> str:
        return approval.requester.name

    @staticmethod
    def resolve_steps(approval: Any) -> list[Any]:
        return list(approval.steps.all())


class DecisionIn(Schema):
    approve: bool
    comment: Text = ""


@router.get("/awaiting", response=list[RequestOut])
def awaiting(request: HttpRequest) -> Any:
    """Pending requests whose current step awaits the caller's decision."""
    return queries.awaiting(request.auth)


@router.get("/mine", response=list[RequestOut])
def mine(request: HttpRequest) -> Any:
    """The requests the caller made, newest first."""
    return queries.mine(request.auth)


@router.post("/{request_id}/decision", response=RequestOut)
def decide(request: HttpRequest, request_id: Id, payload: DecisionIn) -> Any:
    """Approve or reject the step that awaits the caller (a rejection needs a comment). A
    request not awaiting the caller is 404; one already decided or expired is 409."""
    return operations.decide(
        actor=request.auth,
        request_id=request_id,
        approve=payload.approve,
        comment=payload.comment,
    )


@router.post("/{request_id}/withdraw", response=RequestOut)
def withdraw(request: HttpRequest, request_id: Id) -> Any:
    """Withdraw one's own pending or granted request."""
    return operations.withdraw(actor=request.auth, request_id=request_id)


# Mounted by baomi.api under /api/v1.
ROUTERS = [("/approvals", router)]
