"""Using a copy (RULES.md §5), one page per copy reached from its document: ask to reproduce,
borrow or take it out; for its custodian, carry out what was approved (reproduce, lend, take
out), take it to a meeting, recall, file or report it; and the fax register's form."""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
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
from baomi.carriers.web.forms.common import candidates
from baomi.carriers.web.forms.custody import (
    FaxForm,
    LoanForm,
    MeetingForm,
    ReproduceForm,
    ReproductionRequestForm,
    TakeOutForm,
    TakeOutRequestForm,
)
from baomi.carriers.web.forms.lifecycle import ArchiveForm, DestructionRequestForm, LossForm
from baomi.kit.actions import Action, arrange
from baomi.kit.forms import offer
from baomi.kit.pages import cleaned, done, page
from baomi.org.web.choices import people_choices

FAX_DOCUMENTS = 200
# The approvals asked about a copy (their operation names in carriers.operations).
COPY_OPERATIONS = ("reproduce", "lend", "take_out", "destroy")


def registers(actor: Any) -> bool:
    return has_permission(actor, Permission.REGISTER_ITEMS)


def copy_page(copy_id: int) -> str:
    return reverse("copy_use", args=[copy_id])


# The field a rule's refusal is about, in the forms of the copy page (kit.actions).
LOAN_FAULTS = {"LOAN-DUE": "due_date", "CLS-MAC": "borrower"}
HAND_FAULTS = {"CLS-MAC": "person", "CARRY-ABROAD": "abroad"}


def _this_copy(form: Any, copy_id: int) -> Any:
    """``form`` (a form of copies) for this copy alone: its ``copies`` a hidden input."""
    form.fields["copies"].widget = forms.MultipleHiddenInput()
    form.fields["copies"].initial = [copy_id]
    return form


def _asking(actor: Any, copy: Any, me: Any, people: list[Any]) -> list[Action]:
    """What anyone who may know the copy asks approval for; the clerk names the borrower,
    anyone else borrows for themselves."""
    loan = LoanForm(actor=actor, initial={"borrower": me.pk})
    if registers(actor):
        offer(loan, "borrower", people)
    else:
        loan.fields["borrower"].widget = forms.HiddenInput()
    pk = copy.pk
    return [
        Action(
            "reproduction-request",
            _("Ask to reproduce"),
            reverse("copy_reproduction_request", args=[pk]),
            ReproductionRequestForm(),
            rules=("COPY-APPROVE", "COPY-TS"),
            submit=_("Ask"),
        ),
        Action(
            "loan-request",
            _("Ask to borrow"),
            reverse("copy_loan_request", args=[pk]),
            loan,
            rules=("LOAN-APPROVE", "LOAN-DUE"),
            faults=LOAN_FAULTS,
            submit=_("Ask"),
        ),
        Action(
            "take-out-request",
            _("Ask to take it out"),
            reverse("copy_take_out_request", args=[pk]),
            TakeOutRequestForm(),
            rules=("CARRY-APPROVE", "CARRY-ABROAD"),
            faults=HAND_FAULTS,
            submit=_("Ask"),
        ),
    ]


def _keeping(actor: Any, copy: Any, me: Any, people: list[Any]) -> list[Action]:
    """What the custodian does with the copy in hand: reproduce, lend, hand it over to take
    out or to a meeting, file, recall or ask to destroy it."""
    pk, here = copy.pk, copy_page(copy.pk)
    reproduce = ReproduceForm(actor=actor, initial={"made_by": me.pk})
    lend, take_out, meeting = (
        LoanForm(actor=actor),
        TakeOutForm(actor=actor),
        MeetingForm(actor=actor),
    )
    for form, name in (
        (reproduce, "made_by"),
        (lend, "borrower"),
        (take_out, "person"),
        (meeting, "person"),
    ):
        offer(form, name, people)
    found = [
        Action(
            "reproduce",
            _("Reproduce"),
            reverse("copy_reproduce", args=[pk]),
            reproduce,
            rules=("COPY-APPROVE", "COPY-OUTSIDE", "COPY-AS-ORIGINAL"),
            faults={"CLS-MAC": "made_by"},
            submit=_("Register the reproduction"),
        ),
        Action(
            "lend",
            _("Lend"),
            reverse("copy_lend", args=[pk]),
            lend,
            rules=("LOAN-APPROVE", "LOAN-DUE"),
            faults=LOAN_FAULTS,
        ),
        Action(
            "take-out",
            _("Hand over to take out"),
            reverse("copy_take_out", args=[pk]),
            take_out,
            rules=("CARRY-APPROVE", "CARRY-ABROAD"),
            faults=HAND_FAULTS,
            submit=_("Hand it over"),
        ),
        Action(
            "meeting",
            _("To an outside meeting"),
            reverse("copy_to_meeting", args=[pk]),
            meeting,
            rules=("CIRC-MEETING-RETURN",),
            faults={"CLS-MAC": "person", "CIRC-MEETING-RETURN": "meeting_date"},
            submit=_("Hand it over"),
        ),
    ]
    volumes = list(archives.volumes(actor))
    if volumes:
        found.append(
            Action(
                "archive",
                _("File"),
                reverse("archive_file"),
                _this_copy(ArchiveForm(volumes=volumes), pk),
                rules=("ARCH-FILE",),
                hidden={"next": here},
                style="secondary",
            )
        )
    found += [
        Action(
            "recall",
            _("Recall to the issuer (RECALL-DUE)"),
            reverse("recall"),
            hidden={"copies": pk, "next": here},
        ),
        Action(
            "destruction-request",
            _("Ask to destroy"),
            reverse("destruction_request"),
            _this_copy(DestructionRequestForm(), pk),
            rules=("DESTROY-APPROVE",),
            hidden={"next": here},
            style="danger",
            submit=_("Ask to destroy (DESTROY-APPROVE)"),
        ),
    ]
    return found


