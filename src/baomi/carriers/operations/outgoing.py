"""The outgoing workflow (发文) up to the print run: draft, review chain and sign-off, print
approval and print run (DRAFT-*, PRINT-*), with the catalogue and derived classification
offered at drafting (CLS-CATALOG, CLS-DERIVE). Sealing and dispatch follow in ``dispatch``.

Whoever reads a document to decide on it or to print it is named into its scope, cleared for
its level first (CLS-MAC): the approvers of each request, the printer and the proofreader.
The general office's clerk who prints, seals and dispatches must know the document: the
drafter names them (or the security officer widens the scope, CLS-NO-WIDEN)."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from baomi.access.actor import Actor
from baomi.access.mac import can_know
from baomi.access.roles import Permission, require
from baomi.approvals.models import ApprovalRequest, State
from baomi.approvals.operations import consume_approval, open_request
from baomi.approvals.queries import granted
from baomi.audit.actions import register_action
from baomi.audit.operation import operation
from baomi.audit.recorder import record_event
from baomi.carriers.models import (
    CarrierType,
    CatalogueEntry,
    Document,
    DocumentKind,
    PrintRun,
    Stage,
    Urgency,
)
from baomi.carriers.operations import recordings
from baomi.carriers.operations._common import (
    MAX_COPIES,
    create_document,
    in_general_office,
    is_count,
    level_of,
    me,
    new_copies,
    now,
    person_in,
    require_cleared,
    require_stage,
)
from baomi.carriers.policies import DOCUMENTS
from baomi.carriers.queries import lock_document
from baomi.core.errors import InvalidInput, NotFound
from baomi.core.levels import Level
from baomi.org.models import Department, Person
from baomi.rulebook import book

DRAFTED = register_action("carriers.drafted", gettext_lazy("Outgoing document drafted"))
SUBMITTED = register_action("carriers.draft_submitted", gettext_lazy("Draft sent for review"))
SIGNED_OFF = register_action("carriers.signed_off", gettext_lazy("Document signed off"))
PRINT_REQUESTED = register_action("carriers.print_requested", gettext_lazy("Printing requested"))
PRINTED = register_action("carriers.printed", gettext_lazy("Document printed"))

# PRINT-WASTE: what may become of the electronic master of a print run.
MASTER_FATES = ("deleted", "encrypted")
# The stages after printing: a document is printed once (PRINT-COUNT).
_PRINTED_STAGES = (Stage.PRINTED, Stage.SEALED, Stage.DISPATCHED)


def _subject(doc: Document) -> tuple[str, int]:
    return ("carriers.document", doc.pk)


def _require_signed(doc: Document) -> None:
    """Only a signed-off document is printed (DRAFT-CHAIN), and only once (PRINT-COUNT)."""
    book.require(
        doc.organisation_id,
        "PRINT-COUNT",
        doc.stage not in _PRINTED_STAGES,
        _("%(number)s has been printed, %(n)d copies: no extra copies.")
        % {"number": doc.number, "n": doc.copies_count},
        conflict=True,
    )
    require_stage(doc, Stage.SIGNED, "DRAFT-CHAIN")


def _requests(doc: Document, operation_name: str, *states: str) -> QuerySet[ApprovalRequest]:
    """The approval requests of ``operation_name`` on ``doc`` in one of ``states``."""
    return ApprovalRequest.objects.filter(
        organisation_id=doc.organisation_id,
        operation=operation_name,
        subject_type=_subject(doc)[0],
        subject_id=str(doc.pk),
        state__in=states,
    ).order_by("pk")


def _name_approvers(doc: Document, *requests: ApprovalRequest) -> list[int]:
    """Approvers read what they approve: each one outside the scope is named into it, cleared
    for the level first (CLS-MAC). Returns the ids added, for the operation's audit event."""
    people = [
        step.approver
        for request in requests
        for step in request.steps.select_related("approver__department", "approver__rank")
    ]
    require_cleared(people, Level(doc.level))
    added = {p.pk: p for p in people if not can_know(p, doc)}
    doc.scope_people.add(*added.values())
    return sorted(added)


# --- drafting -------------------------------------------------------------------------------


