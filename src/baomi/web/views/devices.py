"""The equipment ledger (总台账, RULES.md §7) for the security officer: the ledger with its
filters, totals and exports, registering and importing assets, one asset with its history and
the changes made to it (wireless hardware and sanitising a medium with approval among them),
the uses of media on a computer, the alerts of the security office and physical checks.
"My equipment" lists what any person keeps."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from baomi.access.mac import knower
from baomi.access.roles import Permission, has_permission
from baomi.core import tables
from baomi.core.errors import InvalidInput
from baomi.core.levels import Level
from baomi.devices import imports
from baomi.devices.models import GONE, AssetKind, AssetType, Network, Status
from baomi.devices.operations import checks as check_ops
from baomi.devices.operations import ledger as ledger_ops
from baomi.devices.operations import media as media_ops
from baomi.devices.queries import approvals as approval_reads
from baomi.devices.queries import checks as check_reads
from baomi.devices.queries import exports as ledger_exports
from baomi.devices.queries import ledger, uses
from baomi.kit.pages import (
    attachment,
    cleaned,
    done,
    export_links,
    filter_query,
    next_page,
    page,
)
from baomi.org import queries as org
from baomi.web.forms_devices import (
    AssetForm,
    CheckStartForm,
    CustodianForm,
    ImportLedgerForm,
    LedgerFilterForm,
    LevelForm,
    MediaUseForm,
    NetworkForm,
    ObservationsForm,
    ObserveForm,
    ResolveForm,
    SanitisationRequestForm,
    SanitiseForm,
    UpdateForm,
    WirelessForm,
)
from baomi.web.views.device_care import asset_care, my_care

PAGE_SIZE = 100
LIMIT = 200


def _labelled(actor: Any, totals: dict[str, Any]) -> list[tuple[str, str, list[tuple[str, int]]]]:
    """The totals as (key, heading, [(label, count)]) for the page."""
    names = {d.pk: d.name for d in org.departments(actor)}
    return [
        ("type", _("By type"), [(AssetType(k).label, n) for k, n in totals["by_type"].items()]),
        ("level", _("By level"), [(Level(k).label, n) for k, n in totals["by_level"].items()]),
        ("status", _("By status"), [(Status(k).label, n) for k, n in totals["by_status"].items()]),
        (
            "department",
            _("By department"),
            [(names.get(k, "—") if k else "—", n) for k, n in totals["by_department"].items()],
        ),
    ]


@page("devices")
def devices(request: HttpRequest) -> HttpResponse:
    """The ledger: filters, totals by type, level, status and department, 100 lines a page,
    and the exports (.xlsx, PDF) of what the filters select."""
    actor = request.user
    form = LedgerFilterForm(request.GET or None, actor=actor)
    if "format" in request.GET:
        cleaned(form)  # a filter that makes no sense is refused, not silently dropped
        exported = ledger_exports.export(actor, form.filters(), request.GET["format"])
        return attachment(exported.content, exported.filename, exported.content_type)
    valid = not form.is_bound or form.is_valid()
    filters = form.filters() if form.is_bound and valid else {}
    found = ledger.assets(actor, **filters) if valid else []
    page_obj = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
    totals = ledger.totals(actor, **filters) if valid else None
    return render(
        request,
        "web/devices/ledger.html",
        {
            "form": form,
            "page_obj": page_obj,
            "total": totals["total"] if totals else 0,
            "totals": _labelled(actor, totals) if totals else [],
            "query": filter_query(request),
            "exports": export_links(request) if valid else [],
        },
    )


@page("devices")
def asset_register(request: HttpRequest) -> HttpResponse:
    """Register one asset (DEV-LEDGER, DEV-AIRGAP), or import a ledger file."""
    actor = request.user
    if request.method == "POST":
        data = cleaned(AssetForm(request.POST, actor=actor))
        asset = ledger_ops.register_asset(actor=actor, **AssetForm.operation_kwargs(data))
        message = _("Registered: %(asset)s.") % {"asset": str(asset)}
        return done(request, message, reverse("asset", args=[asset.pk]))
    return render(
        request,
        "web/devices/register.html",
        {"form": AssetForm(actor=actor), "import_form": ImportLedgerForm()},
    )


@require_POST
@page("devices")
def asset_import(request: HttpRequest) -> HttpResponse:
    """Import a ledger from an .xlsx or .csv file: "dry run" lists the assets to register or
    every rejected row and why, changing nothing; "import" registers all or none."""
    upload = cleaned(ImportLedgerForm(request.POST, request.FILES))["file"]
    rows = imports.read_upload(upload, upload.name)
    dry_run = "dry_run" in request.POST
    try:
        parsed = ledger_ops.import_assets(actor=request.user, rows=rows, dry_run=dry_run)
    except imports.ImportRejected as exc:
        context = {"dry_run": dry_run, "rows": [], "rejected": exc.rejected, "message": exc.message}
        return render(request, "web/devices/import.html", context, status=200 if dry_run else 400)
    if dry_run:
        context = {
            "dry_run": True,
            "rows": [(r, AssetType(r.type).label, Network(r.network).label) for r in parsed],
            "rejected": [],
            "import_form": ImportLedgerForm(),
        }
        return render(request, "web/devices/import.html", context)
    message = ngettext("%(n)d asset imported.", "%(n)d assets imported.", len(parsed))
    return done(request, message % {"n": len(parsed)}, reverse("devices"))


@page("devices")
def asset_import_template(request: HttpRequest) -> HttpResponse:
    """The import template: an .xlsx workbook with the header row only."""
    return attachment(imports.template_xlsx(), "assets.xlsx")


def _sanitising(actor: Any, asset: Any) -> dict[str, Any]:
    """For a medium: the requests to sanitise it (MEDIA-TAINT), and for one that is classified
    or has held classified data, the form to ask for the office director's approval (while
    none is pending or granted) or, once granted, the form to record the sanitising."""
    if asset.kind != AssetKind.MEDIUM:
        return {}
    requests = approval_reads.sanitisations(actor, asset.pk)
    sanitisable = (asset.tainted or asset.is_classified) and asset.status not in GONE
    if not sanitisable and not requests:
        return {}
    granted = approval_reads.granted(requests, {"level": asset.level}) if sanitisable else None
    pending = approval_reads.pending(requests) if sanitisable else None
    return {
        "sanitising": {
            "requests": requests,
            "sanitisable": sanitisable,
            "granted": granted,
            "pending": pending,
            "request_form": (
                SanitisationRequestForm() if sanitisable and not (granted or pending) else None
            ),
            "form": SanitiseForm() if granted else None,
        }
    }


def _asset_forms(actor: Any, asset: Any) -> dict[str, Any]:
    """The forms the asset page offers to ``actor``."""
    forms: dict[str, Any] = {}
    if has_permission(actor, Permission.MANAGE_DEVICES):
        forms.update(
            custodian_form=CustodianForm(actor=actor),
            network_form=NetworkForm(initial={"network": asset.network}),
            level_form=LevelForm(initial={"level": asset.level}),
            update_form=UpdateForm(initial={"location": asset.location}),
        )
        if asset.kind != AssetKind.MEDIUM:  # DEV-AIRGAP: computers and office devices
            # The change likely to be recorded is the opposite of what the ledger says.
            forms["wireless_form"] = WirelessForm(
                initial={"wireless": "0" if asset.wireless else "1"}
            )
        forms.update(_sanitising(actor, asset))
    if asset.kind == "computer":
        forms["media_form"] = MediaUseForm()
    return forms


@page("home")
def asset(request: HttpRequest, asset_id: int) -> HttpResponse:
    """One asset: its fields, history and the uses of media on it (or of it). The security
    officer sees any asset; a person the assets they keep (NotFound otherwise)."""
    actor = request.user
    found = ledger.asset(actor, asset_id)
    return render(
        request,
        "web/devices/asset.html",
        {
            "asset": found,
            "history": found.history.all(),
            "uses": uses.media_uses(actor, found.pk, limit=LIMIT),
            "manages": has_permission(actor, Permission.MANAGE_DEVICES),
            **_asset_forms(actor, found),
            **asset_care(actor, found),
        },
    )


def _changed(request: HttpRequest, asset_id: int, message: str) -> HttpResponse:
    return done(request, message, next_page(request, reverse("asset", args=[asset_id])))


@require_POST
@page("devices")
def asset_custodian(request: HttpRequest, asset_id: int) -> HttpResponse:
    data = cleaned(CustodianForm(request.POST, actor=request.user))
    changed = ledger_ops.assign_custodian(
        actor=request.user,
        asset_id=asset_id,
        custodian_id=data["custodian"],
        location=data["location"] or None,
    )
    return _changed(request, asset_id, _("Handed over: %(asset)s.") % {"asset": str(changed)})


@require_POST
@page("devices")
def asset_network(request: HttpRequest, asset_id: int) -> HttpResponse:
    data = cleaned(NetworkForm(request.POST))
    changed = ledger_ops.change_network(
        actor=request.user, asset_id=asset_id, network=data["network"]
    )
    return _changed(request, asset_id, _("Network changed: %(asset)s.") % {"asset": str(changed)})


@require_POST
@page("devices")
def asset_wireless(request: HttpRequest, asset_id: int) -> HttpResponse:
    """Record that wireless hardware was fitted or removed; on a classified device refused
    (DEV-AIRGAP) with its clause, the attempt left as an alert."""
    data = cleaned(WirelessForm(request.POST))
    changed = ledger_ops.set_wireless(
        actor=request.user, asset_id=asset_id, wireless=data["wireless"]
    )
    if changed.wireless:
        message = _("Wireless hardware recorded as fitted: %(asset)s.")
    else:
        message = _("Wireless hardware recorded as removed: %(asset)s.")
    return _changed(request, asset_id, message % {"asset": str(changed)})


@require_POST
@page("devices")
def sanitisation_request(request: HttpRequest, asset_id: int) -> HttpResponse:
    """Ask the office director to approve sanitising a medium (MEDIA-TAINT)."""
    data = cleaned(SanitisationRequestForm(request.POST))
    media_ops.request_sanitisation(actor=request.user, medium_id=asset_id, reason=data["reason"])
    message = _("Request sent to the approvers; it is in your approvals list.")
    return _changed(request, asset_id, message)


@require_POST
@page("devices")
def sanitise(request: HttpRequest, asset_id: int) -> HttpResponse:
    """Record the sanitising of a medium under a granted approval (MEDIA-TAINT): it becomes an
    unclassified medium that has held no classified data; without approval refused."""
    data = cleaned(SanitiseForm(request.POST))
    medium = media_ops.sanitise(actor=request.user, medium_id=asset_id, method=data["method"])
    message = _("Sanitised: %(asset)s is now an unclassified medium.") % {"asset": str(medium)}
    return _changed(request, asset_id, message)


@require_POST
@page("devices")
def asset_level(request: HttpRequest, asset_id: int) -> HttpResponse:
    data = cleaned(LevelForm(request.POST))
    changed = ledger_ops.change_level(actor=request.user, asset_id=asset_id, level=data["level"])
    return _changed(request, asset_id, _("Level changed: %(asset)s.") % {"asset": str(changed)})


@require_POST
@page("devices")
def asset_update(request: HttpRequest, asset_id: int) -> HttpResponse:
    data = cleaned(UpdateForm(request.POST))
    changes = {k: v for k, v in data.items() if v}
    changed = ledger_ops.update_asset(actor=request.user, asset_id=asset_id, **changes)
    return _changed(request, asset_id, _("Updated: %(asset)s.") % {"asset": str(changed)})


@require_POST
@page("home")
def media_use(request: HttpRequest, asset_id: int) -> HttpResponse:
    """Record a use of a medium on this computer (MEDIA-REGISTERED); a refusal (MEDIA-NO-CROSS,
    MEDIA-TAINT, DEV-NO-HOME …) shows its clause and leaves an alert for the security office."""
    data = cleaned(MediaUseForm(request.POST))
    media_ops.record_media_use(
        actor=request.user,
        computer_id=asset_id,
        medium_identifier=data["medium"],
        purpose=data["purpose"],
        to_take_home=data["to_take_home"],
    )
    message = _("Use of %(medium)s recorded.") % {"medium": data["medium"]}
    return _changed(request, asset_id, message)


@page("devices")
def alerts(request: HttpRequest) -> HttpResponse:
    """The security office's alerts: refused uses of media, airgap violations, check
    findings; open ones first, or every one."""
    every = request.GET.get("all") == "1"
    return render(
        request,
        "web/devices/alerts.html",
        {
            "alerts": ledger.alerts(request.user, open_only=not every)[:LIMIT],
            "every": every,
            "form": ResolveForm(),
        },
    )


@require_POST
@page("devices")
def alert_resolve(request: HttpRequest, alert_id: int) -> HttpResponse:
    data = cleaned(ResolveForm(request.POST))
    media_ops.resolve_alert(actor=request.user, alert_id=alert_id, resolution=data["resolution"])
    return done(request, _("Alert resolved."), next_page(request, reverse("device_alerts")))


@page("devices")
def device_checks(request: HttpRequest) -> HttpResponse:
    """Physical checks of the ledger: start one for a department or the organisation."""
    actor = request.user
    if request.method == "POST":
        department = cleaned(CheckStartForm(request.POST, actor=actor))["department"]
        started = check_ops.start_check(actor=actor, department_id=department)
        return done(
            request, _("Physical check started."), reverse("device_check", args=[started.pk])
        )
    return render(
        request,
        "web/devices/checks.html",
        {"checks": check_reads.checks(actor)[:50], "form": CheckStartForm(actor=actor)},
    )


@page("devices")
def device_check(request: HttpRequest, check_id: int) -> HttpResponse:
    """One check: what was seen, and the reconciliation with the ledger (missing, unexpected,
    with another custodian, elsewhere, in another status)."""
    actor = request.user
    result = check_reads.reconciliation(actor, check_id)
    ids = {f.expected for f in result.wrong_custodian} | {f.found for f in result.wrong_custodian}
    names = dict(org.people(actor).filter(pk__in=ids).values_list("pk", "name"))
    groups = [
        (key, check_reads.FINDING_KINDS[key], [(f, check_reads.describe(f, names)) for f in found])
        for key, found in (
            (check_reads.MISSING, result.missing),
            (check_reads.UNEXPECTED, result.unexpected),
            (check_reads.CUSTODIAN, result.wrong_custodian),
            (check_reads.LOCATION, result.wrong_location),
            (check_reads.STATUS, result.wrong_status),
        )
    ]
    return render(
        request,
        "web/devices/check.html",
        {
            "result": result,
            "groups": groups,
            "check": result.check,
            "observations": check_reads.observations(actor, check_id)[:LIMIT],
            "form": ObserveForm(actor=actor),
            "list_form": ObservationsForm(),
        },
    )


@require_POST
@page("devices")
def device_observe(request: HttpRequest, check_id: int) -> HttpResponse:
    data = cleaned(ObserveForm(request.POST, actor=request.user))
    check_ops.observe(
        actor=request.user,
        check_id=check_id,
        identifier=data["identifier"],
        custodian_id=data["custodian"],
        location=data["location"],
        status=data["status"] or "",
        note=data["note"],
    )
    message = _("Seen: %(identifier)s.") % {"identifier": data["identifier"]}
    return done(request, message, reverse("device_check", args=[check_id]))


# A list of seen assets: a column of asset numbers or serials (the number when both).
SEEN_COLUMNS = tables.Columns(
    headers={
        "number": imports.HEADERS["number"],
        "serial": imports.HEADERS["serial"],
    },
    required=(),
    nothing_below=gettext_lazy("The file has no assets below its header row."),
)


def _identifiers(data: dict[str, Any]) -> list[str]:
    """The identifiers typed one a line, then those of the uploaded file."""
    found = [line.strip() for line in (data["identifiers"] or "").splitlines()]
    upload = data["file"]
    if upload is not None:
        rows = tables.read_rows(tables.upload_bytes(upload), upload.name, SEEN_COLUMNS)
        found += [number or serial for _n, (number, serial) in rows]
    found = [identifier for identifier in found if identifier]
    if not found:
        raise InvalidInput(_("Type or upload at least one asset number or serial."))
    return found


@require_POST
@page("devices")
def device_observe_list(request: HttpRequest, check_id: int) -> HttpResponse:
    data = cleaned(ObservationsForm(request.POST, request.FILES))
    seen = check_ops.import_observations(
        actor=request.user, check_id=check_id, identifiers=_identifiers(data)
    )
    message = ngettext("%(n)d asset seen", "%(n)d assets seen", seen.observations) % {
        "n": seen.observations
    }
    if seen.unmatched:
        message += _(", %(n)d not in the ledger.") % {"n": seen.unmatched}
    else:
        message += "."
    return done(request, message, reverse("device_check", args=[check_id]))


@require_POST
@page("devices")
def device_check_close(request: HttpRequest, check_id: int) -> HttpResponse:
    check_ops.close_check(actor=request.user, check_id=check_id)
    return done(request, _("Physical check closed."), reverse("device_check", args=[check_id]))


@page("home")
def my_equipment(request: HttpRequest) -> HttpResponse:
    """The assets I keep (any person who knows items), the backups due and the stale
    antivirus of my computers, and my standalone processing."""
    person = knower(request.user)
    held = list(ledger.held_by(request.user)) if person is not None else []
    return render(
        request,
        "web/devices/mine.html",
        {"held": held, "knows_items": person, **my_care(request.user, person)},
    )