def _after(copy: Any, me: Any, keeps: bool) -> list[Action]:
    """A loss reported by whoever holds or keeps the copy (LOSS-REPORT); a lost copy found
    again by its custodian."""
    found = []
    if copy.state in (*HELD_STATES, CopyState.ARCHIVED) and me.pk in (
        copy.holder_id,
        copy.custodian_id,
    ):
        found.append(
            Action(
                "loss",
                _("Report a loss or leak"),
                reverse("loss_report", args=[copy.pk]),
                LossForm(),
                rules=("LOSS-REPORT",),
                style="danger",
                intro=_("Report at once; the written report follows within 24 hours."),
                submit=_("Report"),
            )
        )
    if copy.state == CopyState.LOST and keeps:
        found.append(
            Action(
                "found",
                _("Found again"),
                reverse("copy_found", args=[copy.pk]),
                hidden={"next": copy_page(copy.pk)},
                style="success",
            )
        )
    return found


def _flags(copy: Any) -> list[tuple[str, Any, str]]:
    """What the copy's summary flags, as (colour, text, rule): overdue or due back today under
    the rule it is due back under (``due_rule``), its recall date come (RECALL-DUE), lost
    (LOSS-REPORT)."""
    flags: list[tuple[str, Any, str]] = []
    today = timezone.localdate()
    if copy.due_at and copy.due_rule:
        if copy.due_at < timezone.now():
            flags.append(("danger", _("overdue"), copy.due_rule))
        elif timezone.localdate(copy.due_at) == today:
            flags.append(("warning", _("due back today"), copy.due_rule))
    recall = copy.document.recall_date
    if recall and recall <= today and copy.state in HELD_STATES:
        flags.append(("warning", _("to be recalled"), "RECALL-DUE"))
    if copy.state == CopyState.LOST:
        flags.append(("danger", _("lost"), "LOSS-REPORT"))
    return flags


@page("documents")
def copy_use(request: HttpRequest, copy_id: int) -> HttpResponse:
    """One copy: the copy first (where it is, who holds it, what is due), then what may be
    done to it as buttons, each opening its one form (``?action=``): what anyone who may know
    it asks for, what its custodian does, a loss reported; the approvals asked about it and
    its timeline."""
    actor = request.user
    copy = carriers.known_copy(actor, copy_id)
    copy.document = queries.document(actor, copy.document_id)  # the read is recorded
    me = knower(actor)
    keeps = registers(actor) and copy.custodian_id == me.pk
    in_hand = copy.state == CopyState.WITH_CUSTODIAN
    requests = approvals_about(actor, "carriers.copy", copy.pk, *COPY_OPERATIONS)
    people = candidates(actor, copy.document)
    asking = _asking(actor, copy, me, people) + _after(copy, me, keeps)
    keeping = _keeping(actor, copy, me, people) if keeps and in_hand else []
    arrange(request, asking + keeping)
    # The approvals still usable, each carried out by the custodian in one click.
    still = among(requests) if keeping else []
    context: dict[str, Any] = {
        "copy": copy,
        "doc": copy.document,
        "flags": _flags(copy),
        "keeps": keeps and in_hand,
        "asking": asking,
        "keeping": keeping,
        "requests": requests,
        "to_reproduce": [r for r in still if r.operation == "reproduce"],
        "to_lend": [r for r in still if r.operation == "lend"],
        "to_take_out": [r for r in still if r.operation == "take_out"],
        "made_by": people_choices(actor) if keeping else [],
        "me": me,
        "timeline": [
            (event, TIMELINE.get(event.action, event.action))
            for event in carriers.copy_timeline(actor, copy.pk)
        ],
    }
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