def _sources(actor: Actor, org: int, ids: list[int] | None) -> list[Document]:
    """The documents a draft is derived from (CLS-DERIVE): ones the drafter may know; a
    cipher telegram is never printed into a document (CIPHER)."""
    wanted = set(ids or [])
    sources = list(DOCUMENTS.known(actor).filter(pk__in=wanted).order_by("pk"))
    if len(sources) != len(wanted):
        raise NotFound(_("No such document."))
    book.require(
        org,
        "CIPHER",
        all(s.carrier_type != CarrierType.CIPHER for s in sources),
        _("A cipher telegram is never printed into a document."),
    )
    return sources


def _catalogue_entry(org: int, entry_id: int | None) -> CatalogueEntry | None:
    if entry_id is None:
        return None
    entry = CatalogueEntry.objects.filter(organisation_id=org, pk=entry_id, active=True).first()
    if entry is None:
        raise NotFound(_("No such catalogue entry."))
    return entry


def _classification(
    org: int,
    level: Any,
    term_years: int | None,
    entry: CatalogueEntry | None,
    sources: list[Document],
) -> tuple[Level, int | None]:
    """The draft's level and term: by default the catalogue entry's (CLS-CATALOG) and the
    highest level and longest term of its sources (CLS-DERIVE); never below either."""
    source_level = max((s.level for s in sources), default=None)
    source_term = max((s.term_years or 0 for s in sources), default=0)
    entry_level = entry.level if entry else None
    if level is None:
        level = max((x for x in (entry_level, source_level) if x is not None), default=None)
    lvl = level_of(level)  # CLS-MARK: a draft without a level is refused
    if term_years is None:
        term_years = max(entry.term_years if entry else 0, source_term) or None
    if entry is not None:
        book.require(
            org,
            "CLS-CATALOG",
            lvl >= entry.level,
            _("The catalogue classifies “%(matter)s” as %(level)s; the draft may not be lower.")
            % {"matter": entry.matter, "level": Level(entry.level).label},
        )
    if sources:
        book.require(
            org,
            "CLS-DERIVE",
            lvl >= source_level and (term_years or 0) >= source_term,
            _(
                "A derived item takes at least the highest level (%(level)s) and the longest "
                "term (%(n)d years) of its sources."
            )
            % {"level": Level(source_level).label, "n": source_term},
        )
    return lvl, term_years


def _drafting_department(drafter: Person, department_id: int | None) -> Department:
    if department_id is None:
        return drafter.department
    department = Department.objects.filter(
        organisation_id=drafter.organisation_id, pk=department_id
    ).first()
    if department is None:
        raise NotFound(_("No such department."))
    return department


