"""JSON routes of the incoming register (IN-*), circulation (CIRC-*) and where copies are: a
document's copies and their timeline, what a person holds, a department's copies, and the
clerk's desk. The operations make every check; a copy, document or register line the caller
may not know answers 404 like a missing one (CLS-MAC)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.http import HttpRequest
from ninja import Field, File, Query, Router, Schema, Status
from ninja.files import UploadedFile

from baomi.approvals.api import RequestOut
from baomi.carriers import imports
from baomi.carriers.api.documents import DocumentOut
from baomi.carriers.api.schemas import (
    CopyDetail,
    CopyDetailPage,
    CopyWithCustody,
    CopyWithCustodyPage,
    CustodyOut,
    Id,
    Moment,
    Paging,
    PersonName,
    page,
    text,
)
from baomi.carriers.models import (
    TIMELINE,
    CarrierType,
    Copy,
    CopyState,
    Document,
    Series,
    Urgency,
)
from baomi.carriers.operations import circulation, incoming
from baomi.carriers.queries import copies as queries
from baomi.core.imports import PassedOver, SheetRead, read_from
from baomi.core.inputs import Line, Text

router = Router(tags=["incoming"])


class IncomingOut(Schema):
    """One line of the incoming register and its routing slip (IN-NUMBER, IN-ROUTE)."""

    id: int
    document: DocumentOut
    year: int
    series: Series
    sequence: int
    received_from: str
    opened_at: datetime
    registered_at: datetime
    late: bool = Field(description="Registered on a later day than opened (IN-SAMEDAY)")
    director_id: int | None
    route_due_at: datetime | None
    routed_at: datetime | None
    instruction: str
    instructed_at: datetime | None
    reader_ids: list[int]
    circulation_due_at: datetime | None
    circulated_at: datetime | None
    repeat_of_id: int | None = Field(
        description="A confirmed second receipt: the line of the first receipt (IN-NUMBER)"
    )

    @staticmethod
    def resolve_reader_ids(entry: Any) -> list[int]:
        return sorted(p.pk for p in entry.readers.all())


class IncomingIn(Schema):
    number: Line = text(Document, "number")
    title: Line = text(Document, "title")
    level: int | None = Field(None, description="0 public … 4 top secret (CLS-MARK)")
    term_years: int | None = None
    issuer: Line = text(Document, "issuer", "")
    copies: int = Field(1, description="How many copies the document was issued in")
    copy_numbers: list[int] | None = Field(None, description="The ones received; default all")
    urgency: Urgency = Urgency.NORMAL
    addressee_only: bool = False
    carrier_type: CarrierType = CarrierType.PAPER
    opened_at: Moment | None = Field(None, description="When the envelope was opened")
    recall_date: date | None = None
    central: bool = Field(False, description="A central committee document (CLS-CENTRAL-DOCS)")
    subject_words: Line = text(Document, "subject_words", "")
    named_people_ids: list[Id] = []
    department_ids: list[Id] = []
    second_receipt: bool = Field(
        False,
        description="Confirms that a document number from this issuer already registered "
        "this year came again (IN-NUMBER); without it such a registration is refused",
    )


class InstructionIn(Schema):
    instruction: Text
    reader_ids: list[Id] = []


class IncomingImportRowOut(Schema):
    row: int
    year: int
    series: Series
    sequence: int
    received: date
    document_number: str
    title: str
    issuer: str
    level: int
    term_years: int | None
    copies: int
    copy_numbers: list[int]
    urgency: Urgency
    recall_date: date | None
    second_receipt: bool
    sheet: str
    entry_id: int | None
    document_id: int | None

    @staticmethod
    def resolve_row(parsed: Any) -> int:
        return parsed.number


class IncomingImportOut(Schema):
    created: int | None = None
    would_create: int | None = None
    rows: list[IncomingImportRowOut]
    # Which row of each sheet read was the header, its columns (field "" where none reads
    # it), and the sheets not read with the reason.
    sheets: list[SheetRead]
    passed_over: list[PassedOver]


class CirculateIn(Schema):
    reader_id: Id


class StoreIn(Schema):
    copy_ids: list[Id]
    location: Line = text(Copy, "location", description="The locked secure cabinet (CIRC-OFFICE)")


class TimelineEventOut(Schema):
    copy_id: int
    copy_number: int
    at: datetime
    action: str
    action_label: str
    actor_id: int | None
    person_id: int | None
    person: str | None
    state: CopyState
    note: str

    @staticmethod
    def resolve_copy_number(event: Any) -> int:
        return event.copy.number

    @staticmethod
    def resolve_action_label(event: Any) -> str:
        return str(TIMELINE.get(event.action, event.action))

    @staticmethod
    def resolve_person(event: Any) -> str | None:
        return event.person.name if event.person_id else None


class ToCirculateOut(Schema):
    entry: IncomingOut
    waiting: list[PersonName] = Field(description="Readers named who have not had a copy")


class DeskOut(Schema):
    """The clerk's desk: today's work (IN-SAMEDAY, IN-ROUTE, IN-URGENT, CIRC-SAMEDAY,
    LOAN-DUE, RECALL-DUE, CIRC-OFFICE); each list holds at most 50 lines."""

    incoming_today: list[IncomingOut]
    to_route: list[IncomingOut]
    late_routing: list[IncomingOut]
    to_circulate: list[ToCirculateOut]
    late_circulation: list[IncomingOut]
    circulating: list[CopyDetail]
    due_today: list[CopyDetail]
    overdue: list[CopyDetail]
    recall_due: list[CopyDetail]
    not_in_cabinet: list[CopyDetail] = Field(description="With the custodian, no cabinet")
    approvals_to_use: list[RequestOut]

    @staticmethod
    def resolve_to_circulate(board: Any) -> list[dict[str, Any]]:
        return [{"entry": entry, "waiting": waiting} for entry, waiting in board.to_circulate]


# The incoming register ----------------------------------------------------------------------


@router.post("/incoming", response={201: IncomingOut})
def register_incoming(request: HttpRequest, payload: IncomingIn) -> Any:
    """收文登记: register a received document and its copies, with the clerk as custodian:
    the next number of the year's classified or general register (IN-NUMBER), flagged late
    when registered after the day it was opened (IN-SAMEDAY), the routing slip due within
    IN-ROUTE.route_days working days; CLS-MARK, CLS-TERM and CLS-MAC as for any document."""
    entry = incoming.register_incoming(actor=request.auth, **payload.dict())
    return Status(201, entry)


@router.post("/incoming/import", response=IncomingImportOut)
def import_incoming(request: HttpRequest, file: File[UploadedFile], dry_run: bool = False) -> Any:
    """Import an existing incoming register from an .xlsx or .csv file (multipart field
    ``file``; clerk or security officer), all lines or none. Its header row names the columns
    收文编号/register_number, 收文日期/date_received, 文号/document_number, 标题/title and
    密级/level (绝密, 机密, 秘密, 内部, 公开; "机密★10年" also gives the term), optionally
    年度/year, 来文单位/issuer, 保密期限/term, 份数/copies, 份号/copy_numbers ("017-019",
    "1,3,5"), 紧急程度/urgency, 清退时间/recall_date, 再次收文/second_receipt (是 on a row
    registering a document number from one issuer again in the year; such a row without it is
    rejected, IN-NUMBER); every name each column is known by is in docs/operator.md.

    ``dry_run=true`` answers ``would_create`` and the rows, changing nothing, with the header
    row and columns of each sheet read (``sheets``) and the sheets ``passed_over``. Otherwise
    ``created`` and each row with its new ``entry_id`` and ``document_id``. Any rejected line
    answers 422 with ``detail`` listing each rejected ``row`` with its reasons (CLS-MARK,
    CLS-TERM, CLS-MAC, IN-NUMBER); an unreadable file answers 422 with ``field`` "file"."""
    reading = imports.reading(file, file.name or "")
    parsed = incoming.import_incoming(actor=request.auth, rows=reading.rows, dry_run=dry_run)
    counted = {"would_create" if dry_run else "created": len(parsed)}
    return {**counted, "rows": parsed, **read_from(reading)}


@router.get("/incoming/awaiting", response=list[IncomingOut])
def awaiting_instruction(request: HttpRequest) -> Any:
    """The routing slips sent to the caller as office director and not yet instructed
    (IN-ROUTE), oldest first."""
    return queries.awaiting_instruction(request.auth)


@router.get("/incoming/{entry_id}", response=IncomingOut)
def get_incoming(request: HttpRequest, entry_id: Id) -> Any:
    """One line of the incoming register with its routing slip; the read is recorded."""
    return queries.incoming_entry(request.auth, entry_id)


@router.post("/incoming/{entry_id}/route", response=IncomingOut)
def route(request: HttpRequest, entry_id: Id) -> Any:
    """Send the routing slip to the office director's inbox (IN-ROUTE); once (409 after)."""
    return incoming.route(actor=request.auth, entry_id=entry_id)


