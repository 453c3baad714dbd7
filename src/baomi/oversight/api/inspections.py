"""JSON routes of the self-inspections (INSP-MONTHLY, INSP-QUARTERLY) and checklists
(INSP-CHECKLIST): the same operations and queries as the pages; a refusal is 403 naming the
rule, bad input 422 naming the field."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from baomi.core.inputs import Id, Line, Text
from baomi.oversight.models import InspectionKind, Verdict
from baomi.oversight.operations.checklists import (
    MOST_ITEMS,
    change_checklist,
    create_checklist,
    retire_checklist,
)
from baomi.oversight.operations.inspections import (
    answer_item,
    open_inspection,
    submit_inspection,
)
from baomi.oversight.queries import inspections as queries

router = Router(tags=["oversight"])


class InspectionIn(Schema):
    """``department_id`` for a department's inspections, ``person_id`` for a person's;
    ``day`` any day of the period (today by default); ``inspector_id`` named by the security
    office (the caller's person by default)."""

    kind: InspectionKind
    department_id: Id | None = None
    person_id: Id | None = None
    day: date | None = None
    inspector_id: Id | None = None


class FactOut(Schema):
    text: str
    url: str


class AnswerOut(Schema):
    id: int
    item_id: int
    position: int = Field(alias="item.position")
    text: str = Field(alias="item.text")
    rule_id: str = Field(alias="item.rule_id")
    evidence_key: str = Field(alias="item.evidence")
    evidence: list[FactOut]
    prefilled: str
    verdict: str
    note: str


class InspectionOut(Schema):
    id: int
    kind: str
    department_id: int | None
    person_id: int | None
    period_start: date
    period_end: date
    inspector_id: int
    checklist_id: int
    state: str
    opened_at: datetime
    submitted_at: datetime | None


class InspectionDetail(InspectionOut):
    answers: list[AnswerOut]
    scan_record_ids: list[int]


def _detail(inspection: Any) -> dict[str, Any]:
    return {
        **InspectionOut.from_orm(inspection).dict(),
        "answers": queries.answers(inspection),
        "scan_record_ids": list(inspection.scan_records.values_list("pk", flat=True)),
    }


@router.get("/inspections", response=list[InspectionOut])
def inspections(request: HttpRequest) -> Any:
    """The inspections the caller may know (the security office: the organisation's; else
    those they inspect, of their department as its head, of themselves)."""
    return queries.inspections(request.auth)[:500]


@router.post("/inspections", response={201: InspectionDetail})
def open_(request: HttpRequest, payload: InspectionIn) -> Any:
    """Open an inspection pre-filled from the records: 403 (``rule`` INSP-MONTHLY or
    INSP-QUARTERLY) for one who does not inspect the subject, 409 when the period's is
    opened already, 422 naming the field."""
    found = open_inspection(actor=request.auth, **payload.dict())
    return Status(201, _detail(queries.inspection(request.auth, found.pk)))


@router.get("/inspections/{inspection_id}", response=InspectionDetail)
def inspection(request: HttpRequest, inspection_id: Id) -> Any:
    return _detail(queries.inspection(request.auth, inspection_id))


class AnswerIn(Schema):
    verdict: Verdict
    note: Text = Field("", max_length=2000)


@router.post("/inspections/{inspection_id}/answers/{answer_id}", response=AnswerOut)
def answer(request: HttpRequest, inspection_id: Id, answer_id: Id, payload: AnswerIn) -> Any:
    """The inspector's verdict on one item; 422 naming ``note`` when a problem the records
    found is answered "in order" without saying why."""
    return answer_item(
        actor=request.auth,
        inspection_id=inspection_id,
        answer_id=answer_id,
        verdict=payload.verdict,
        note=payload.note,
    )


class SubmitIn(Schema):
    due: date | None = None


@router.post("/inspections/{inspection_id}/submit", response=InspectionDetail)
def submit(request: HttpRequest, inspection_id: Id, payload: SubmitIn) -> Any:
    """Submit once every item is answered (422 naming ``answers``); each problem becomes a
    rectification due by ``due``."""
    submit_inspection(actor=request.auth, inspection_id=inspection_id, due=payload.due)
    return _detail(queries.inspection(request.auth, inspection_id))


class ChecklistItemIn(Schema):
    text: Line = Field(max_length=300)
    rule: Line = Field("", max_length=32, description="The ID of a rule of the rulebook")
    evidence: Line = Field("", max_length=40, description="The records' answer, or empty")


class InspectionChecklistIn(Schema):
    kind: InspectionKind
    name: Line = Field(max_length=200)
    items: list[ChecklistItemIn] = Field(min_length=1, max_length=MOST_ITEMS)


class ChecklistChange(Schema):
    name: Line | None = Field(None, max_length=200)
    items: list[ChecklistItemIn] = Field(min_length=1, max_length=MOST_ITEMS)


class ChecklistItemOut(Schema):
    id: int
    position: int
    text: str
    rule_id: str
    evidence: str


class ChecklistOut(Schema):
    id: int
    organisation_id: int | None
    kind: str
    name: str
    version: int
    active: bool
    items: list[ChecklistItemOut]

    @staticmethod
    def resolve_items(obj: Any) -> list[Any]:
        return queries.items(obj)


@router.get("/checklists", response=list[ChecklistOut])
def checklists(request: HttpRequest) -> Any:
    return queries.checklists(request.auth).prefetch_related("checklist_items")


@router.post("/checklists", response={201: ChecklistOut})
def create(request: HttpRequest, payload: InspectionChecklistIn) -> Any:
    """A checklist of the organisation (the security office, OVERSEE)."""
    data = payload.dict()
    return Status(201, create_checklist(actor=request.auth, **data))


@router.put("/checklists/{checklist_id}", response=ChecklistOut)
def change(request: HttpRequest, checklist_id: Id, payload: ChecklistChange) -> Any:
    """A new version of one of the organisation's checklists (the old one out of use)."""
    return change_checklist(actor=request.auth, checklist_id=checklist_id, **payload.dict())


@router.post("/checklists/{checklist_id}/retire", response=ChecklistOut)
def retire(request: HttpRequest, checklist_id: Id) -> Any:
    return retire_checklist(actor=request.auth, checklist_id=checklist_id)
