"""Using a copy (RULES.md §5), one page per copy reached from its document: ask to reproduce,
borrow or take it out; for its custodian, carry out what was approved (reproduce, lend, take
out), take it to a meeting, recall, file or report it; and the fax register's form."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from baomi.access.mac import knower
from baomi.access.roles import Permission, has_permission
from baomi.approvals.queries import among
from baomi.carriers import queries
from baomi.carriers.models import HELD_STATES, TIMELINE, CopyState
from baomi.carriers.operations import use
from baomi.carriers.queries import archives
from baomi.carriers.queries import copies as carriers
from baomi.carriers.queries.approvals import about as approvals_about
from baomi.carriers.web.forms.custody import (
    FaxForm,
    LoanForm,
    MeetingForm,
    ReproduceForm,
    ReproductionRequestForm,
    TakeOutForm,
    TakeOutRequestForm,
)
from baomi.carriers.web.forms.lifecycle import ArchiveForm, LossForm
from baomi.kit.pages import cleaned, done, page

FAX_DOCUMENTS = 200
# The approvals asked about a copy (their operation names in carriers.operations).
COPY_OPERATIONS = ("reproduce", "lend", "take_out", "destroy")


def registers(actor: Any) -> bool:
    return has_permission(actor, Permission.REGISTER_ITEMS)


def copy_page(copy_id: int) -> str:
    return reverse("copy_use", args=[copy_id])


@page("documents")
def copy_use(request: HttpRequest, copy_id: int) -> HttpResponse:
    """One copy: where it is, its timeline, the approvals asked about it, and the forms its
    holder, its custodian and anyone who may know it can use."""
    actor = request.user
    copy = carriers.known_copy(actor, copy_id)
    copy.document = queries.document(actor, copy.document_id)  # the read is recorded
    me = knower(actor)
    keeps = registers(actor) and copy.custodian_id == me.pk
    in_hand = copy.state == CopyState.WITH_CUSTODIAN
    requests = approvals_about(actor, "carriers.copy", copy.pk, *COPY_OPERATIONS)
    context: dict[str, Any] = {
        "copy": copy,
        "doc": copy.document,
        "me": me,
        "keeps": keeps,
        "registers": registers(actor),
        "in_hand": in_hand,
        "requests": requests,
        "timeline": [
            (event, TIMELINE.get(event.action, event.action))
            for event in carriers.copy_timeline(actor, copy.pk)
        ],
        "reproduction_request_form": ReproductionRequestForm(),
        "loan_request_form": LoanForm(actor=actor, initial={"borrower": me.pk}),
        "take_out_request_form": TakeOutRequestForm(),
        "may_report_loss": copy.state in (*HELD_STATES, CopyState.ARCHIVED)
        and me.pk in (copy.holder_id, copy.custodian_id),
        "loss_form": LossForm(),
    }
    if keeps and in_hand:
        volumes = list(archives.volumes(actor))
        # The approvals still usable, to pick from: their parameters fill the forms.
        still = among(requests)
        context.update(
            {
                "to_reproduce": [r for r in still if r.operation == "reproduce"],
                "to_lend": [r for r in still if r.operation == "lend"],
                "to_take_out": [r for r in still if r.operation == "take_out"],
                "reproduce_form": ReproduceForm(actor=actor, initial={"made_by": me.pk}),
                "lend_form": LoanForm(actor=actor),
                "take_out_form": TakeOutForm(actor=actor),
                "meeting_form": MeetingForm(actor=actor),
                "archive_form": ArchiveForm(volumes=volumes) if volumes else None,
            }
        )
    return render(request, "carriers/custody/copy.html", context)


def _loan(request: HttpRequest) -> dict[str, Any]:
    """The loan the posted LoanForm describes, as ``use.request_loan`` and ``use.lend`` take
    it."""
    data = cleaned(LoanForm(request.POST, actor=request.user))
    return {
        "borrower_id": data["borrower"],
        "due_date": data["due_date"],
        "purpose": data["purpose"],
    }


def _handed(request: HttpRequest, copy_id: int, custody: Any, message: str) -> HttpResponse:
    """The custodian's answer once the copy is away: ``message`` names its holder."""
    return done(request, message % {"name": custody.holder.name}, copy_page(copy_id))


