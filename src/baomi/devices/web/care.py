"""The equipment's care on the web (RULES.md §7). On the asset page the security officer asks
for and, once approved, records a repair by a designated vendor (DEV-REPAIR), a loan outside
(DEV-LEND) and a scrapping or destruction (DESTROY-APPROVE, DESTROY-WITNESS, DESTROY-PLACE);
a computer's custodian, and the officer, record antivirus updates and infections (DEV-AV),
backups (DEV-BACKUP) and standalone processing (DEV-STANDALONE). The officer's "equipment
care" page gathers what is open or due; any person records their department's data integrity
reviews (DEV-INTEGRITY)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from baomi.access.mac import knower
from baomi.access.roles import Permission, has_permission
from baomi.devices.models import Asset, Outcome
from baomi.devices.operations import away, disposal, upkeep
from baomi.devices.queries import care, steps
from baomi.devices.web.forms.care import (
    AntivirusForm,
    BackupForm,
    ClearInfectionForm,
    DisposalRequestForm,
    DisposeForm,
    InfectionForm,
    IntegrityReviewForm,
    LendForm,
    LoanRequestForm,
    LoanReturnForm,
    RepairRequestForm,
    RepairReturnForm,
    RepairSendForm,
    StandaloneFinishForm,
    StandaloneRequestForm,
    StandaloneStartForm,
    WitnessForm,
)
from baomi.kit.pages import cleaned, done, next_page, page
from baomi.org import queries as org
from baomi.org.web.choices import department_choices
from baomi.rulebook import book

# The longest lists of the care page; the recent disposals and reviews it shows.
LIMIT = 200
RECENT = 20


def _repair(step: steps.RepairStep | None) -> dict[str, Any]:
    """The repair step the asset is at (DEV-REPAIR): at the vendor (the return form), or at
    hand: asking, awaiting the office director, or approved (the form to send it)."""
    if step is None:
        return {}
    found: dict[str, Any] = {"state": step.state, "open": step.open, "granted": step.granted}
    if step.next == steps.RETURN_FROM_REPAIR:
        found["return_form"] = RepairReturnForm(auto_id="repair_%s")
    elif step.next == steps.SEND_TO_REPAIR and step.granted is not None:
        # A machine that holds or has held classified data goes without its storage.
        found["keeps_storage"] = step.keeps_storage
        initial = {"vendor": step.granted.params.get("vendor"), "fault": step.granted.reason}
        found["form"] = RepairSendForm(
            initial=initial, classified=step.keeps_storage, auto_id="repair_%s"
        )
    elif step.state == steps.NONE:
        found["vendors"] = list(step.vendors)
        found["request_form"] = (
            RepairRequestForm(vendors=step.vendors, auto_id="repair_%s")
            if step.next == steps.REQUEST_REPAIR
            else None
        )
    return found


def _loan(step: steps.LoanStep | None) -> dict[str, Any]:
    """The loan step (DEV-LEND): lent (the return form), or at hand: asking, awaiting the
    leader, or approved (the form to lend it to the approved borrower until the date)."""
    if step is None:
        return {}
    found: dict[str, Any] = {"state": step.state, "open": step.open, "granted": step.granted}
    if step.next == steps.RETURN_LOAN:
        found["return_form"] = LoanReturnForm(auto_id="loan_%s")
    elif step.next == steps.LEND_ASSET and step.granted is not None:
        initial = {**step.granted.params, "purpose": step.granted.reason}
        found["form"] = LendForm(initial=initial, auto_id="loan_%s")
    elif step.next == steps.REQUEST_LOAN:
        found["request_form"] = LoanRequestForm(auto_id="loan_%s")
    return found


def _disposal(actor: Any, step: steps.DisposalStep | None) -> dict[str, Any]:
    """The disposal step of this asset alone (DESTROY-APPROVE): asking, awaiting the leader,
    or approved (the form naming the method, place, operator and supervisors)."""
    if step is None:
        return {}
    found: dict[str, Any] = {"state": step.state, "granted": step.granted}
    if step.next == steps.DISPOSE:
        outcome = step.outcome
        found["outcome"] = Outcome(outcome).label if outcome in Outcome.values else outcome
        found["form"] = DisposeForm(
            actor=actor, initial={"outcome": outcome}, auto_id="disposal_%s"
        )
    elif step.next == steps.REQUEST_DISPOSAL:
        found["request_form"] = DisposalRequestForm(auto_id="disposal_%s")
    return found


def _standalone(step: steps.StandaloneStep) -> dict[str, Any]:
    """Standalone processing on a computer (DEV-STANDALONE) by the actor: asking, awaiting the
    leader, or approved (the form to begin); and the uses in progress they may finish (each
    its form, ``actions``)."""
    found: dict[str, Any] = {
        "state": step.state,
        "granted": step.granted,
        "running": list(step.running),
    }
    if step.next == steps.START_STANDALONE and step.granted is not None:
        initial = {"level": step.granted.params.get("level"), "purpose": step.granted.reason}
        found["form"] = StandaloneStartForm(initial=initial, auto_id="standalone_%s")
    elif step.next == steps.REQUEST_STANDALONE:
        found["request_form"] = StandaloneRequestForm(auto_id="standalone_%s")
    return found


def asset_care(actor: Any, asset: Asset, following: steps.AssetSteps) -> dict[str, Any]:
    """The asset page's care: the asset's records (repairs and loans for the security officer;
    infections, backups and standalone uses), the approvals asked about it, and the forms of
    the next steps ``following`` offers the actor: repair, loan and disposal for the officer;
    antivirus, infection, backup and standalone processing on a computer for its custodian
    and the officer."""
    manages = has_permission(actor, Permission.MANAGE_DEVICES)
    context: dict[str, Any] = {
        "records": following.records,
        "care_requests": following.requests,
        "clear_form": ClearInfectionForm() if manages else None,
    }
    if manages:
        context["repair"] = _repair(following.repair)
        context["loan"] = _loan(following.loan)
        context["disposal"] = _disposal(actor, following.disposal)
    if following.standalone is not None:
        context["standalone"] = _standalone(following.standalone)
    if following.upkeep:
        context["upkeep"] = {
            "av_form": AntivirusForm(initial={"product": asset.antivirus}, auto_id="av_%s"),
            "infection_form": InfectionForm(auto_id="infection_%s"),
            "backup_form": BackupForm(auto_id="backup_%s"),
        }
    return {"care": context}


def my_care(actor: Any, person: Any) -> dict[str, Any]:
    """For "my equipment": the backups due and the stale antivirus of the computers the person
    keeps, and their standalone processing."""
    if person is None:
        return {}
    today = timezone.localdate()
    return {
        "backups": care.backups_due(actor, today, custodian_id=person.pk),
        "av_stale": list(care.av_stale(actor, today).filter(custodian=person)),
        "standalone": list(care.standalone_uses(actor).filter(person=person)[:RECENT]),
        "today": today,
    }


def _back(request: HttpRequest, asset_id: int, message: str) -> HttpResponse:
    return done(request, message, next_page(request, reverse("asset", args=[asset_id])))


def _asked(request: HttpRequest, asset_id: int) -> HttpResponse:
    message = _("Request sent to the approvers; it is in your approvals list.")
    return _back(request, asset_id, message)


# Repairs (DEV-REPAIR) ------------------------------------------------------------------------


@require_POST
@page("devices")
def repair_request(request: HttpRequest, asset_id: int) -> HttpResponse:
    """Report a fault; ask the office director to approve a repair by a designated vendor."""
    data = cleaned(RepairRequestForm(request.POST))
    away.request_repair(
        actor=request.user, asset_id=asset_id, vendor=data["vendor"], fault=data["fault"]
    )
    return _asked(request, asset_id)


@require_POST
@page("devices")
def repair_send(request: HttpRequest, asset_id: int) -> HttpResponse:
    """Hand the asset to the vendor under the granted approval; without it, or without the
    storage kept of a classified machine, refused with the clause of DEV-REPAIR."""
    data = cleaned(RepairSendForm(request.POST))
    repair = away.send_to_repair(
        actor=request.user,
        asset_id=asset_id,
        vendor=data["vendor"],
        fault=data["fault"],
        storage_kept=data["storage_kept"] or "",
    )
    message = _("Sent to %(vendor)s for repair: %(asset)s.")
    return _back(request, asset_id, message % {"vendor": repair.vendor, "asset": repair.asset})


@require_POST
@page("devices")
def repair_return(request: HttpRequest, repair_id: int) -> HttpResponse:
    data = cleaned(RepairReturnForm(request.POST))
    repair = away.return_from_repair(
        actor=request.user, repair_id=repair_id, work_done=data["work_done"]
    )
    message = _("Back from repair: %(asset)s.") % {"asset": repair.asset}
    return done(request, message, next_page(request, reverse("device_care")))


# Loans outside (DEV-LEND) --------------------------------------------------------------------


@require_POST
@page("devices")
def loan_request(request: HttpRequest, asset_id: int) -> HttpResponse:
    """Ask the leader in charge to approve lending the asset outside."""
    data = cleaned(LoanRequestForm(request.POST))
    away.request_loan(actor=request.user, asset_id=asset_id, **data)
    return _asked(request, asset_id)


@require_POST
@page("devices")
def loan_lend(request: HttpRequest, asset_id: int) -> HttpResponse:
    """Lend the asset under the granted approval; without it refused (DEV-LEND)."""
    data = cleaned(LendForm(request.POST))
    loan = away.lend_asset(actor=request.user, asset_id=asset_id, **data)
    message = _("Lent to %(borrower)s until %(date)s: %(asset)s.")
    values = {"borrower": loan.borrower, "date": loan.due_back.isoformat(), "asset": loan.asset}
    return _back(request, asset_id, message % values)


@require_POST
@page("devices")
def loan_return(request: HttpRequest, loan_id: int) -> HttpResponse:
    data = cleaned(LoanReturnForm(request.POST))
    loan = away.return_loan(actor=request.user, loan_id=loan_id, condition=data["condition"])
    message = _("Back from the loan: %(asset)s.") % {"asset": loan.asset}
    return done(request, message, next_page(request, reverse("device_care")))


# Scrapping and destruction (DESTROY-APPROVE, DESTROY-WITNESS, DESTROY-PLACE) ----------------


@require_POST
@page("devices")
def disposal_request(request: HttpRequest, asset_id: int) -> HttpResponse:
    """Ask the leader in charge to approve scrapping or destroying the asset."""
    data = cleaned(DisposalRequestForm(request.POST))
    disposal.request_disposal(
        actor=request.user, asset_ids=[asset_id], outcome=data["outcome"], reason=data["reason"]
    )
    return _asked(request, asset_id)


@require_POST
@page("devices")
def dispose(request: HttpRequest, asset_id: int) -> HttpResponse:
    """Record the approved scrapping or destruction; without two supervisors other than the
    operator (DESTROY-WITNESS) or a designated method and place (DESTROY-PLACE) refused."""
    data = cleaned(DisposeForm(request.POST, actor=request.user))
    gone = disposal.dispose(
        actor=request.user,
        asset_ids=[asset_id],
        outcome=data["outcome"],
        method=data["method"],
        place=data["place"],
        operator_id=data["operator"],
        witness_ids=data["witnesses"],
    )
    message = _("%(outcome)s: it has left the ledger.") % {"outcome": gone.get_outcome_display()}
    return _back(request, asset_id, message)


@require_POST
@page("home")
def disposal_witness(request: HttpRequest, disposal_id: int) -> HttpResponse:
    """监销: a supervisor named under a disposal signs it on their own login
    (DESTROY-WITNESS)."""
    disposal.confirm_witness(actor=request.user, disposal_id=disposal_id)
    return done(request, _("Signed as a supervisor."), next_page(request, reverse("home")))


@require_POST
@page("devices")
def disposal_paper_signature(request: HttpRequest, disposal_id: int) -> HttpResponse:
    """The security officer records that a named supervisor signed the paper destruction list
    (DESTROY-WITNESS)."""
    witness = cleaned(WitnessForm(request.POST))["witness"]
    signature = disposal.record_witness_signature(
        actor=request.user, disposal_id=disposal_id, witness_id=witness
    )
    return done(
        request,
        _("Paper signature of %(name)s recorded.") % {"name": signature.witness.name},
        next_page(request, reverse("device_care")),
    )


# Antivirus and infections (DEV-AV) ------------------------------------------------------------


@require_POST
@page("home")
def antivirus(request: HttpRequest, asset_id: int) -> HttpResponse:
    """Record an antivirus update of a computer (its custodian or the security officer)."""
    data = cleaned(AntivirusForm(request.POST))
    computer = upkeep.record_av_update(
        actor=request.user,
        computer_id=asset_id,
        signatures_on=data["signatures_on"],
        product=data["product"] or None,
    )
    message = _("Antivirus updated: %(asset)s.") % {"asset": computer}
    return _back(request, asset_id, message)


@require_POST
@page("home")
def infection(request: HttpRequest, asset_id: int) -> HttpResponse:
    """Report a virus found: the computer is out of use until the security office clears it."""
    data = cleaned(InfectionForm(request.POST))
    upkeep.report_infection(actor=request.user, computer_id=asset_id, virus=data["virus"])
    message = _(
        "Infection reported: the computer is out of use until the security office clears it."
    )
    return _back(request, asset_id, message)


@require_POST
@page("devices")
def infection_clear(request: HttpRequest, infection_id: int) -> HttpResponse:
    data = cleaned(ClearInfectionForm(request.POST))
    cleared = upkeep.clear_infection(
        actor=request.user, infection_id=infection_id, treatment=data["treatment"]
    )
    message = _("Infection cleared: %(asset)s may be used again.") % {"asset": cleared.asset}
    return done(request, message, next_page(request, reverse("device_care")))


# Backups (DEV-BACKUP) -----------------------------------------------------------------------


@require_POST
@page("home")
def backup(request: HttpRequest, asset_id: int) -> HttpResponse:
    data = cleaned(BackupForm(request.POST))
    upkeep.record_backup(
        actor=request.user, computer_id=asset_id, on=data["on"], target=data["target"]
    )
    return _back(request, asset_id, _("Backup recorded."))


# Standalone processing (DEV-STANDALONE) ----------------------------------------------------


@require_POST
@page("home")
def standalone_request(request: HttpRequest, asset_id: int) -> HttpResponse:
    """Ask the leader in charge to approve processing classified data on this computer."""
    data = cleaned(StandaloneRequestForm(request.POST))
    upkeep.request_standalone(actor=request.user, computer_id=asset_id, **data)
    return _asked(request, asset_id)


@require_POST
@page("home")
def standalone_start(request: HttpRequest, asset_id: int) -> HttpResponse:
    """Begin the approved processing; without the approval refused (DEV-STANDALONE)."""
    data = cleaned(StandaloneStartForm(request.POST))
    upkeep.start_standalone(actor=request.user, computer_id=asset_id, **data)
    return _back(request, asset_id, _("Standalone processing started."))


@require_POST
@page("home")
def standalone_finish(request: HttpRequest, use_id: int) -> HttpResponse:
    """Finish it with the deletion and the treatment of the machine (DEV-STANDALONE)."""
    data = cleaned(StandaloneFinishForm(request.POST))
    use = upkeep.finish_standalone(actor=request.user, use_id=use_id, treatment=data["treatment"])
    message = _("Standalone processing finished.")
    return done(request, message, next_page(request, reverse("asset", args=[use.computer_id])))


# The pages -------------------------------------------------------------------------------------


@page("devices")
def device_care(request: HttpRequest) -> HttpResponse:
    """What the security office looks after: repairs and loans not back (overdue loans
    first marked), infections not cleared, stale antivirus, backups due, standalone uses in
    progress, recent disposals and integrity reviews."""
    actor = request.user
    today = timezone.localdate()
    return render(
        request,
        "devices/care/care.html",
        {
            "today": today,
            "repairs": care.repairs(actor, open_only=True)[:LIMIT],
            "loans": care.loans(actor, open_only=True).order_by("due_back", "pk")[:LIMIT],
            "infections": care.infections(actor)[:LIMIT],
            "av_stale": care.av_stale(actor, today)[:LIMIT],
            "backups": care.backups_due(actor, today, limit=LIMIT),
            "standalone": care.standalone_uses(actor, open_only=True)[:LIMIT],
            "disposals": _with_signatures(care.disposals(actor)[:RECENT]),
            "reviews": care.integrity_reviews(actor)[:RECENT],
            "repair_form": RepairReturnForm(),
            "loan_form": LoanReturnForm(),
            "clear_form": ClearInfectionForm(),
            "finish_form": StandaloneFinishForm(),
            "signature_days": book.param(actor.person.organisation_id, "DEV-AV", "signature_days"),
        },
    )


def _with_signatures(found: Any) -> list[Any]:
    """Each disposal with ``witness_rows``: every supervisor and their signature, or None
    while they have not signed (DESTROY-WITNESS)."""
    found = list(found)
    for gone in found:
        signed = {s.witness_id: s for s in gone.signatures.all()}
        gone.witness_rows = [(w, signed.get(w.pk)) for w in gone.witnesses.all()]
    return found


def _review_departments(actor: Any, person: Any, manages: bool) -> list[tuple[str, str]]:
    """The departments a review may be recorded for: any for the officer, one's own else."""
    if manages:
        return department_choices(actor)
    if person is None:
        return []
    own = org.departments(actor).filter(pk=person.department_id)
    return [(str(d.pk), d.name) for d in own]


@page("home")
def integrity(request: HttpRequest) -> HttpResponse:
    """Data integrity reviews (DEV-INTEGRITY): record one for one's department (the security
    officer: any department); an unexplained change found is reported to the security office
    as an alert. The reviews of one's department (the officer: every one)."""
    actor = request.user
    manages = has_permission(actor, Permission.MANAGE_DEVICES)
    person = knower(actor)
    departments = _review_departments(actor, person, manages)
    if request.method == "POST":
        data = cleaned(IntegrityReviewForm(request.POST, departments=departments))
        review = upkeep.record_integrity_review(
            actor=actor,
            department_id=data["department"],
            reviewed_on=data["reviewed_on"],
            findings=data["findings"],
            anomaly=data["anomaly"],
        )
        if review.anomaly:
            message = _(
                "Review recorded; the unexplained change is reported to the security office."
            )
        else:
            message = _("Review recorded.")
        return done(request, message, reverse("device_integrity"))
    form = IntegrityReviewForm(departments=departments) if departments else None
    return render(
        request,
        "devices/care/integrity.html",
        {
            "form": form,
            "reviews": care.integrity_reviews(actor)[:LIMIT],
            "manages": manages,
        },
    )
