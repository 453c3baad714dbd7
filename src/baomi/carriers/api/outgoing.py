"""JSON routes of the outgoing workflow (发文): draft, review chain and sign-off, print approval
and print run, seal, dispatch and the recipient's signature (DRAFT-*, PRINT-*, OUT-*). The
operations make every check; a document or envelope the caller may not know answers 404 like
a missing one (CLS-MAC)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Literal

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from baomi.approvals.api import RequestOut
from baomi.carriers.api.documents import DocumentDetail
from baomi.carriers.api.schemas import Id, ReasonIn, text
from baomi.carriers.models import (
    CarrierType,
    Copy,
    DispatchMethod,
    Document,
    DocumentKind,
    Envelope,
    PrintRun,
    Stage,
    Urgency,
)
from baomi.carriers.operations import dispatch as dispatch_ops
from baomi.carriers.operations import outgoing
from baomi.carriers.queries import outgoing as outgoing_reads
from baomi.core.inputs import Line, Text, number

router = Router(tags=["outgoing"])

# A recipient of the distribution, as written on its envelope.
Recipient = Annotated[Line, Field(max_length=Envelope._meta.get_field("recipient").max_length)]
# A copy's number (份号) within its document.
CopyNumber = Annotated[int, number(Copy, "number")]


class OutgoingOut(DocumentDetail):
    """A document with its place in the outgoing workflow."""

    kind: DocumentKind
    stage: Stage
    urgency: Urgency
    carrier_type: CarrierType
    main_to: str
    cc: str
    is_public: bool
    normative: bool
    subject_words: str
    drafting_department_id: int | None
    catalogue_entry_id: int | None
    basis: str
    source_ids: list[int]
    copies_count: int
    recall_date: date | None
    distribution: list[str]
    signed_off_by_id: int | None
    signed_off_at: datetime | None
    sealed_at: datetime | None

    @staticmethod
    def resolve_source_ids(doc: Any) -> list[int]:
        return sorted(d.pk for d in doc.sources.all())


class OutgoingStepOut(Schema):
    """One step of the outgoing workflow and where it stands: behind the document, the next
    one, or still waiting."""

    step: str
    status: Literal["done", "current", "waiting"]


class OutgoingProgressOut(OutgoingOut):
    """An outgoing document with its steps in order and the next one (null once every
    recipient has signed): the same ``progress`` its page shows."""

    steps: list[OutgoingStepOut]
    next_step: str | None = Field(description=f"One of {', '.join(outgoing_reads.STEPS)}")

    @classmethod
    def of(cls, doc: Document, progress: outgoing_reads.Progress) -> OutgoingProgressOut:
        return cls.model_validate(doc, context={"progress": progress})

    @staticmethod
    def resolve_steps(doc: Any, context: dict[str, Any]) -> list[dict[str, str]]:
        status = context["progress"].status
        return [{"step": step, "status": status[step]} for step in outgoing_reads.STEPS]

    @staticmethod
    def resolve_next_step(doc: Any, context: dict[str, Any]) -> str | None:
        return context["progress"].next_step


class DraftIn(Schema):
    title: Line = text(Document, "title")
    main_to: Line = text(Document, "main_to", "", description="主送 (DRAFT-FORM)")
    level: int | None = Field(
        None, description="Default: the catalogue entry's and the sources' highest"
    )
    term_years: int | None = None
    number: Line = text(
        Document, "number", "", description="Blank: a provisional number until PRINT-APPROVE"
    )
    cc: Line = text(Document, "cc", "")
    is_public: bool = False
    subject_words: Line = text(Document, "subject_words", "")
    drafting_department_id: Id | None = Field(None, description="Default: the drafter's")
    normative: bool = False
    catalogue_entry_id: Id | None = Field(None, description="CLS-CATALOG")
    basis: Line = text(Document, "basis", "")
    urgency: Urgency = Urgency.NORMAL
    addressee_only: bool = False
    carrier_type: CarrierType = CarrierType.PAPER
    source_document_ids: list[Id] = Field([], description="Derived from (CLS-DERIVE)")
    named_people_ids: list[Id] = []
    department_ids: list[Id] = []


class PrintRequestIn(Schema):
    number: Line = text(Document, "number", description="The document number the approval fixes")
    copies: int
    recall_date: date
    distribution: list[Recipient] = Field(description="The approved recipients (OUT-CHECK)")
    reason: Text = ""
    outside: bool = Field(False, description="Printed outside the general office (PRINT-PLACE)")


class PrintRunIn(Schema):
    copies: int
    printed_by_id: Id
    proofread_by_id: Id
    workstation: Line = text(
        PrintRun, "workstation", description="The designated classified computer (PRINT-PLACE)"
    )
    waste_sheets: int
    master: Line = Field(description="deleted or encrypted (PRINT-WASTE)")
    outside: bool = False


class PrintRunOut(Schema):
    id: int
    document_id: int
    approval_id: int
    printed_by_id: int
    proofread_by_id: int
    workstation: str
    outside: bool
    copies: int
    waste_sheets: int
    master: str
    printed_at: datetime


class SealIn(Schema):
    file_copy_number: CopyNumber


class EnvelopeIn(Schema):
    recipient: Recipient
    copy_numbers: list[CopyNumber]
    addressee_only: bool = False


class DispatchIn(Schema):
    envelopes: list[EnvelopeIn]
    kept_copy_numbers: list[CopyNumber] = []
    method: Line = Field(description=f"One of {', '.join(DispatchMethod.values)} (OUT-COURIER)")
    courier_id: Id | None = None


class EnvelopeOut(Schema):
    """One envelope with its marks (OUT-ENVELOPE) and the recipient's signature (OUT-SIGN)."""

    id: int
    document_id: int
    recipient: str
    copy_numbers: list[int]
    level: int
    urgency: Urgency
    addressee_only: bool
    contents: str
    method: DispatchMethod
    courier_id: int | None
    dispatched_at: datetime
    signed_by_name: str
    signed_by_title: str
    signed_at: datetime | None

    @staticmethod
    def resolve_copy_numbers(envelope: Any) -> list[int]:
        return sorted(c.number for c in envelope.copies.all())