@operation
def draft_document(
    *,
    actor: Actor,
    title: str,
    level: Any = None,
    term_years: int | None = None,
    number: str = "",
    main_to: str = "",
    cc: str = "",
    is_public: bool = False,
    subject_words: str = "",
    drafting_department_id: int | None = None,
    normative: bool = False,
    catalogue_entry_id: int | None = None,
    basis: str = "",
    urgency: str = Urgency.NORMAL,
    addressee_only: bool = False,
    carrier_type: str = CarrierType.PAPER,
    source_document_ids: list[int] | None = None,
    named_people_ids: list[int] | None = None,
    department_ids: list[int] | None = None,
) -> Document:
    """拟稿: draft an outgoing document with title, to, cc, level, public or not, subject words
    and drafting department (DRAFT-FORM), its level and term from the catalogue (CLS-CATALOG)
    and its sources (CLS-DERIVE; CIPHER), its scope as any document's (CLS-MARK).

    The drafting department defaults to the drafter's. A blank number gets a provisional one:
    the document number is fixed by the print approval (PRINT-APPROVE). Carrier type
    "recording" is refused (AV-RECORD): a recording made here is registered through
    ``recordings.register_recording``, by the designated department."""
    require(actor, Permission.KNOW_ITEMS)
    drafter = me(actor)
    org = drafter.organisation_id
    sources = _sources(actor, org, source_document_ids)
    entry = _catalogue_entry(org, catalogue_entry_id)
    department = _drafting_department(drafter, drafting_department_id)
    if urgency not in Urgency.values:
        raise InvalidInput(_("Unknown urgency."), field="urgency")
    if carrier_type not in CarrierType.values:
        raise InvalidInput(_("Unknown carrier type."), field="carrier_type")
    recordings.refuse_elsewhere(org, carrier_type)
    book.require(
        org,
        "DRAFT-FORM",
        bool(title.strip()) and bool(main_to.strip()),
        _("A draft records its title and whom it is addressed to (主送)."),
    )
    lvl, term = _classification(org, level, term_years, entry, sources)
    doc = create_document(
        actor,
        drafter,
        number=number.strip() or _("draft"),
        title=title,
        level=lvl,
        term_years=term,
        issuer=drafter.organisation.name,
        named_people_ids=named_people_ids,
        department_ids=department_ids,
        kind=DocumentKind.OUTGOING,
        stage=Stage.DRAFT,
        urgency=urgency,
        addressee_only=bool(addressee_only),
        carrier_type=carrier_type,
        subject_words=subject_words.strip(),
        main_to=main_to.strip(),
        cc=cc.strip(),
        is_public=bool(is_public),
        normative=bool(normative),
        drafting_department=department,
        catalogue_entry=entry,
        basis=basis.strip() or (entry.matter if entry else ""),
    )
    if not number.strip():
        doc.number = _("Draft %(n)d") % {"n": doc.pk}
        doc.save(update_fields=["number"])
    doc.sources.set(sources)
    record_event(
        actor=actor,
        action=DRAFTED,
        subject=doc,
        data={
            "level": doc.level,
            "term_years": doc.term_years,
            "department": department.pk,
            "catalogue_entry": entry.pk if entry else None,
            "sources": [s.pk for s in sources],
            "normative": doc.normative,
            "rules": ["DRAFT-FORM", "CLS-MARK", "CLS-CATALOG", "CLS-DERIVE"],
        },
    )
    return doc


# --- review chain and sign-off --------------------------------------------------------------


def _sign_off_params(doc: Document) -> dict[str, Any]:
    """What the review chain approves: the draft at its level and term."""
    return {"level": doc.level, "term_years": doc.term_years}


@operation
def submit_draft(*, actor: Actor, document_id: int, reason: str = "") -> ApprovalRequest:
    """送审: open the review chain of a draft (DRAFT-CHAIN): the drafting department's head,
    for a normative document then the director of the general office, the leader in charge,
    and the head of the organisation, who signs off. The approvers are named into the scope."""
    require(actor, Permission.KNOW_ITEMS)
    doc = lock_document(actor, document_id)
    require_stage(doc, Stage.DRAFT, "DRAFT-CHAIN")
    book.require(
        doc.organisation_id,
        "DRAFT-CHAIN",
        not _requests(doc, "sign_off", State.PENDING, State.GRANTED).exists(),
        _("The draft is already under review."),
        conflict=True,
    )
    kinds = list(book.param(doc.organisation_id, "DRAFT-CHAIN", "approvers"))
    if doc.normative and "office_director" not in kinds:
        # DRAFT-CHAIN: normative documents are reviewed by the general office after the
        # drafting department (the legal section has no place in the org chart yet).
        after = kinds.index("department_head") + 1 if "department_head" in kinds else 0
        kinds.insert(after, "office_director")
    request = open_request(
        actor=actor,
        rule_id="DRAFT-CHAIN",
        operation_name="sign_off",
        subject=_subject(doc),
        params=_sign_off_params(doc),
        reason=reason,
        kinds=kinds,
    )
    named = _name_approvers(doc, request)
    record_event(
        actor=actor,
        action=SUBMITTED,
        subject=doc,
        data={"request": request.pk, "named": named, "rule": "DRAFT-CHAIN"},
    )
    return request


