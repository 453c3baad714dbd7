"""The end of a copy's life (RULES.md §6, JOURNEYS §5) for the clerk and the security office:
recall, archive volumes and filing, archive consultations, destruction with its witnesses,
loss reports and inventories. Hand-over when a person leaves is ``handover``."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from baomi.access.mac import knower
from baomi.access.roles import Permission, has_permission
from baomi.carriers.models import CopyState
from baomi.carriers.operations import archives as archives_ops
from baomi.carriers.operations import destruction as destruction_ops
from baomi.carriers.operations import inventory as inventory_ops
from baomi.carriers.operations import loss as loss_ops
from baomi.carriers.queries import archives as archive_reads
from baomi.carriers.queries import copies as carriers
from baomi.carriers.queries import lifecycle as ends
from baomi.carriers.queries.approvals import destruction_requests, usable_destructions
from baomi.carriers.web.custody import registers
from baomi.carriers.web.forms.lifecycle import (
    AccessForm,
    ArchiveForm,
    CheckForm,
    DestroyForm,
    DestructionRequestForm,
    ExcerptForm,
    InventoryStartForm,
    LossForm,
    LossProgressForm,
    RecallForm,
    VolumeForm,
    WitnessForm,
)
from baomi.core.errors import InvalidInput, NotFound
from baomi.kit.pages import cleaned, done, next_page, page

LIMIT = 200


def _investigates(actor: Any) -> bool:
    """The security officer records how a loss is handled (LOSS-REPORT)."""
    return has_permission(actor, Permission.SET_CLEARANCE)


def _mine(actor: Any, *states: str) -> Any:
    """The copies the acting custodian keeps in ``states``, whose documents they may know."""
    return carriers.known_copies(actor).filter(custodian=knower(actor), state__in=states)


@page("lifecycle")
def lifecycle_index(request: HttpRequest) -> HttpResponse:
    """What waits at the end of copies' lives, each number opening its page."""
    actor = request.user
    return render(
        request,
        "carriers/lifecycle/index.html",
        {
            "recall_due": carriers.recall_due(actor).filter(custodian=knower(actor)).count(),
            "volumes": archive_reads.volumes(actor).count(),
            "consultations": archive_reads.consultations(actor).filter(closed_at=None).count(),
            "destructions": len(destruction_requests(actor, LIMIT)),
            "handovers": ends.open_handovers(actor).count(),
            "losses": ends.loss_reports(actor, open_only=True).count(),
            "inventories": ends.inventories(actor).filter(closed_at=None).count(),
        },
    )


# Recall (RECALL-DUE) --------------------------------------------------------------------------


@page("lifecycle")
def recall(request: HttpRequest) -> HttpResponse:
    """清退: the copies whose recall date has come, and the form that sends them back."""
    if request.method == "POST":
        data = cleaned(RecallForm(request.POST))
        done_copies = archives_ops.recall(
            actor=request.user, copy_ids=data["copies"], note=data["note"]
        )
        return done(
            request,
            _("%(n)d copies recalled to the issuer.") % {"n": len(done_copies)},
            next_page(request, reverse("recall")),
        )
    due = carriers.recall_due(request.user).filter(custodian=knower(request.user))
    return render(
        request,
        "carriers/lifecycle/recall.html",
        {"copies": due[:LIMIT], "form": RecallForm(), "now": timezone.now()},
    )


# Archives (ARCH-FILE, ARCH-ACCESS, ARCH-EXCERPT) -----------------------------------------------


def _archivable_documents(actor: Any) -> Any:
    """The documents the actor may know with an archived copy: what may be consulted."""
    return archive_reads.archivable_documents(actor)[:LIMIT]


@page("lifecycle")
def archives(request: HttpRequest) -> HttpResponse:
    """The archive volumes, the copies waiting to be filed, and the consultations."""
    actor = request.user
    volumes = list(archive_reads.volumes(actor, counted=True))
    return render(
        request,
        "carriers/lifecycle/archives.html",
        {
            "volumes": volumes,
            "volume_form": VolumeForm(),
            "to_file": _mine(actor, CopyState.WITH_CUSTODIAN)[:LIMIT],
            "archive_form": ArchiveForm(volumes=volumes) if volumes else None,
            "consultations": archive_reads.consultations(actor)
            .select_related("applicant", "approval")
            .prefetch_related("documents")[:50],
            "access_form": AccessForm(actor=actor, documents=_archivable_documents(actor)),
        },
    )


