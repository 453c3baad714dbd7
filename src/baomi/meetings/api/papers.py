"""JSON routes of the meeting papers (MEET-DOCS): the register, handing out, collecting,
recording a paper kept or lost, the register exported. The operations make every check: a
refusal by a rule answers 403 naming it (MEET-DOCS, AREA-ACCESS for a visitor, CLS-MAC,
CIPHER, PPL-PROBATION), a paper accounted for already or a closed meeting 409, bad input 422
naming the field; a meeting or paper the caller may not know answers 404."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

from django.http import HttpRequest, HttpResponse
from ninja import Router, Schema, Status

from baomi.core.inputs import Id, Text
from baomi.meetings.operations import papers as ops
from baomi.meetings.queries import papers as queries

router = Router(tags=["meetings"])


class MeetingPaperOut(Schema):
    """One line of the register; the document's number and title are empty (``document_seen``
    false) where the caller may not know the document (CLS-MAC)."""

    id: int
    meeting_id: int
    attendee_id: int
    person: str
    copy_id: int
    document_seen: bool
    number: str
    title: str
    copy_number: str
    collect_at_once: bool
    handed_at: datetime
    handling: str
    handling_note: str
    handled_at: datetime | None
    returned_at: datetime | None


def _out(line: queries.Line) -> dict[str, Any]:
    paper = line.paper
    return {
        "id": paper.pk,
        "meeting_id": paper.meeting_id,
        "attendee_id": paper.attendee_id,
        "person": line.to_whom,
        "copy_id": paper.copy_id,
        "document_seen": line.document_seen,
        "number": line.number,
        "title": line.title if line.document_seen else "",
        "copy_number": line.copy_number,
        "collect_at_once": paper.collect_at_once,
        "handed_at": paper.handed_at,
        "handling": paper.handling,
        "handling_note": paper.handling_note,
        "handled_at": paper.handled_at,
        "returned_at": paper.custody.returned_at if paper.custody else None,
    }


def _line(request: HttpRequest, paper_id: int) -> dict[str, Any]:
    paper = queries.paper_of(request.auth, paper_id)
    found = [x for x in queries.lines(request.auth, paper.meeting) if x.paper.pk == paper_id]
    return _out(found[0])


class HandOutIn(Schema):
    attendee_id: Id
    copy_id: Id


class HandlingIn(Schema):
    handling: Literal["kept", "lost"]
    note: Text
    due_date: date | None = None


@router.get("/meetings/{meeting_id}/papers", response=list[MeetingPaperOut])
def papers(request: HttpRequest, meeting_id: Id) -> Any:
    """The meeting's paper register as the caller may read it (the organisers every paper, an
    attendee their own)."""
    found = queries.meeting(request.auth, meeting_id)
    return [_out(x) for x in queries.lines(request.auth, found)]


@router.post("/meetings/{meeting_id}/papers", response={201: MeetingPaperOut})
def hand_out(request: HttpRequest, meeting_id: Id, payload: HandOutIn) -> Any:
    """Hand a copy one keeps to a signed-in attendee of the meeting in session: 403
    MEET-DOCS (not in session, not signed in, not the copy's custodian), AREA-ACCESS (a
    visitor), CLS-MAC, CIPHER, PPL-PROBATION."""
    paper = ops.hand_out(actor=request.auth, meeting_id=meeting_id, **payload.dict())
    return Status(201, _line(request, paper.pk))


@router.post("/meeting-papers/{paper_id}/collect", response=MeetingPaperOut)
def collect(request: HttpRequest, paper_id: Id) -> Any:
    """The copy back with its custodian; 409 once accounted for or the meeting closed."""
    ops.collect(actor=request.auth, paper_id=paper_id)
    return _line(request, paper_id)


@router.post("/meeting-papers/{paper_id}/handling", response=MeetingPaperOut)
def handling(request: HttpRequest, paper_id: Id, payload: HandlingIn) -> Any:
    """A paper kept until ``due_date`` (never a top-secret one: 403 MEET-DOCS) or lost, with
    its note."""
    ops.record_handling(actor=request.auth, paper_id=paper_id, **payload.dict())
    return _line(request, paper_id)


@router.get("/meetings/{meeting_id}/papers/export")
def export(request: HttpRequest, meeting_id: Id, format: Literal["xlsx", "pdf"]) -> Any:
    """The paper register as .xlsx or PDF, marked with the meeting's level; recorded."""
    exported = queries.export(request.auth, meeting_id, format)
    response = HttpResponse(exported.content, content_type=exported.content_type)
    response["Content-Disposition"] = f'attachment; filename="{exported.filename}"'
    return response