@operation
def sign_off(*, actor: Actor, document_id: int) -> Document:
    """签发: the granted review chain is used once; the approver of its last step (the head of
    the organisation by default) is recorded as the one who signed off and issued it
    (DRAFT-CHAIN)."""
    require(actor, Permission.KNOW_ITEMS)
    doc = lock_document(actor, document_id)
    require_stage(doc, Stage.DRAFT, "DRAFT-CHAIN")
    request = consume_approval(
        actor=actor,
        rule_id="DRAFT-CHAIN",
        operation_name="sign_off",
        subject=_subject(doc),
        params=_sign_off_params(doc),
    )
    signer = request.steps.select_related("approver").order_by("-order").first().approver
    doc.stage, doc.signed_off_at = Stage.SIGNED, now()
    doc.signed_off_by = doc.issued_by = signer
    doc.save(update_fields=["stage", "signed_off_by", "issued_by", "signed_off_at"])
    record_event(
        actor=actor,
        action=SIGNED_OFF,
        subject=doc,
        data={"request": request.pk, "signed_off_by": signer.pk, "rule": "DRAFT-CHAIN"},
    )
    return doc


# --- printing -------------------------------------------------------------------------------


def _recall_date(value: Any) -> datetime.date:
    if isinstance(value, str):
        try:
            value = datetime.date.fromisoformat(value.strip())
        except ValueError:
            value = None
    if not isinstance(value, datetime.date) or isinstance(value, datetime.datetime):
        raise InvalidInput(_("Give the recall date as a date."), field="recall_date")
    if value < timezone.localdate():
        raise InvalidInput(_("The recall date cannot be in the past."), field="recall_date")
    return value


def _distribution(value: Any) -> list[str]:
    names = [n.strip() for n in value if isinstance(n, str)] if isinstance(value, list) else []
    if not names or len(names) != len(value) or not all(names) or len(set(names)) != len(names):
        raise InvalidInput(
            _("The distribution is a list of distinct recipients."), field="distribution"
        )
    return names


def _print_params(
    doc: Document, number: str, copies: Any, recall_date: Any, distribution: Any
) -> dict[str, Any]:
    """What a print approval fixes (PRINT-APPROVE), as plain data."""
    if not isinstance(number, str) or not number.strip():
        raise InvalidInput(_("The document number is required."), field="number")
    if not is_count(copies):
        raise InvalidInput(
            _("The number of copies must be between 1 and %(n)d.") % {"n": MAX_COPIES},
            field="copies",
        )
    return {
        "number": number.strip(),
        "level": doc.level,
        "copies": copies,
        "recall_date": _recall_date(recall_date).isoformat(),
        "distribution": _distribution(distribution),
    }


@operation
def request_print(
    *,
    actor: Actor,
    document_id: int,
    number: str,
    copies: int,
    recall_date: datetime.date | str,
    distribution: list[str],
    reason: str = "",
    outside: bool = False,
) -> ApprovalRequest:
    """Ask the leader to approve printing a signed-off document, fixing its number, level,
    copies, recall date and distribution (PRINT-APPROVE); printing outside the general office
    needs the head of the organisation's approval as well (PRINT-PLACE). Returns the print
    approval request; the approvers are named into the scope."""
    require(actor, Permission.KNOW_ITEMS)
    doc = lock_document(actor, document_id)
    _require_signed(doc)
    params = _print_params(doc, number, copies, recall_date, distribution)
    requests = [
        open_request(
            actor=actor,
            rule_id="PRINT-APPROVE",
            operation_name="print_run",
            subject=_subject(doc),
            params=params,
            reason=reason,
        )
    ]
    if outside:
        requests.append(
            open_request(
                actor=actor,
                rule_id="PRINT-PLACE",
                operation_name="print_outside",
                subject=_subject(doc),
                params={"number": params["number"]},
                reason=reason,
            )
        )
    named = _name_approvers(doc, *requests)
    record_event(
        actor=actor,
        action=PRINT_REQUESTED,
        subject=doc,
        data={
            "requests": [r.pk for r in requests],
            "copies": params["copies"],
            "outside": bool(outside),
            "named": named,
            "rules": ["PRINT-APPROVE", "PRINT-PLACE"],
        },
    )
    return requests[0]