class SignatureIn(Schema):
    signed_by_name: Line = text(Envelope, "signed_by_name")
    signed_by_title: Line = text(Envelope, "signed_by_title")
    head_or_designee: bool = Field(
        description="The recipient's department head or their designee (OUT-SIGN)"
    )


@router.post("/drafts", response={201: OutgoingOut})
def draft_document(request: HttpRequest, payload: DraftIn) -> Any:
    """拟稿: draft an outgoing document with its title, addressees and the other fields of
    DRAFT-FORM; its level and term from the catalogue entry (CLS-CATALOG) and its sources
    (CLS-DERIVE; never a cipher telegram, CIPHER), never below either; its scope as any
    document's (CLS-MARK, CLS-SCOPE-RANK)."""
    return Status(201, outgoing.draft_document(actor=request.auth, **payload.dict()))


@router.get("/outgoing/{document_id}", response=OutgoingProgressOut)
def outgoing_document(request: HttpRequest, document_id: Id) -> Any:
    """One outgoing document with the steps behind it and the next one (DRAFT-*, PRINT-*,
    OUT-*); the read is recorded. 404 when it is missing, not an outgoing document or the
    caller may not know it (CLS-MAC), with the same body."""
    doc = outgoing_reads.document(request.auth, document_id, read=True)
    return OutgoingProgressOut.of(doc, outgoing_reads.progress(request.auth, doc))


@router.post("/documents/{document_id}/submit", response={201: RequestOut})
def submit_draft(request: HttpRequest, document_id: Id, payload: ReasonIn | None = None) -> Any:
    """送审: open the review chain of a draft (DRAFT-CHAIN); the approvers are named into
    its scope."""
    created = outgoing.submit_draft(
        actor=request.auth, document_id=document_id, reason=payload.reason if payload else ""
    )
    return Status(201, created)


@router.post("/documents/{document_id}/sign-off", response=OutgoingOut)
def sign_off(request: HttpRequest, document_id: Id) -> Any:
    """签发: use the granted review chain (DRAFT-CHAIN); without one 403."""
    return outgoing.sign_off(actor=request.auth, document_id=document_id)


@router.post("/documents/{document_id}/print-requests", response={201: RequestOut})
def request_print(request: HttpRequest, document_id: Id, payload: PrintRequestIn) -> Any:
    """Ask to print a signed-off document, fixing number, copies, recall date and
    distribution (PRINT-APPROVE); outside the general office also the head's approval
    (PRINT-PLACE). Answers the print approval request."""
    created = outgoing.request_print(actor=request.auth, document_id=document_id, **payload.dict())
    return Status(201, created)


@router.post("/documents/{document_id}/print", response={201: PrintRunOut})
def print_run(request: HttpRequest, document_id: Id, payload: PrintRunIn) -> Any:
    """印制: print exactly the approved copies (PRINT-APPROVE, PRINT-COUNT), recording printer
    and proofreader (PRINT-REGISTER), the place (PRINT-PLACE), the waste and the master
    (PRINT-WASTE)."""
    run = outgoing.print_run(actor=request.auth, document_id=document_id, **payload.dict())
    return Status(201, run)


@router.post("/documents/{document_id}/seal", response=OutgoingOut)
def seal(request: HttpRequest, document_id: Id, payload: SealIn) -> Any:
    """盖印: the general office seals a printed document and keeps the file copy (OUT-SEAL)."""
    return dispatch_ops.seal(
        actor=request.auth, document_id=document_id, file_copy_number=payload.file_copy_number
    )


@router.post("/documents/{document_id}/dispatch", response={201: list[EnvelopeOut]})
def dispatch(request: HttpRequest, document_id: Id, payload: DispatchIn) -> Any:
    """分送: send a sealed document's copies in envelopes: every printed copy sent, kept or
    the file copy once, every recipient in the approved distribution (OUT-CHECK), by a
    designated courier or confidential mail (OUT-COURIER), the envelopes marked
    (OUT-ENVELOPE)."""
    envelopes = dispatch_ops.dispatch(actor=request.auth, document_id=document_id, **payload.dict())
    return Status(201, envelopes)


@router.post("/envelopes/{envelope_id}/signature", response=EnvelopeOut)
def sign_dispatch(request: HttpRequest, envelope_id: Id, payload: SignatureIn) -> Any:
    """签收: record the recipient's signature, name, post and time; a classified envelope
    only by the department head or their designee (OUT-SIGN)."""
    return dispatch_ops.sign_dispatch(actor=request.auth, envelope_id=envelope_id, **payload.dict())
