"""The outgoing workflow (发文, JOURNEYS §2): draft with the catalogue's level and term →
review chain → sign-off → print approval → print run → seal and file copy → dispatch →
each recipient signs. One page per outgoing document shows every step done so far above
the form of the next one (DRAFT-*, PRINT-*, OUT-*)."""

from __future__ import annotations

import re
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from baomi.access.mac import knower
from baomi.approvals.models import ApprovalRequest, State
from baomi.approvals.queries import among
from baomi.carriers import queries
from baomi.carriers.models import CopyState, Document, DocumentKind, Stage
from baomi.carriers.operations import dispatch, outgoing
from baomi.carriers.queries import classification
from baomi.carriers.queries import outgoing as outgoing_reads
from baomi.carriers.web.custody import registers
from baomi.carriers.web.forms.outgoing import (
    CatalogueChoiceForm,
    DispatchForm,
    DraftForm,
    PrintRequestForm,
    PrintRunForm,
    ReasonForm,
    SealForm,
    SignDispatchForm,
)
from baomi.kit.pages import cleaned, done, page

LIST_LIMIT = 100
_LIVE = (State.PENDING, State.GRANTED)
# How a step's card looks: done, the current one, or still waiting.
STATUS_CSS = {
    "done": "border-success",
    "current": "border-primary",
    "waiting": "text-body-secondary",
}


def _steps(document_id: int) -> str:
    return reverse("outgoing_document", args=[document_id])


@page("outgoing")
def outgoing_list(request: HttpRequest) -> HttpResponse:
    """The outgoing documents the actor may know, newest first, by stage."""
    stage = request.GET.get("stage", "")
    docs = queries.documents(request.user).filter(kind=DocumentKind.OUTGOING)
    if stage in Stage.values:
        docs = docs.filter(stage=stage)
    return render(
        request,
        "carriers/outgoing/list.html",
        {
            "documents": docs.select_related("drafting_department")[:LIST_LIMIT],
            "stages": [(s, label) for s, label in Stage.choices if s != Stage.REGISTERED],
            "stage": stage,
        },
    )


@page("outgoing")
def outgoing_draft(request: HttpRequest) -> HttpResponse:
    """拟稿: the draft's form; choosing a catalogue entry (a GET form, no script) fills its
    level, term and basis (CLS-CATALOG)."""
    actor = request.user
    entries = list(classification.catalogue(actor))
    if request.method == "POST":
        form = DraftForm(request.POST, actor=actor, entries=entries)
        cleaned(form)
        doc = outgoing.draft_document(actor=actor, **form.operation_kwargs())
        return done(request, _("Draft %(number)s saved.") % {"number": doc.number}, _steps(doc.pk))
    choice = CatalogueChoiceForm(request.GET or None, entries=entries)
    initial: dict[str, Any] = {}
    if choice.is_bound and choice.is_valid() and choice.cleaned_data["catalogue_entry"]:
        entry = next(e for e in entries if e.pk == choice.cleaned_data["catalogue_entry"])
        initial = {
            "catalogue_entry": entry.pk,
            "level": entry.level,
            "term_years": entry.term_years,
            "basis": entry.matter,
        }
    return render(
        request,
        "carriers/outgoing/draft.html",
        {
            "choice": choice,
            "entries": entries,
            "form": DraftForm(actor=actor, entries=entries, initial=initial),
        },
    )


def _live(approval: ApprovalRequest | None) -> bool:
    """A request still pending or granted: no second one is offered meanwhile."""
    return approval is not None and approval.state in _LIVE


def _recipients(doc: Document) -> str:
    """The addressees of the draft, one a line: a first guess at the distribution."""
    names = re.split(r"[、,，;；\n]+", f"{doc.main_to}\n{doc.cc}")
    return "\n".join(n.strip() for n in names if n.strip())


