"""The registers (登记簿) of RULES.md §2–6 as lists: one ``Register`` per paper register, with
its columns, what one line is (a row of which table), and how each filter applies to it.

Definitions only (the generic ``Register``, ``Column``, ``Filters`` and ``cell`` are
``baomi.core.registers``): the reads (permission, CLS-MAC, filters, paging, exports) are in
``baomi.carriers.queries.registers``. A line's values are raw (datetimes, codes, booleans,
lists of strings); ``cell`` turns one into the text printed in a page or an export.

Filters, per register: a date range on the register's own date column (``Register.date``),
a level, a department (a person's or document's department, sub-departments included:
``Register.department_help`` says which) and, where the register has one, a state.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from functools import reduce
from operator import or_
from typing import Any

from django.db import models
from django.db.models import Exists, F, OuterRef, Q
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from baomi.carriers import due
from baomi.carriers.models import (
    ArchiveAccess,
    ArchiveExcerpt,
    Copy,
    CopyState,
    Custody,
    CustodyKind,
    Destruction,
    DestructionMethod,
    DispatchMethod,
    Envelope,
    FaxChannel,
    FaxDirection,
    FaxEntry,
    Handover,
    HandoverReason,
    IncomingEntry,
    InventoryLine,
    PrintRun,
    RecordingDetails,
    RecordingFormat,
    RecordingMedium,
    Reproduction,
    Urgency,
)
from baomi.core.registers import (
    CHOICE,
    DATE,
    DATETIME,
    FLAG,
    LEVEL,
    LIST,
    NUMBER,
    Column,
    MacFilter,
    Register,
)

# ---- shared pieces of the definitions -------------------------------------------------------


def _on_document(path: str) -> MacFilter:
    """CLS-MAC for a register whose line is about one document, reached by ``path``."""
    return lambda visible, _clearance: Q(**{f"{path}__in": visible})


def _on_every_document(through: Callable[[], models.QuerySet], owner: str, path: str) -> MacFilter:
    """CLS-MAC for a line about several documents (``through`` rows linking the line, by
    ``owner``, to them by ``path``): shown only when the actor may know every one of them,
    so that no line shows part of what it holds."""

    def mac(visible: models.QuerySet, _clearance: int) -> Q:
        unknown = through().filter(**{owner: OuterRef("pk")}).exclude(**{f"{path}__in": visible})
        return ~Exists(unknown)

    return mac


def _any_at_level(
    through: Callable[[], models.QuerySet], owner: str, path: str
) -> Callable[[int], Q]:
    return lambda level: Q(Exists(through().filter(**{owner: OuterRef("pk"), path: level})))


def _level_of(path: str) -> Callable[[int], Q]:
    return lambda level: Q(**{path: level})


def _under(*departments: str) -> Callable[[str], Q]:
    """Lines where any of the ``departments`` lookups is the department filtered by or one of
    its sub-departments (``dept_path`` is that department's tree path)."""

    def department(dept_path: str) -> Q:
        return reduce(or_, (Q(**{f"{d}__path__startswith": dept_path}) for d in departments))

    return department


def _name(person: Any) -> str:
    return person.name if person is not None else ""


def copy_number(copy: Copy) -> str:
    """份号 as "n/m" (a reproduction: its number and that it is one)."""
    if copy.reproduced_from_id:
        return str(copy.label)
    return f"{copy.number}/{copy.document.copies_count}"


def _copy_ref(copy: Copy) -> str:
    return f"{copy.document.number} {copy_number(copy)}"


def _document(doc: Any) -> dict[str, Any]:
    return {"document_number": doc.number, "title": doc.title, "level": doc.level}


DOCUMENT_COLUMNS = (
    Column("document_number", gettext_lazy("Document number")),
    Column("title", gettext_lazy("Title")),
    Column("level", gettext_lazy("Level"), LEVEL),
)
APPROVAL = Column("approval", gettext_lazy("Approval no."), NUMBER)
HANDLED_BY = gettext_lazy("Handled by (signature)")


# ---- incoming (收文登记簿) -------------------------------------------------------------------

INCOMING_STATES = (
    ("awaiting_instruction", gettext_lazy("Awaiting the director's instruction")),
    ("circulating", gettext_lazy("Circulating")),
    ("finished", gettext_lazy("Circulation finished")),
)


def _incoming_state(state: str, _at: datetime.datetime) -> Q:
    return {
        "awaiting_instruction": Q(instructed_at=None),
        "circulating": Q(instructed_at__isnull=False, circulated_at=None),
        "finished": Q(circulated_at__isnull=False),
    }[state]


def _incoming_by_reader_department(dept_path: str) -> Q:
    readers = IncomingEntry.readers.through.objects.filter(
        incomingentry_id=OuterRef("pk"), person__department__path__startswith=dept_path
    )
    return Q(Exists(readers))


def _incoming(entry: IncomingEntry, _at: datetime.datetime) -> dict[str, Any]:
    doc = entry.document
    return {
        "register_number": entry.register_number,
        "received": entry.registered_at,
        "opened": entry.opened_at,
        **_document(doc),
        "issuer": entry.received_from or doc.issuer,
        "copies": doc.copies_count,
        "urgency": doc.urgency,
        "late": entry.late,
        "second_receipt": entry.repeat_of_id is not None,
        "instruction": entry.instruction,
        "readers": [p.name for p in entry.readers.all()],
    }


INCOMING = Register(
    key="incoming",
    title=gettext_lazy("Incoming register"),
    queryset=lambda: IncomingEntry.objects.select_related("document").prefetch_related("readers"),
    columns=(
        Column("register_number", gettext_lazy("Register no.")),
        Column("received", gettext_lazy("Registered at"), DATETIME),
        Column("opened", gettext_lazy("Opened at"), DATETIME),
        *DOCUMENT_COLUMNS,
        Column("issuer", gettext_lazy("Issuing body")),
        Column("copies", gettext_lazy("Copies"), NUMBER),
        Column("urgency", gettext_lazy("Urgency"), CHOICE, Urgency),
        Column("late", gettext_lazy("Registered late"), FLAG),
        # IN-NUMBER: a confirmed second receipt of a document number from one issuer
        Column("second_receipt", gettext_lazy("Second receipt"), FLAG),
        Column("instruction", gettext_lazy("Director's instruction")),
        Column("readers", gettext_lazy("Readers"), LIST),
    ),
    date="registered_at",
    organisation="organisation_id",
    mac=_on_document("document"),
    level=_level_of("document__level"),
    department=_incoming_by_reader_department,
    department_help=gettext_lazy("the readers' department"),
    line=_incoming,
    signatures=(HANDLED_BY,),
    rules=("IN-NUMBER", "IN-SAMEDAY", "IN-ROUTE"),
    states=INCOMING_STATES,
    state=_incoming_state,
)


# ---- outgoing (发文登记簿) -------------------------------------------------------------------


def _outgoing(envelope: Envelope, _at: datetime.datetime) -> dict[str, Any]:
    signer = envelope.signed_by_name
    if signer and envelope.signed_by_title:
        signer = f"{signer} ({envelope.signed_by_title})"
    return {
        "dispatched": envelope.dispatched_at,
        **_document(envelope.document),
        "level": envelope.level,
        "urgency": envelope.urgency,
        "addressee_only": envelope.addressee_only,
        "recipient": envelope.recipient,
        "copies": [copy_number(c) for c in envelope.copies.all()],
        "carried_by": envelope.method,
        "courier": _name(envelope.courier),
        "signed_by": signer,
        "signed_at": envelope.signed_at,
    }


OUTGOING = Register(
    key="outgoing",
    title=gettext_lazy("Outgoing register"),
    queryset=lambda: Envelope.objects.select_related("document", "courier").prefetch_related(
        models.Prefetch("copies", queryset=Copy.objects.select_related("document"))
    ),
    columns=(
        Column("dispatched", gettext_lazy("Dispatched at"), DATETIME),
        *DOCUMENT_COLUMNS,
        Column("urgency", gettext_lazy("Urgency"), CHOICE, Urgency),
        Column("addressee_only", gettext_lazy("Addressee only"), FLAG),
        Column("recipient", gettext_lazy("Recipient")),
        Column("copies", gettext_lazy("Copy numbers"), LIST),
        Column("carried_by", gettext_lazy("Carried by"), CHOICE, DispatchMethod),
        Column("courier", gettext_lazy("Courier")),
        Column("signed_by", gettext_lazy("Signed for by")),
        Column("signed_at", gettext_lazy("Signed at"), DATETIME),
    ),
    date="dispatched_at",
    organisation="organisation_id",
    mac=_on_document("document"),
    level=_level_of("level"),
    department=_under("document__drafting_department"),
    department_help=gettext_lazy("the drafting department"),
    line=_outgoing,
    signatures=(gettext_lazy("Recipient's signature"),),
    rules=("OUT-ENVELOPE", "OUT-COURIER", "OUT-SIGN"),
    states=(
        ("unsigned", gettext_lazy("Not yet signed for")),
        ("signed", gettext_lazy("Signed for")),
    ),
    state=lambda state, _at: Q(signed_at__isnull=state == "unsigned"),
)


# ---- circulation, loan, take-out (Custody lines) --------------------------------------------

CUSTODY_STATES = (
    ("out", gettext_lazy("Not yet returned")),
    ("returned", gettext_lazy("Returned")),
    ("overdue", gettext_lazy("Overdue or returned late")),
)
CUSTODY_SIGNATURES = (
    gettext_lazy("Signature on receipt"),
    gettext_lazy("Signature on return"),
)


def overdue(due: datetime.datetime | None, returned: datetime.datetime | None, at) -> bool:
    """Past its due time and not back, or back after it (CIRC-SAMEDAY, LOAN-DUE)."""
    return due is not None and (returned > due if returned is not None else at > due)


def _custody_state(state: str, at: datetime.datetime) -> Q:
    # Out past its due time, or back after it (the same reading as ``overdue`` above).
    late = Q(returned_at=None, due_at__lt=at) | Q(returned_at__gt=F("due_at"))
    return {
        "out": Q(returned_at=None),
        "returned": Q(returned_at__isnull=False),
        "overdue": late,
    }[state]


def _custody(c: Custody, at: datetime.datetime) -> dict[str, Any]:
    return {
        **_document(c.copy.document),
        "copy": copy_number(c.copy),
        "holder": c.holder.name,
        "lender_department": c.lender_department.name if c.lender_department else "",
        "purpose": c.purpose,
        "destination": c.destination,
        "abroad": c.abroad,
        "approval": c.approval_id,
        "handed_at": c.started_at,
        "received_at": c.received_at,
        "due_at": c.due_at,
        "returned_at": c.returned_at,
        "overdue": due.custody_rule(c) if overdue(c.due_at, c.returned_at, at) else "",
    }


def _custody_register(
    kind: str,
    key: str,
    title: Promise,
    holder: Promise,
    middle: tuple[Column, ...],
    rules: tuple[str, ...],
) -> Register:
    return Register(
        key=key,
        title=title,
        queryset=lambda: Custody.objects.filter(kind=kind).select_related(
            "copy__document", "holder", "lender_department"
        ),
        columns=(
            *DOCUMENT_COLUMNS,
            Column("copy", gettext_lazy("Copy no.")),
            Column("holder", holder),
            *middle,
            Column("handed_at", gettext_lazy("Handed over at"), DATETIME),
            Column("due_at", gettext_lazy("Due back"), DATETIME),
            Column("returned_at", gettext_lazy("Returned at"), DATETIME),
            # The rule it was due back under when overdue (CIRC-SAMEDAY, LOAN-DUE, …).
            Column("overdue", gettext_lazy("Overdue")),
        ),
        date="started_at",
        organisation="organisation_id",
        mac=_on_document("copy__document"),
        level=_level_of("copy__document__level"),
        department=_under("holder__department"),
        department_help=gettext_lazy("the holder's department"),
        line=_custody,
        signatures=CUSTODY_SIGNATURES,
        rules=rules,
        states=CUSTODY_STATES,
        state=_custody_state,
    )


PURPOSE = Column("purpose", gettext_lazy("Purpose"))
CIRCULATION = _custody_register(
    CustodyKind.CIRCULATION,
    "circulation",
    gettext_lazy("Circulation register"),
    gettext_lazy("Reader"),
    (Column("received_at", gettext_lazy("Receipt signed at"), DATETIME),),
    ("CIRC-SIGN", "CIRC-SAMEDAY"),
)
LOAN = _custody_register(
    CustodyKind.LOAN,
    "loan",
    gettext_lazy("Loan register"),
    gettext_lazy("Borrower"),
    (Column("lender_department", gettext_lazy("Lending department")), PURPOSE, APPROVAL),
    ("LOAN-APPROVE", "LOAN-DUE"),
)
TAKE_OUT = _custody_register(
    CustodyKind.TAKE_OUT,
    "take-out",
    gettext_lazy("Take-out register"),
    gettext_lazy("Taken out by"),
    (
        Column("destination", gettext_lazy("Destination")),
        Column("abroad", gettext_lazy("Abroad or foreign-affairs event"), FLAG),
        PURPOSE,
        APPROVAL,
    ),
    ("CARRY-APPROVE", "CARRY-ABROAD"),
)


# ---- print (印制登记簿) and reproduction (复制登记簿) ------------------------------------------


def _print(run: PrintRun, _at: datetime.datetime) -> dict[str, Any]:
    return {
        "printed_at": run.printed_at,
        **_document(run.document),
        "copies": run.copies,
        "printed_by": run.printed_by.name,
        "proofread_by": run.proofread_by.name,
        "workstation": run.workstation,
        "outside": run.outside,
        "waste_sheets": run.waste_sheets,
        "master": run.master,
        "approval": run.approval_id,
    }


PRINT = Register(
    key="print",
    title=gettext_lazy("Print register"),
    queryset=lambda: PrintRun.objects.select_related("document", "printed_by", "proofread_by"),
    columns=(
        Column("printed_at", gettext_lazy("Printed at"), DATETIME),
        *DOCUMENT_COLUMNS,
        Column("copies", gettext_lazy("Copies"), NUMBER),
        Column("printed_by", gettext_lazy("Printed by")),
        Column("proofread_by", gettext_lazy("Proofread by")),
        Column("workstation", gettext_lazy("Classified computer")),
        Column("outside", gettext_lazy("Printed outside"), FLAG),
        Column("waste_sheets", gettext_lazy("Waste sheets destroyed"), NUMBER),
        Column("master", gettext_lazy("Electronic master")),
        APPROVAL,
    ),
    date="printed_at",
    organisation="organisation_id",
    mac=_on_document("document"),
    level=_level_of("document__level"),
    department=_under("document__drafting_department"),
    department_help=gettext_lazy("the drafting department"),
    line=_print,
    signatures=(HANDLED_BY,),
    rules=("PRINT-REGISTER", "PRINT-WASTE", "PRINT-COUNT"),
)


def _reproduction(r: Reproduction, _at: datetime.datetime) -> dict[str, Any]:
    return {
        "made_at": r.made_at,
        **_document(r.document),
        "source": copy_number(r.source),
        "method": r.method,
        "count": r.count,
        "made_by": r.made_by.name,
        "approval": r.approval_id,
    }


REPRODUCTION = Register(
    key="reproduction",
    title=gettext_lazy("Reproduction register"),
    queryset=lambda: Reproduction.objects.select_related("document", "source__document", "made_by"),
    columns=(
        Column("made_at", gettext_lazy("Made at"), DATETIME),
        *DOCUMENT_COLUMNS,
        Column("source", gettext_lazy("Reproduced from copy")),
        Column("method", gettext_lazy("Method")),
        Column("count", gettext_lazy("Copies made"), NUMBER),
        Column("made_by", gettext_lazy("Made by")),
        APPROVAL,
    ),
    date="made_at",
    organisation="organisation_id",
    mac=_on_document("document"),
    level=_level_of("document__level"),
    department=_under("source__custodian__department"),
    department_help=gettext_lazy("the custodian of the source copy"),
    line=_reproduction,
    signatures=(HANDLED_BY,),
    rules=("COPY-APPROVE",),
)


# ---- fax (传真登记簿) ------------------------------------------------------------------------


def _fax_mac(visible: models.QuerySet, clearance: int) -> Q:
    """A fax about a document: that document's CLS-MAC; a fax registered without one: its
    own level within the actor's clearance."""
    return Q(document__in=visible) | Q(document=None, level__lte=clearance)


def _fax(f: FaxEntry, _at: datetime.datetime) -> dict[str, Any]:
    return {
        "at": f.at,
        "direction": f.direction,
        "channel": f.channel,
        "level": f.level,
        "document_number": f.document.number if f.document else "",
        "counterparty": f.counterparty,
        "pages": f.pages,
        "operator": f.operator.name,
        "recipient": _name(f.recipient),
    }


FAX = Register(
    key="fax",
    title=gettext_lazy("Fax register"),
    queryset=lambda: FaxEntry.objects.select_related("document", "operator", "recipient"),
    columns=(
        Column("at", gettext_lazy("Time"), DATETIME),
        Column("direction", gettext_lazy("Sent or received"), CHOICE, FaxDirection),
        Column("channel", gettext_lazy("Channel"), CHOICE, FaxChannel),
        Column("level", gettext_lazy("Level"), LEVEL),
        Column("document_number", gettext_lazy("Document number")),
        Column("counterparty", gettext_lazy("Sent to / received from")),
        Column("pages", gettext_lazy("Pages"), NUMBER),
        Column("operator", gettext_lazy("Operator")),
        Column("recipient", gettext_lazy("Recipient")),
    ),
    date="at",
    organisation="organisation_id",
    mac=_fax_mac,
    level=_level_of("level"),
    department=_under("operator__department", "recipient__department"),
    department_help=gettext_lazy("the operator's or the recipient's department"),
    line=_fax,
    signatures=(HANDLED_BY,),
    rules=("FAX-REGISTER", "FAX-NO-PUBLIC"),
    states=tuple(FaxDirection.choices),
    state=lambda state, _at: Q(direction=state),
)


# ---- archive access (档案查阅登记簿) ---------------------------------------------------------


def _access_documents():
    return ArchiveAccess.documents.through.objects.all()


def _archive_mac(visible: models.QuerySet, clearance: int) -> Q:
    """Every document of the registered scope known, and every excerpt's document too."""
    excerpts = ArchiveExcerpt.objects.filter(access=OuterRef("pk")).exclude(document__in=visible)
    scope = _on_every_document(_access_documents, "archiveaccess_id", "document")
    return scope(visible, clearance) & ~Exists(excerpts)


def _excerpt(e: ArchiveExcerpt) -> str:
    stamped = timezone.localtime(e.stamped_at).strftime("%Y-%m-%d")
    return f"{e.document.number}: {e.description} ({e.checked_by.name} {stamped})"


def _archive_access(a: ArchiveAccess, _at: datetime.datetime) -> dict[str, Any]:
    if a.applicant is not None:
        applicant = a.applicant.name
    else:
        applicant = " ".join(part for part in (a.outside_unit, a.outside_reader) if part)
    return {
        "registered_at": a.registered_at,
        "applicant": applicant,
        "introduction_letter": a.introduction_letter,
        "purpose": a.purpose,
        "documents": [f"{d.number} {d.title}" for d in a.documents.all()],
        "approval": a.approval_id,
        "read_at": a.read_at,
        "closed_at": a.closed_at,
        "excerpts": [_excerpt(e) for e in a.excerpts.all()],
    }


ARCHIVE_ACCESS = Register(
    key="archive-access",
    title=gettext_lazy("Archive access register"),
    queryset=lambda: ArchiveAccess.objects.select_related("applicant").prefetch_related(
        "documents",
        models.Prefetch(
            "excerpts",
            queryset=ArchiveExcerpt.objects.select_related("document", "checked_by").order_by("pk"),
        ),
    ),
    columns=(
        Column("registered_at", gettext_lazy("Registered at"), DATETIME),
        Column("applicant", gettext_lazy("Applicant")),
        Column("introduction_letter", gettext_lazy("Introduction letter")),
        PURPOSE,
        Column("documents", gettext_lazy("Registered scope"), LIST),
        APPROVAL,
        Column("read_at", gettext_lazy("Read at"), DATETIME),
        Column("closed_at", gettext_lazy("Closed at"), DATETIME),
        Column("excerpts", gettext_lazy("Excerpts checked and stamped"), LIST),
    ),
    date="registered_at",
    organisation="organisation_id",
    mac=_archive_mac,
    level=_any_at_level(_access_documents, "archiveaccess_id", "document__level"),
    department=_under("applicant__department"),
    department_help=gettext_lazy("the applicant's department"),
    line=_archive_access,
    signatures=(gettext_lazy("Reader's signature"),),
    rules=("ARCH-ACCESS", "ARCH-EXCERPT"),
    states=(("open", gettext_lazy("Open")), ("closed", gettext_lazy("Closed"))),
    state=lambda state, _at: Q(closed_at__isnull=state == "open"),
)


# ---- destruction (销毁登记簿): one line per copy ---------------------------------------------

DestroyedCopy = Destruction.copies.through


def _destruction(line: Any, _at: datetime.datetime) -> dict[str, Any]:
    d, copy = line.destruction, line.copy
    return {
        "destroyed_at": d.destroyed_at,
        **_document(copy.document),
        "copy": copy_number(copy),
        "method": d.method,
        "place": d.place,
        "operator": d.operator.name,
        "witnesses": [p.name for p in d.witnesses.all()],
        "approval": d.approval_id,
    }


DESTRUCTION = Register(
    key="destruction",
    title=gettext_lazy("Destruction register"),
    queryset=lambda: DestroyedCopy.objects.select_related(
        "destruction__operator", "copy__document"
    ).prefetch_related("destruction__witnesses"),
    columns=(
        Column("destroyed_at", gettext_lazy("Destroyed at"), DATETIME),
        *DOCUMENT_COLUMNS,
        Column("copy", gettext_lazy("Copy no.")),
        Column("method", gettext_lazy("Method"), CHOICE, DestructionMethod),
        Column("place", gettext_lazy("Place")),
        Column("operator", gettext_lazy("Destroyed by")),
        Column("witnesses", gettext_lazy("Witnesses"), LIST),
        APPROVAL,
    ),
    date="destruction__destroyed_at",
    organisation="destruction__organisation_id",
    mac=_on_document("copy__document"),
    level=_level_of("copy__document__level"),
    department=_under("copy__custodian__department"),
    department_help=gettext_lazy("the custodian of the copy"),
    line=_destruction,
    signatures=(gettext_lazy("Witnesses' signatures"),),
    rules=("DESTROY-APPROVE", "DESTROY-WITNESS", "DESTROY-PLACE"),
)


# ---- hand-over (移交登记簿) ------------------------------------------------------------------


def _handed_copies():
    return Handover.copies.through.objects.all()


def _handover_state(state: str, _at: datetime.datetime) -> Q:
    return {
        "open": Q(completed_at=None, cancelled_at=None),
        "completed": Q(completed_at__isnull=False),
        "cancelled": Q(cancelled_at__isnull=False),
    }[state]


def _handover(h: Handover, _at: datetime.datetime) -> dict[str, Any]:
    return {
        "listed_at": h.created_at,
        "from_person": h.from_person.name,
        "to_person": h.to_person.name,
        "reason": h.reason,
        "copies": [_copy_ref(c) for c in h.copies.all()],
        "approval": h.approval_id,
        "from_signed_at": h.from_signed_at,
        "to_signed_at": h.to_signed_at,
        "completed_at": h.completed_at,
    }


HANDOVER = Register(
    key="hand-over",
    title=gettext_lazy("Hand-over register"),
    queryset=lambda: Handover.objects.select_related("from_person", "to_person").prefetch_related(
        models.Prefetch("copies", queryset=Copy.objects.select_related("document"))
    ),
    columns=(
        Column("listed_at", gettext_lazy("Listed at"), DATETIME),
        Column("from_person", gettext_lazy("Handed over by")),
        Column("to_person", gettext_lazy("Received by")),
        Column("reason", gettext_lazy("Reason"), CHOICE, HandoverReason),
        Column("copies", gettext_lazy("Copies"), LIST),
        APPROVAL,
        Column("from_signed_at", gettext_lazy("Signed by the giver"), DATETIME),
        Column("to_signed_at", gettext_lazy("Signed by the receiver"), DATETIME),
        Column("completed_at", gettext_lazy("Completed at"), DATETIME),
    ),
    date="created_at",
    organisation="organisation_id",
    mac=_on_every_document(_handed_copies, "handover_id", "copy__document"),
    level=_any_at_level(_handed_copies, "handover_id", "copy__document__level"),
    department=_under("from_person__department"),
    department_help=gettext_lazy("the department of the person handing over"),
    line=_handover,
    signatures=(gettext_lazy("Giver's signature"), gettext_lazy("Receiver's signature")),
    rules=("HANDOVER",),
    states=(
        ("open", gettext_lazy("Open")),
        ("completed", gettext_lazy("Completed")),
        ("cancelled", gettext_lazy("Cancelled")),
    ),
    state=_handover_state,
)


# ---- inventory (清查登记簿): one line per expected or found copy -----------------------------


def _inventory_state(state: str, _at: datetime.datetime) -> Q:
    return {
        "found": Q(found_at__isnull=False),
        "shortage": Q(expected=True, found_at=None),
        "unexpected": Q(expected=False),
    }[state]


def _inventory(line: InventoryLine, _at: datetime.datetime) -> dict[str, Any]:
    inventory = line.inventory
    return {
        "started_at": inventory.started_at,
        "scope": inventory.department.name if inventory.department else _("Whole organisation"),
        **_document(line.copy.document),
        "copy": copy_number(line.copy),
        "expected": line.expected,
        "expected_holder": _name(line.expected_holder),
        "expected_state": line.expected_state,
        "found_at": line.found_at,
        "found_with": _name(line.found_with),
        "shortage": line.expected and line.found_at is None,
        "note": line.note,
    }


INVENTORY = Register(
    key="inventory",
    title=gettext_lazy("Inventory register"),
    queryset=lambda: InventoryLine.objects.select_related(
        "inventory__department", "copy__document", "expected_holder", "found_with"
    ),
    columns=(
        Column("started_at", gettext_lazy("Inventory of"), DATETIME),
        Column("scope", gettext_lazy("Checked holdings")),
        *DOCUMENT_COLUMNS,
        Column("copy", gettext_lazy("Copy no.")),
        Column("expected", gettext_lazy("Expected"), FLAG),
        Column("expected_holder", gettext_lazy("Expected with")),
        Column("expected_state", gettext_lazy("Expected state"), CHOICE, CopyState),
        Column("found_at", gettext_lazy("Found at"), DATETIME),
        Column("found_with", gettext_lazy("Found with")),
        Column("shortage", gettext_lazy("Shortage"), FLAG),
        Column("note", gettext_lazy("Note")),
    ),
    date="inventory__started_at",
    organisation="inventory__organisation_id",
    mac=_on_document("copy__document"),
    level=_level_of("copy__document__level"),
    department=_under("inventory__department", "expected_holder__department"),
    department_help=gettext_lazy("the inventoried department or the expected holder's"),
    line=_inventory,
    signatures=(gettext_lazy("Checked by (signature)"),),
    rules=("INVENTORY",),
    states=(
        ("found", gettext_lazy("Found")),
        ("shortage", gettext_lazy("Shortage")),
        ("unexpected", gettext_lazy("Found but not expected")),
    ),
    state=_inventory_state,
)


# ---- recordings (录音录像登记簿, AV-RECORD) ---------------------------------------------------


def _kept(copy: Copy) -> str:
    """Where a copy of a recording is: the archive volume it is filed in, or who keeps it."""
    if copy.state == CopyState.ARCHIVED and copy.volume is not None:
        return _("%(copy)s archived in %(volume)s") % {
            "copy": copy_number(copy),
            "volume": copy.volume.number,
        }
    return f"{copy_number(copy)} {CopyState(copy.state).label} {_name(copy.custodian)}"


def _recording(r: RecordingDetails, _at: datetime.datetime) -> dict[str, Any]:
    doc = r.document
    return {
        **_document(doc),
        "speaker": _name(r.speaker),
        "occasion": r.occasion,
        "recorded_on": r.recorded_on,
        "medium": r.medium,
        "format": r.format,
        "duration": r.duration_minutes,
        "copies": doc.copies_count,
        "kept": [_kept(c) for c in doc.copies.all()],
    }


def _recording_archived(state: str, _at: datetime.datetime) -> Q:
    archived = Q(
        Exists(Copy.objects.filter(document_id=OuterRef("document_id"), state=CopyState.ARCHIVED))
    )
    return archived if state == "archived" else ~archived


RECORDINGS = Register(
    key="recordings",
    title=gettext_lazy("Recordings register"),
    queryset=lambda: RecordingDetails.objects.select_related(
        "document", "speaker"
    ).prefetch_related(
        models.Prefetch(
            "document__copies",
            queryset=Copy.objects.select_related("document", "volume", "custodian").order_by(
                "number", "pk"
            ),
        )
    ),
    columns=(
        *DOCUMENT_COLUMNS,
        Column("speaker", gettext_lazy("Speaker")),
        Column("occasion", gettext_lazy("Occasion")),
        Column("recorded_on", gettext_lazy("Recorded on"), DATE),
        Column("medium", gettext_lazy("Audio or video"), CHOICE, RecordingMedium),
        Column("format", gettext_lazy("Carrier"), CHOICE, RecordingFormat),
        Column("duration", gettext_lazy("Duration (minutes)"), NUMBER),
        Column("copies", gettext_lazy("Copies"), NUMBER),
        Column("kept", gettext_lazy("Kept or archived"), LIST),
    ),
    date="document__registered_at",
    organisation="document__organisation_id",
    mac=_on_document("document"),
    level=_level_of("document__level"),
    department=_under("document__registered_by__person__department"),
    department_help=gettext_lazy("the department that registered it"),
    line=_recording,
    signatures=(HANDLED_BY,),
    rules=("AV-RECORD", "ARCH-FILE"),
    states=(
        ("archived", gettext_lazy("Archived")),
        ("not_archived", gettext_lazy("Not yet archived")),
    ),
    state=_recording_archived,
)


REGISTERS: dict[str, Register] = {
    r.key: r
    for r in (
        INCOMING,
        OUTGOING,
        CIRCULATION,
        PRINT,
        REPRODUCTION,
        LOAN,
        TAKE_OUT,
        FAX,
        ARCHIVE_ACCESS,
        DESTRUCTION,
        HANDOVER,
        INVENTORY,
        RECORDINGS,
    )
}