@require_POST
@page("lifecycle")
def volume_create(request: HttpRequest) -> HttpResponse:
    data = cleaned(VolumeForm(request.POST))
    volume = archives_ops.create_volume(actor=request.user, **data)
    return done(request, _("Volume %(n)s created.") % {"n": volume.number}, reverse("archives"))


@require_POST
@page("lifecycle")
def archive_file(request: HttpRequest) -> HttpResponse:
    """归档 (ARCH-FILE): from the archives page or a copy's page (``next``)."""
    volumes = list(archive_reads.volumes(request.user))
    data = cleaned(ArchiveForm(request.POST, volumes=volumes))
    filed = archives_ops.archive(
        actor=request.user, copy_ids=data["copies"], volume_id=data["volume"]
    )
    return done(
        request,
        _("%(n)d copies filed.") % {"n": len(filed)},
        next_page(request, reverse("volume", args=[data["volume"]])),
    )


@page("lifecycle")
def volume(request: HttpRequest, volume_id: int) -> HttpResponse:
    """One archive volume and the copies filed in it that the actor may know."""
    found = archive_reads.volume(request.user, volume_id)
    return render(
        request,
        "carriers/lifecycle/volume.html",
        {"volume": found, "copies": carriers.known_copies(request.user).filter(volume=found)},
    )


@require_POST
@page("lifecycle")
def archive_access_register(request: HttpRequest) -> HttpResponse:
    """查档登记 (ARCH-ACCESS)."""
    actor = request.user
    form = AccessForm(request.POST, actor=actor, documents=_archivable_documents(actor))
    cleaned(form)
    access = archives_ops.register_archive_access(actor=actor, **form.operation_kwargs())
    return done(request, _("Consultation registered."), reverse("archive_access", args=[access.pk]))


@page("lifecycle")
def archive_access(request: HttpRequest, access_id: int) -> HttpResponse:
    """One consultation: its scope and approval, then reading in the archive room: each file
    handed over, each excerpt checked and stamped (ARCH-ACCESS, ARCH-EXCERPT)."""
    actor = request.user
    access, scope = archive_reads.consultation(actor, access_id)
    reading = access.read_at is not None and access.closed_at is None
    return render(
        request,
        "carriers/lifecycle/access.html",
        {
            "access": access,
            "scope": scope,
            "reading": reading,
            "excerpts": access.excerpts.select_related("document", "checked_by"),
            "excerpt_form": ExcerptForm(actor=actor, documents=scope) if reading else None,
        },
    )


def _access_step(request: HttpRequest, access_id: int, message: str) -> HttpResponse:
    return done(request, message, reverse("archive_access", args=[access_id]))


@require_POST
@page("lifecycle")
def archive_access_open(request: HttpRequest, access_id: int) -> HttpResponse:
    archives_ops.open_reading(actor=request.user, access_id=access_id)
    return _access_step(request, access_id, _("Reading opened in the archive room."))


@require_POST
@page("lifecycle")
def archive_access_consult(request: HttpRequest, access_id: int) -> HttpResponse:
    document = request.POST.get("document", "")
    if not document.isdigit():
        raise InvalidInput(_("Choose a document."), field="document")
    archives_ops.consult(actor=request.user, access_id=access_id, document_id=int(document))
    return _access_step(request, access_id, _("File handed to the reader."))


@require_POST
@page("lifecycle")
def archive_access_excerpt(request: HttpRequest, access_id: int) -> HttpResponse:
    _found, scope = archive_reads.consultation(request.user, access_id)
    data = cleaned(ExcerptForm(request.POST, actor=request.user, documents=scope))
    archives_ops.record_excerpt(
        actor=request.user,
        access_id=access_id,
        document_id=data["document"],
        description=data["description"],
        checked_by_id=data["checked_by"],
    )
    return _access_step(request, access_id, _("Excerpt checked and stamped."))