def _asked(request: HttpRequest, copy_id: int) -> HttpResponse:
    return done(
        request,
        _("Request sent to the approvers; it is in your approvals list."),
        copy_page(copy_id),
    )


@require_POST
@page("documents")
def copy_reproduction_request(request: HttpRequest, copy_id: int) -> HttpResponse:
    """Ask to reproduce a copy (COPY-APPROVE; COPY-TS for a top-secret one)."""
    data = cleaned(ReproductionRequestForm(request.POST))
    use.request_reproduction(actor=request.user, copy_id=copy_id, **data)
    return _asked(request, copy_id)


@require_POST
@page("documents")
def copy_loan_request(request: HttpRequest, copy_id: int) -> HttpResponse:
    """Ask to borrow a copy, for oneself or (the clerk) for someone (LOAN-APPROVE, LOAN-DUE)."""
    use.request_loan(actor=request.user, copy_id=copy_id, **_loan(request))
    return _asked(request, copy_id)


@require_POST
@page("documents")
def copy_take_out_request(request: HttpRequest, copy_id: int) -> HttpResponse:
    """Ask to take a copy out of the office (CARRY-APPROVE, CARRY-ABROAD)."""
    data = cleaned(TakeOutRequestForm(request.POST))
    use.request_take_out(actor=request.user, copy_id=copy_id, **data)
    return _asked(request, copy_id)


@require_POST
@page("documents", registers)
def copy_reproduce(request: HttpRequest, copy_id: int) -> HttpResponse:
    """The custodian registers a reproduction (COPY-APPROVE, COPY-OUTSIDE, COPY-AS-ORIGINAL)."""
    data = cleaned(ReproduceForm(request.POST, actor=request.user))
    entry = use.reproduce(
        actor=request.user,
        copy_id=copy_id,
        count=data["count"],
        method=data["method"],
        made_by_id=data["made_by"],
    )
    return done(
        request,
        _("%(n)d copies made and registered.") % {"n": entry.count},
        reverse("document", args=[entry.document_id]),
    )


@require_POST
@page("documents", registers)
def copy_lend(request: HttpRequest, copy_id: int) -> HttpResponse:
    """The custodian lends a copy (LOAN-APPROVE, LOAN-DUE)."""
    custody = use.lend(actor=request.user, copy_id=copy_id, **_loan(request))
    return _handed(request, copy_id, custody, _("Lent to %(name)s."))


@require_POST
@page("documents", registers)
def copy_take_out(request: HttpRequest, copy_id: int) -> HttpResponse:
    """The custodian hands a copy to someone taking it out (CARRY-APPROVE, CARRY-ABROAD)."""
    data = cleaned(TakeOutForm(request.POST, actor=request.user))
    person_id = data.pop("person")
    custody = use.take_out(actor=request.user, copy_id=copy_id, person_id=person_id, **data)
    return _handed(request, copy_id, custody, _("Handed to %(name)s to take out."))


@require_POST
@page("documents", registers)
def copy_to_meeting(request: HttpRequest, copy_id: int) -> HttpResponse:
    """The custodian hands a copy to someone going to an outside meeting
    (CIRC-MEETING-RETURN)."""
    data = cleaned(MeetingForm(request.POST, actor=request.user))
    person_id = data.pop("person")
    custody = use.to_meeting(actor=request.user, copy_id=copy_id, person_id=person_id, **data)
    return _handed(request, copy_id, custody, _("Handed to %(name)s for the meeting."))


@page("lifecycle")
def fax_record(request: HttpRequest) -> HttpResponse:
    """The fax register's form (FAX-REGISTER, FAX-NO-PUBLIC, CIPHER)."""
    actor = request.user
    documents = queries.documents(actor)[:FAX_DOCUMENTS]
    if request.method == "POST":
        data = cleaned(FaxForm(request.POST, actor=actor, documents=documents))
        use.record_fax(
            actor=actor,
            direction=data["direction"],
            channel=data["channel"],
            level=data["level"],
            counterparty=data["counterparty"],
            pages=data["pages"],
            document_id=data["document"],
            recipient_id=data["recipient"],
        )
        return done(request, _("Fax registered."), reverse("fax_record"))
    return render(
        request,
        "carriers/custody/fax.html",
        {"form": FaxForm(actor=actor, documents=documents)},
    )
