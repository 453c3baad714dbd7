"""Reads of the outgoing workflow (JOURNEYS §2): an outgoing document, where it stands in the
workflow and what comes next (``progress``, the same for the page and the API), its print run
(PRINT-REGISTER), its printed copies and its sealed file copy (OUT-FILE). Everything is read
through CLS-MAC: nothing for a document the actor may not know."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from baomi.access.actor import Actor
from baomi.approvals.models import ApprovalRequest, State
from baomi.carriers import queries
from baomi.carriers.models import Copy, Document, DocumentKind, Envelope, PrintRun, Stage
from baomi.carriers.policies import DOCUMENTS
from baomi.carriers.queries.approvals import about as approvals_about
from baomi.carriers.queries.copies import known_copies
from baomi.core.errors import NotFound

# The steps of an outgoing document, in order: draft → review chain → sign-off → print
# approval → print run → seal and file copy → dispatch → every recipient signed.
STEPS = ("draft", "review", "sign_off", "print_approval", "print", "seal", "dispatch", "receipt")
_APPROVED = (State.GRANTED, State.CONSUMED)
_PRINTED = (Stage.PRINTED, Stage.SEALED, Stage.DISPATCHED)


def document(actor: Actor, document_id: int, *, read: bool = False) -> Document:
    """An outgoing document the actor may know (its read recorded when ``read``); "not
    found" when it is missing, not knowable or not an outgoing document."""
    if read:
        doc = queries.document(actor, document_id)
    else:
        doc = queries.documents(actor).filter(pk=document_id).first()
    if doc is None or doc.kind != DocumentKind.OUTGOING:
        raise NotFound(_("No such document."))
    return doc


@dataclass(frozen=True)
class Progress:
    """Where an outgoing document stands: the steps behind it, the next one (None when every
    step is done), and what the steps were decided on: the latest review chain
    (DRAFT-CHAIN), print approval (PRINT-APPROVE) and approval to print outside
    (PRINT-PLACE) among ``requests``, and the envelopes sent (OUT-ENVELOPE, OUT-SIGN)."""

    done: dict[str, bool]
    next_step: str | None
    requests: list[ApprovalRequest]
    review: ApprovalRequest | None
    printing: ApprovalRequest | None
    outside: ApprovalRequest | None
    envelopes: list[Envelope]

    @property
    def status(self) -> dict[str, str]:
        """Each step, in order: "done", "current" (the next one) or "waiting"."""
        return {
            s: "done" if self.done[s] else "current" if s == self.next_step else "waiting"
            for s in STEPS
        }


def _latest(requests: list[ApprovalRequest], operation: str) -> ApprovalRequest | None:
    return next((r for r in requests if r.operation == operation), None)


def _state(request: ApprovalRequest | None) -> str:
    return request.state if request is not None else ""


def _done(
    doc: Document,
    review: ApprovalRequest | None,
    printing: ApprovalRequest | None,
    envelopes: list[Envelope],
) -> dict[str, bool]:
    """Which steps are behind the document."""
    return {
        "draft": True,
        "review": _state(review) in _APPROVED or doc.stage != Stage.DRAFT,
        "sign_off": doc.stage != Stage.DRAFT,
        "print_approval": _state(printing) in _APPROVED or doc.stage in _PRINTED,
        "print": doc.stage in _PRINTED,
        "seal": doc.stage in (Stage.SEALED, Stage.DISPATCHED),
        "dispatch": doc.stage == Stage.DISPATCHED,
        "receipt": doc.stage == Stage.DISPATCHED and all(e.signed_at for e in envelopes),
    }


def progress(actor: Actor, doc: Document) -> Progress:
    """The steps done and the next step of an outgoing document the actor may know (read
    through ``document``), with the approval requests and envelopes they were decided on."""
    requests = approvals_about(
        actor, "carriers.document", doc.pk, "sign_off", "print_run", "print_outside"
    )
    review, printing = _latest(requests, "sign_off"), _latest(requests, "print_run")
    envelopes = list(
        doc.envelopes.select_related("courier", "dispatched_by").prefetch_related("copies")
    )
    done = _done(doc, review, printing, envelopes)
    return Progress(
        done=done,
        next_step=next((s for s in STEPS if not done[s]), None),
        requests=requests,
        review=review,
        printing=printing,
        outside=_latest(requests, "print_outside"),
        envelopes=envelopes,
    )


def printed_copies(actor: Actor, document_id: int) -> QuerySet[Copy]:
    """The copies printed of a document (reproductions left out), by number."""
    return (
        known_copies(actor).filter(document_id=document_id, reproduced_from=None).order_by("number")
    )


def file_copy(actor: Actor, document_id: int) -> Copy | None:
    """The copy sealed as the file copy of a document, if any."""
    return known_copies(actor).filter(document_id=document_id, timeline__action="sealed").first()


def sources(actor: Actor, document: Document) -> tuple[list[Document], int]:
    """The documents ``document`` was derived from (CLS-DERIVE) that the actor may know, by
    number, and how many others it has: those are counted, never named (a reader of the
    derived document need not be in its sources' scopes)."""
    every = document.sources.order_by("number")
    known = list(every.filter(pk__in=DOCUMENTS.known(actor).values("pk")))
    return known, every.count() - len(known)


def print_run(actor: Actor, document_id: int) -> PrintRun | None:
    """The print register's line of a document, if it was printed."""
    visible = DOCUMENTS.known(actor).filter(pk=document_id).values("pk")
    return (
        PrintRun.objects.filter(document__in=visible)
        .select_related("printed_by", "proofread_by", "recorded_by")
        .first()
    )