@require_POST
@page("lifecycle")
def archive_access_close(request: HttpRequest, access_id: int) -> HttpResponse:
    archives_ops.close_access(actor=request.user, access_id=access_id)
    return _access_step(request, access_id, _("Consultation closed."))


# Destruction (DESTROY-APPROVE, DESTROY-WITNESS, DESTROY-PLACE) ---------------------------------


@page("lifecycle")
def destruction(request: HttpRequest) -> HttpResponse:
    """Copies that may be destroyed (with their custodian or archived), the requests for
    approval and, once granted, the destruction with its method, place and witnesses."""
    actor = request.user
    search = request.GET.get("q", "").strip()
    candidates = _mine(actor, CopyState.WITH_CUSTODIAN, CopyState.ARCHIVED)
    if search:
        candidates = candidates.filter(
            Q(document__number__icontains=search) | Q(document__title__icontains=search)
        )
    operator = knower(actor).pk
    listed = destruction_requests(actor, LIMIT)
    usable = usable_destructions(listed)
    rows = [
        (
            r,
            copies,
            DestroyForm(actor=actor, auto_id=f"d{r.pk}_%s", initial={"operator": operator})
            if r.pk in usable
            else None,
        )
        for r, copies in listed
    ]
    return render(
        request,
        "carriers/lifecycle/destruction.html",
        {
            "search": search,
            "candidates": candidates.order_by("document_id", "number")[:LIMIT],
            "request_form": DestructionRequestForm(),
            "requests": rows,
            "destroyed": _with_signatures(ends.destructions(actor)[:20]),
        },
    )


def _with_signatures(found: Any) -> list[Any]:
    """Each destruction with ``witness_rows``: every witness and their signature, or None
    while they have not signed (DESTROY-WITNESS)."""
    found = list(found)
    for destruction in found:
        signed = {s.witness_id: s for s in destruction.signatures.all()}
        destruction.witness_rows = [(w, signed.get(w.pk)) for w in destruction.witnesses.all()]
    return found


@require_POST
@page("lifecycle")
def destruction_request(request: HttpRequest) -> HttpResponse:
    data = cleaned(DestructionRequestForm(request.POST))
    destruction_ops.request_destruction(
        actor=request.user, copy_ids=data["copies"], reason=data["reason"]
    )
    return done(
        request,
        _("Destruction requested; it is in your approvals list."),
        next_page(request, reverse("destruction")),
    )


@require_POST
@page("lifecycle")
def destroy(request: HttpRequest) -> HttpResponse:
    data = cleaned(DestroyForm(request.POST, actor=request.user))
    made = destruction_ops.destroy(
        actor=request.user,
        copy_ids=data["copies"],
        method=data["method"],
        place=data["place"],
        operator_id=data["operator"],
        witness_ids=data["witnesses"],
    )
    return done(
        request,
        _("%(n)d copies destroyed and registered.") % {"n": made.copies.count()},
        reverse("destruction"),
    )


@require_POST
@page("documents")
def destruction_witness(request: HttpRequest, destruction_id: int) -> HttpResponse:
    """监销: a witness named under a destruction signs it on their own login (DESTROY-WITNESS)."""
    destruction_ops.confirm_witness(actor=request.user, destruction_id=destruction_id)
    return done(request, _("Signed as a witness."), next_page(request, reverse("home")))


@require_POST
@page("lifecycle")
def destruction_paper_signature(request: HttpRequest, destruction_id: int) -> HttpResponse:
    """The clerk records that a named witness signed the paper destruction list
    (DESTROY-WITNESS)."""
    witness = cleaned(WitnessForm(request.POST))["witness"]
    signature = destruction_ops.record_witness_signature(
        actor=request.user, destruction_id=destruction_id, witness_id=witness
    )
    return done(
        request,
        _("Paper signature of %(name)s recorded.") % {"name": signature.witness.name},
        next_page(request, reverse("destruction")),
    )


# Loss and leaks (LOSS-REPORT) ------------------------------------------------------------------


@require_POST
@page("documents")
def loss_report(request: HttpRequest, copy_id: int) -> HttpResponse:
    """报告: whoever holds or keeps a copy reports its loss at once (LOSS-REPORT)."""
    data = cleaned(LossForm(request.POST))
    report = loss_ops.report_loss(actor=request.user, copy_ids=[copy_id], **data)
    return done(
        request,
        _("Loss reported. The written report is due by %(at)s.")
        % {"at": timezone.localtime(report.written_due_at).strftime("%Y-%m-%d %H:%M")},
        reverse("copy_use", args=[copy_id]),
    )