@router.post("/incoming/{entry_id}/instruction", response=IncomingOut)
def instruct(request: HttpRequest, entry_id: Id, payload: InstructionIn) -> Any:
    """The office director's instruction on the slip routed to them: who reads the document
    (IN-ROUTE). Every reader must be allowed to know it (CLS-MAC); with no reader named the
    circulation is finished at once (IN-URGENT). A slip not routed to the caller is 404."""
    return incoming.instruct(
        actor=request.auth,
        entry_id=entry_id,
        instruction=payload.instruction,
        reader_ids=payload.reader_ids,
    )


# Circulation --------------------------------------------------------------------------------


@router.post("/copies/{copy_id}/circulate", response={201: CustodyOut})
def circulate(request: HttpRequest, copy_id: Id, payload: CirculateIn) -> Any:
    """Hand a copy from its custodian to a reader allowed to know it (CIRC-DIRECT, CLS-MAC):
    a new line of the circulation register, due back by the end of the working day
    (CIRC-SAMEDAY) or within IN-URGENT.normal_days working days (CIRC-NO-KEEP). A reader
    passing a copy on is refused (403, ``rule`` CIRC-DIRECT)."""
    custody = circulation.circulate(
        actor=request.auth, copy_id=copy_id, reader_id=payload.reader_id
    )
    return Status(201, custody)