@page("outgoing")
def outgoing_document(request: HttpRequest, document_id: int) -> HttpResponse:
    """One outgoing document's steps: what has been done, and the form of the next step for
    whoever may take it."""
    actor = request.user
    doc = outgoing_reads.document(actor, document_id, read=True)
    progress = outgoing_reads.progress(actor, doc)
    current, status = progress.next_step, progress.status
    review, printing, envelopes = progress.review, progress.printing, progress.envelopes
    copies = list(outgoing_reads.printed_copies(actor, doc.pk))
    free = [c.number for c in copies if c.state == CopyState.WITH_CUSTODIAN]
    keeps = registers(actor)
    context: dict[str, Any] = {
        "doc": doc,
        "me": knower(actor),
        "status": status,
        "css": {s: STATUS_CSS[value] for s, value in status.items()},
        "review": review,
        "printing": printing,
        "outside": progress.outside,
        "run": outgoing_reads.print_run(actor, doc.pk),
        "file_copy": outgoing_reads.file_copy(actor, doc.pk),
        "copies": copies,
        "envelopes": envelopes,
        "registers": keeps,
        "sources": outgoing_reads.sources(actor, doc),
    }
    if current == "review" and not _live(review):
        context["submit_form"] = ReasonForm()
    if current == "print_approval" and not _live(printing):
        context["print_request_form"] = PrintRequestForm(
            initial={
                "copies": len(_recipients(doc).splitlines()) + 1,
                "distribution": _recipients(doc),
            }
        )
    if current == "print" and keeps and printing and among([printing], "print_run"):
        context["print_form"] = PrintRunForm(
            actor=actor,
            initial={
                "copies": printing.params["copies"],
                "printed_by": context["me"].pk,
                "outside": bool(among(progress.requests, "print_outside")),
            },
        )
    if current == "seal" and keeps:
        context["seal_form"] = SealForm(numbers=free)
    if current == "dispatch" and keeps:
        context["dispatch_form"] = DispatchForm(actor=actor, recipients=doc.distribution, free=free)
    if keeps and any(e.signed_at is None for e in envelopes):
        context["sign_form"] = SignDispatchForm()
    return render(request, "carriers/outgoing/document.html", context)


@require_POST
@page("outgoing")
def outgoing_submit(request: HttpRequest, document_id: int) -> HttpResponse:
    """送审 (DRAFT-CHAIN)."""
    reason = cleaned(ReasonForm(request.POST))["reason"]
    outgoing.submit_draft(actor=request.user, document_id=document_id, reason=reason)
    return done(request, _("The draft is sent for review."), _steps(document_id))


@require_POST
@page("outgoing")
def outgoing_sign_off(request: HttpRequest, document_id: int) -> HttpResponse:
    """签发 with the granted review chain (DRAFT-CHAIN)."""
    doc = outgoing.sign_off(actor=request.user, document_id=document_id)
    return done(
        request,
        _("Signed off by %(name)s.") % {"name": doc.signed_off_by.name},
        _steps(document_id),
    )


@require_POST
@page("outgoing")
def outgoing_print_request(request: HttpRequest, document_id: int) -> HttpResponse:
    """Ask for the print approval (PRINT-APPROVE; PRINT-PLACE for printing outside)."""
    form = PrintRequestForm(request.POST)
    cleaned(form)
    outgoing.request_print(actor=request.user, document_id=document_id, **form.operation_kwargs())
    return done(request, _("Print approval requested."), _steps(document_id))


@require_POST
@page("outgoing", registers)
def outgoing_print(request: HttpRequest, document_id: int) -> HttpResponse:
    """印制 (PRINT-COUNT, PRINT-REGISTER, PRINT-PLACE, PRINT-WASTE)."""
    form = PrintRunForm(request.POST, actor=request.user)
    cleaned(form)
    run = outgoing.print_run(actor=request.user, document_id=document_id, **form.operation_kwargs())
    return done(
        request, _("%(n)d copies printed and registered.") % {"n": run.copies}, _steps(document_id)
    )


@require_POST
@page("outgoing", registers)
def outgoing_seal(request: HttpRequest, document_id: int) -> HttpResponse:
    """盖印 and the file copy (OUT-SEAL)."""
    number = cleaned(SealForm(request.POST, numbers=[]))["file_copy_number"]
    dispatch.seal(actor=request.user, document_id=document_id, file_copy_number=number)
    return done(
        request, _("Sealed; copy %(n)d kept as the file copy.") % {"n": number}, _steps(document_id)
    )


@require_POST
@page("outgoing", registers)
def outgoing_dispatch(request: HttpRequest, document_id: int) -> HttpResponse:
    """分送 (OUT-CHECK, OUT-ENVELOPE, OUT-COURIER)."""
    doc = outgoing_reads.document(request.user, document_id)
    form = DispatchForm(request.POST, actor=request.user, recipients=doc.distribution, free=[])
    cleaned(form)
    sent = dispatch.dispatch(actor=request.user, document_id=doc.pk, **form.operation_kwargs())
    return done(request, _("%(n)d envelopes dispatched.") % {"n": len(sent)}, _steps(document_id))


@require_POST
@page("outgoing", registers)
def envelope_sign(request: HttpRequest, envelope_id: int) -> HttpResponse:
    """签收: the recipient's signature for one envelope (OUT-SIGN)."""
    data = cleaned(SignDispatchForm(request.POST))
    envelope = dispatch.sign_dispatch(actor=request.user, envelope_id=envelope_id, **data)
    return done(
        request,
        _("Signature of %(name)s recorded.") % {"name": envelope.signed_by_name},
        _steps(envelope.document_id),
    )