@page("lifecycle")
def losses(request: HttpRequest) -> HttpResponse:
    """The loss and leak reports with their deadlines and progress; the security officer
    records each step (LOSS-REPORT)."""
    reports = ends.loss_reports(request.user).prefetch_related(
        "copies__document", "copies__custodian"
    )
    return render(
        request,
        "carriers/lifecycle/losses.html",
        {
            "reports": reports[:100],
            "now": timezone.now(),
            "investigates": _investigates(request.user),
            "me": knower(request.user),
            "progress_form": LossProgressForm(),
        },
    )


@require_POST
@page("lifecycle", _investigates)
def loss_progress(request: HttpRequest, report_id: int) -> HttpResponse:
    data = cleaned(LossProgressForm(request.POST))
    loss_ops.record_loss_progress(actor=request.user, report_id=report_id, **data)
    return done(request, _("Progress recorded."), reverse("losses"))


@require_POST
@page("documents", registers)
def copy_found(request: HttpRequest, copy_id: int) -> HttpResponse:
    loss_ops.found_again(actor=request.user, copy_id=copy_id)
    return done(
        request, _("The copy is back with its custodian."), next_page(request, reverse("losses"))
    )


# Inventory (INVENTORY) -------------------------------------------------------------------------


@page("lifecycle")
def inventories(request: HttpRequest) -> HttpResponse:
    actor = request.user
    if request.method == "POST":
        department = cleaned(InventoryStartForm(request.POST, actor=actor))["department"]
        started = inventory_ops.start_inventory(actor=actor, department_id=department)
        return done(request, _("Inventory started."), reverse("inventory", args=[started.pk]))
    return render(
        request,
        "carriers/lifecycle/inventories.html",
        {
            "inventories": ends.inventories(actor)
            .select_related("department", "started_by")
            .annotate(expected=Count("lines", filter=Q(lines__expected=True)))[:50],
            "form": InventoryStartForm(actor=actor),
        },
    )


@page("lifecycle")
def inventory(request: HttpRequest, inventory_id: int) -> HttpResponse:
    """One inventory: every expected copy, found or not, and the reconciliation."""
    actor = request.user
    result = ends.reconciliation(actor, inventory_id)  # NotFound for another organisation
    lines = ends.inventory_lines(actor, inventory_id).order_by("found_at", "pk")
    return render(
        request,
        "carriers/lifecycle/inventory.html",
        {
            "result": result,
            "inventory": result.inventory,
            "lines": lines,
            "found": sum(1 for line in lines if line.found_at),
            "form": CheckForm(actor=actor),
        },
    )


def _checked_copy(actor: Any, data: dict[str, Any]) -> int:
    """The copy of a check: its line's id, or the one known by document and copy number."""
    if data["copy"]:
        return data["copy"]
    found = list(
        carriers.known_copies(actor)
        .filter(document__number=data["document_number"].strip(), number=data["copy_number"])
        .values_list("pk", flat=True)[:2]
    )
    if len(found) != 1:
        raise NotFound(_("No such copy."))
    return found[0]


@require_POST
@page("lifecycle")
def inventory_check(request: HttpRequest, inventory_id: int) -> HttpResponse:
    data = cleaned(CheckForm(request.POST, actor=request.user))
    line = inventory_ops.check_copy(
        actor=request.user,
        inventory_id=inventory_id,
        copy_id=_checked_copy(request.user, data),
        found_with_id=data["found_with"],
        note=data["note"],
    )
    message = _("Found: %(copy)s.") if line.expected else _("Found, not expected: %(copy)s.")
    return done(
        request, message % {"copy": str(line.copy)}, reverse("inventory", args=[inventory_id])
    )


@require_POST
@page("lifecycle")
def inventory_close(request: HttpRequest, inventory_id: int) -> HttpResponse:
    inventory_ops.close_inventory(actor=request.user, inventory_id=inventory_id)
    return done(request, _("Inventory closed."), reverse("inventory", args=[inventory_id]))