@router.post("/copies/{copy_id}/receipt", response=CustodyOut)
def confirm_receipt(request: HttpRequest, copy_id: Id, on_paper: bool = False) -> Any:
    """The reader who holds the copy signs for it (CIRC-SIGN), once; with ``on_paper=true``
    the custodian records the reader's signature on the printed slip."""
    return circulation.confirm_receipt(actor=request.auth, copy_id=copy_id, on_paper=on_paper)


@router.post("/copies/{copy_id}/return", response=CustodyOut)
def return_copy(request: HttpRequest, copy_id: Id) -> Any:
    """The custodian confirms the copy is back, ending its circulation, loan, take-out or
    meeting (CIRC-SIGN); the incoming document's circulation may thereby finish (IN-URGENT)."""
    return circulation.return_copy(actor=request.auth, copy_id=copy_id)


@router.post("/copies/store", response=list[CopyDetail])
def store(request: HttpRequest, payload: StoreIn) -> Any:
    """The custodian records the locked secure cabinet the copies are kept in (CIRC-OFFICE);
    only copies with their custodian."""
    return circulation.store(
        actor=request.auth, copy_ids=payload.copy_ids, location=payload.location
    )


# Where copies are ---------------------------------------------------------------------------


@router.get("/documents/{document_id}/copies", response=list[CopyWithCustody])
def document_copies(request: HttpRequest, document_id: Id) -> Any:
    """Where every copy of the document is: holder, state, due time and the current period
    away from the custodian; the read of the document is recorded."""
    _document, copies = queries.document_copies(request.auth, document_id)
    return copies


@router.get("/documents/{document_id}/timeline", response=list[TimelineEventOut])
def timeline(request: HttpRequest, document_id: Id) -> Any:
    """The custody timeline of every copy of the document, oldest first."""
    return queries.timeline(request.auth, document_id)


@router.get("/me/holdings", response=CopyWithCustodyPage)
def holdings(request: HttpRequest, paging: Query[Paging], person_id: Id | None = None) -> Any:
    """What the caller has in hand now, soonest due first; ``person_id``: another person's
    (the clerk and the security officer only). Only copies the caller may know (CLS-MAC)."""
    return page(queries.holdings(request.auth, person_id), paging)


@router.get("/departments/{department_id}/copies", response=CopyDetailPage)
def department_copies(request: HttpRequest, department_id: Id, paging: Query[Paging]) -> Any:
    """The copies the department's people (with its sub-departments) keep or hold, still in
    the organisation's hands; only copies the caller may know (CLS-MAC)."""
    return page(queries.copies_in_department(request.auth, department_id), paging)


@router.get("/desk", response=DeskOut)
def desk(request: HttpRequest) -> Any:
    """The clerk's desk (clerk and security officer): today's incoming, slips to route, what
    to circulate, what is out, due today or overdue, recall due, not locked away, approvals
    to use. Overdue copies of the whole organisation: ``GET /copies?overdue=true``."""
    return queries.desk(request.auth)
