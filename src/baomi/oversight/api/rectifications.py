"""JSON routes of rectifications (整改, INSP-RECTIFY). The operations make every check: a
refusal by the rule (the owner or whoever marked it done verifying, someone else marking it
done) answers 403 naming INSP-RECTIFY, a step out of order 409, bad input 422 naming the
field; a task the caller may not know answers 404 like a missing one."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

from django.http import HttpRequest
from ninja import Query, Router, Schema, Status

from baomi.core.inputs import Id, Line, Paging, Text, page, text
from baomi.oversight.models import Rectification
from baomi.oversight.operations import rectifications as ops
from baomi.oversight.queries import rectifications as queries

router = Router(tags=["oversight"])


class RectificationOpenIn(Schema):
    """A finding (``answer_id``) of a submitted inspection, or a free-standing task naming the
    rule (``rule_id``) and what is to be put right."""

    owner_id: Id
    due: date
    answer_id: Id | None = None
    rule_id: Line = text(Rectification, "rule_id", "")
    description: Text = text(Rectification, "description", "")
    department_id: Id | None = None


class RectificationOut(Schema):
    id: int
    answer_id: int | None
    decision_id: int | None
    rule_id: str
    description: str
    owner_id: int
    department_id: int
    due: date
    state: str
    status: str
    days_overdue: int
    done_at: datetime | None
    done_note: str
    verified_by_id: int | None
    verified_at: datetime | None
    created_at: datetime

    @staticmethod
    def resolve_status(task: Rectification) -> str:
        return str(queries.lines([task])[0]["status"])

    @staticmethod
    def resolve_days_overdue(task: Rectification) -> int:
        return queries.days_overdue(task)


class RectificationDetailOut(RectificationOut):
    """A task with what the caller may do next and the overdue deadline it was opened from
    (empty rule and type otherwise): the item's id only when the caller may know the item."""

    next_steps: list[str]
    source_rule_id: str
    source_subject_type: str
    source_subject_id: int | None
    source_due_at: datetime | None

    @staticmethod
    def resolve_source_subject_id(task: Rectification) -> int | None:
        source = task.source_deadline  # type: ignore[attr-defined]
        return source.subject_id if source else None


class RectificationPageOut(Schema):
    items: list[RectificationOut]
    next_offset: int | None


class ReassignIn(Schema):
    owner_id: Id
    due: date


class DoneIn(Schema):
    note: Text = text(Rectification, "done_note", min_length=1)


class VerifyIn(Schema):
    accept: bool
    note: Text = text(Rectification, "done_note", "")


def _detail(request: HttpRequest, rectification_id: int) -> Rectification:
    task = queries.task(request.auth, rectification_id)
    task.next_steps = queries.next_steps(request.auth, task)  # type: ignore[attr-defined]
    task.source_deadline = queries.source_deadline(request.auth, task)  # type: ignore[attr-defined]
    return task


@router.get("/rectifications", response=RectificationPageOut)
def rectifications(
    request: HttpRequest,
    paging: Query[Paging],
    state: Literal["", "open", "overdue", "escalated", "closed"] = "",
) -> Any:
    """The tasks the caller may know (the office: its organisation's; else those they owe,
    of the departments they head, of their inspections), soonest due first."""
    return page(queries.tasks(request.auth, state=state), paging)


@router.post("/rectifications", response={201: RectificationDetailOut})
def open_rectification(request: HttpRequest, payload: RectificationOpenIn) -> Any:
    """The security office (OVERSEE) opens a task."""
    task = ops.open_rectification(actor=request.auth, **payload.dict())
    return Status(201, _detail(request, task.pk))


@router.get("/rectifications/{rectification_id}", response=RectificationDetailOut)
def rectification(request: HttpRequest, rectification_id: Id) -> Any:
    """One task with what the caller may do next (``next_steps``) and the overdue deadline it
    was opened from (``source_…``; ``source_subject_id`` null unless the caller may know the
    item)."""
    return _detail(request, rectification_id)


@router.post("/rectifications/{rectification_id}/reassign", response=RectificationDetailOut)
def reassign(request: HttpRequest, rectification_id: Id, payload: ReassignIn) -> Any:
    ops.reassign(actor=request.auth, rectification_id=rectification_id, **payload.dict())
    return _detail(request, rectification_id)


@router.post("/rectifications/{rectification_id}/done", response=RectificationDetailOut)
def mark_done(request: HttpRequest, rectification_id: Id, payload: DoneIn) -> Any:
    """The owner or the department head says what was done."""
    ops.mark_done(actor=request.auth, rectification_id=rectification_id, note=payload.note)
    return _detail(request, rectification_id)


@router.post("/rectifications/{rectification_id}/verify", response=RectificationDetailOut)
def verify(request: HttpRequest, rectification_id: Id, payload: VerifyIn) -> Any:
    """Accept (verified and closed) or reject (open again, ``note`` required): 403 naming
    INSP-RECTIFY for the owner or whoever marked it done."""
    ops.verify(actor=request.auth, rectification_id=rectification_id, **payload.dict())
    return _detail(request, rectification_id)
