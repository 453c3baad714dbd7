"""JSON routes of approvals: what awaits me, what I asked for, deciding and withdrawing."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from django.http import HttpRequest
from ninja import Router, Schema
from pydantic import Field

from baomi.approvals import operations, queries
from baomi.approvals.models import Decision, State
from baomi.core.inputs import Id, Text
from baomi.seams.approvals import Subject, describe, operation_label, parameters_sentence

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


class SubjectOut(Schema):
    """A request's subject as the caller may see it (its domain describes it, CLS-MAC)."""

    label: str
    level: int | None
    url: str


class RequestOut(Schema):
    """An approval request: its subject by type and id, and described (``subject``) only to a
    caller who may know it (else null); ``operation_label`` and ``authorises`` say in words
    what it approves."""

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
    operation_label: str
    authorises: str
    subject: SubjectOut | None

    @staticmethod
    def resolve_operation_label(approval: Any) -> str:
        return str(operation_label(approval.operation))

    @staticmethod
    def resolve_authorises(approval: Any, context: dict[str, Any]) -> str:
        return parameters_sentence(context["request"].auth, approval.operation, approval.params)

    @staticmethod
    def resolve_subject(approval: Any, context: dict[str, Any]) -> Subject | None:
        return describe(context["request"].auth, approval.subject_type, approval.subject_id)

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


class BatchIn(Schema):
    """Requests to approve at once (at most ``MAX_BATCH``), with one comment for all."""

    request_ids: Annotated[list[Id], Field(min_length=1, max_length=operations.MAX_BATCH)]
    comment: Text = ""


class OutcomeOut(Schema):
    """One request of a batch: approved (``state`` is the request's state after it: granted,
    or still pending for a later approver), or refused with ``refusal`` and, when a rule
    refused it, ``rule_id``."""

    request_id: int
    approved: bool
    state: State | None
    refusal: str
    rule_id: str

    @staticmethod
    def resolve_approved(outcome: Any) -> bool:
        return outcome.request is not None

    @staticmethod
    def resolve_state(outcome: Any) -> str | None:
        return outcome.request.state if outcome.request is not None else None


@router.post("/decide", response=list[OutcomeOut])
def approve_many(request: HttpRequest, payload: BatchIn) -> Any:
    """Approve several requests at once, each in its own transaction: one the caller may not
    decide (not awaiting them, already decided, expired) is reported with its reason while
    the others go through. A list longer than the bound is 422."""
    return operations.approve_many(
        actor=request.auth, request_ids=payload.request_ids, comment=payload.comment
    )


@router.post("/{request_id}/withdraw", response=RequestOut)
def withdraw(request: HttpRequest, request_id: Id) -> Any:
    """Withdraw one's own pending or granted request."""
    return operations.withdraw(actor=request.auth, request_id=request_id)


# Mounted by baomi.api under /api/v1.
ROUTERS = [("/approvals", router)]