def _approved_print(doc: Document) -> dict[str, Any]:
    """The parameters of a granted, unused, unexpired print approval of ``doc`` at its
    current level (PRINT-APPROVE)."""
    approvals = granted(doc.organisation_id, "print_run", _subject(doc))
    params = next((r.params for r in approvals if r.params.get("level") == doc.level), None)
    book.require(
        doc.organisation_id,
        "PRINT-APPROVE",
        params is not None,
        _("Printing needs a granted print approval, and there is none unused and unexpired."),
    )
    return params


@operation
def print_run(
    *,
    actor: Actor,
    document_id: int,
    copies: int,
    printed_by_id: int,
    proofread_by_id: int,
    workstation: str,
    waste_sheets: int,
    master: str,
    outside: bool = False,
) -> PrintRun:
    """印制: print exactly the approved number of copies (PRINT-APPROVE, PRINT-COUNT), each
    numbered "copy n of m", with the actor as their custodian; record who printed and who
    proofread (PRINT-REGISTER), on which classified computer of the general office, or
    outside with the head's approval (PRINT-PLACE), the waste sheets destroyed and what became
    of the electronic master (PRINT-WASTE)."""
    require(actor, Permission.REGISTER_ITEMS)
    clerk = me(actor)
    doc = lock_document(actor, document_id)
    org = doc.organisation_id
    _require_signed(doc)
    params = _approved_print(doc)
    if not is_count(copies):
        raise InvalidInput(_("Give the number of copies printed."), field="copies")
    book.require(
        org,
        "PRINT-COUNT",
        copies == params["copies"],
        _("Exactly the approved number of copies (%(n)d) is printed, no extra copies.")
        % {"n": params["copies"]},
    )
    printer, proofreader = person_in(org, printed_by_id), person_in(org, proofread_by_id)
    book.require(
        org,
        "PRINT-REGISTER",
        printer.pk != proofreader.pk,
        _("The printer and the proofreader are two different people."),
    )
    require_cleared([printer, proofreader], Level(doc.level))
    if not is_count(waste_sheets, low=0):
        raise InvalidInput(_("Give the number of waste sheets destroyed."), field="waste_sheets")
    book.require(
        org,
        "PRINT-WASTE",
        master in MASTER_FATES,
        _("The electronic master is deleted or kept encrypted."),
    )
    if outside:
        consume_approval(
            actor=actor,
            rule_id="PRINT-PLACE",
            operation_name="print_outside",
            subject=_subject(doc),
            params={"number": params["number"]},
        )
    else:
        book.require(
            org,
            "PRINT-PLACE",
            in_general_office(printer) and bool(workstation.strip()),
            _(
                "Classified documents are printed by the general office on a designated "
                "classified computer, or outside with the head's approval."
            ),
        )
    approval = consume_approval(
        actor=actor,
        rule_id="PRINT-APPROVE",
        operation_name="print_run",
        subject=_subject(doc),
        params=params,
    )
    at = now()
    doc.number, doc.copies_count, doc.stage = params["number"], copies, Stage.PRINTED
    doc.distribution = params["distribution"]
    doc.recall_date = datetime.date.fromisoformat(params["recall_date"])
    doc.save(update_fields=["number", "copies_count", "distribution", "recall_date", "stage"])
    doc.scope_people.add(printer, proofreader)
    run = PrintRun.objects.create(
        organisation_id=org,
        document=doc,
        approval=approval,
        printed_by=printer,
        proofread_by=proofreader,
        workstation=workstation.strip(),
        outside=bool(outside),
        copies=copies,
        waste_sheets=waste_sheets,
        master=master,
        printed_at=at,
        recorded_by=actor,
    )
    new_copies(doc, range(1, copies + 1), actor=actor, action="printed", custodian=clerk, at=at)
    record_event(
        actor=actor,
        action=PRINTED,
        subject=doc,
        data={
            "approval": approval.pk,
            "copies": copies,
            "printed_by": printer.pk,
            "proofread_by": proofreader.pk,
            "outside": bool(outside),
            "waste_sheets": waste_sheets,
            "master": master,
            "rules": [
                "PRINT-APPROVE",
                "PRINT-COUNT",
                "PRINT-REGISTER",
                "PRINT-PLACE",
                "PRINT-WASTE",
            ],
        },
    )
    return run
