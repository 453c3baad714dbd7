"""The equipment ledger (总台账, RULES.md §7) for the security officer: the ledger with its
filters, totals and exports, registering and importing assets, one asset with its history,
the changes made to it (wireless hardware among them) and what comes next for it (its uses of
media and sanitising, ``media``; its care, ``care``). "My equipment" lists what any person
keeps."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from baomi.access.mac import knower
from baomi.access.roles import Permission, has_permission
from baomi.core.levels import Level
from baomi.devices import imports
from baomi.devices.models import AssetKind, AssetType, Network, Status
from baomi.devices.operations import ledger as ledger_ops
from baomi.devices.queries import exports as ledger_exports
from baomi.devices.queries import ledger, steps, uses
from baomi.devices.web.actions import asset_actions
from baomi.devices.web.care import asset_care, my_care
from baomi.devices.web.forms.ledger import (
    AssetForm,
    CustodianForm,
    ImportLedgerForm,
    LedgerFilterForm,
    LevelForm,
    NetworkForm,
    UpdateForm,
    WirelessForm,
)
from baomi.devices.web.media import asset_media
from baomi.kit.actions import arrange
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
        "devices/ledger.html",
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
        "devices/register.html",
        {"form": AssetForm(actor=actor), "import_form": ImportLedgerForm()},
    )


@require_POST
@page("devices")
def asset_import(request: HttpRequest) -> HttpResponse:
    """Import a ledger from an .xlsx or .csv file: "dry run" lists the assets to register or
    every rejected row and why, changing nothing; "import" registers all or none."""
    upload = cleaned(ImportLedgerForm(request.POST, request.FILES))["file"]
    reading = imports.reading(upload, upload.name)
    dry_run = "dry_run" in request.POST
    try:
        parsed = ledger_ops.import_assets(actor=request.user, rows=reading.rows, dry_run=dry_run)
    except imports.ImportRejected as exc:
        context = {
            "dry_run": dry_run,
            "reading": reading,
            "rows": [],
            "rejected": exc.rejected,
            "message": exc.message,
        }
        return render(request, "devices/import.html", context, status=200 if dry_run else 400)
    if dry_run:
        context = {
            "dry_run": True,
            "reading": reading,
            "rows": [(r, AssetType(r.type).label, Network(r.network).label) for r in parsed],
            "rejected": [],
            "import_form": ImportLedgerForm(),
        }
        return render(request, "devices/import.html", context)
    message = ngettext("%(n)d asset imported.", "%(n)d assets imported.", len(parsed))
    return done(request, message % {"n": len(parsed)}, reverse("devices"))


@page("devices")
def asset_import_template(request: HttpRequest) -> HttpResponse:
    """The import template: an .xlsx workbook with the header row only."""
    return attachment(imports.template_xlsx(), _("equipment-ledger-template.xlsx"))


def _asset_forms(actor: Any, asset: Any) -> dict[str, Any]:
    """The forms of the ledger's changes the asset page offers to ``actor``."""
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
    return forms


def _flags(asset: Any, records: Any) -> list[tuple[str, Any, str]]:
    """What the asset's summary flags, as (colour, text, rule): an infection not cleared
    (DEV-AV), wireless hardware on a classified device (DEV-AIRGAP), a medium that has held
    classified data (MEDIA-TAINT)."""
    flags: list[tuple[str, Any, str]] = []
    if any(i.cleared_at is None for i in records.infections):
        flags.append(("danger", _("out of use: infected"), "DEV-AV"))
    if asset.wireless and asset.is_classified:
        flags.append(("danger", _("wireless hardware on a classified device"), "DEV-AIRGAP"))
    if asset.kind == AssetKind.MEDIUM and asset.tainted:
        flags.append(("warning", _("has held classified data"), "MEDIA-TAINT"))
    return flags


@page("home")
def asset(request: HttpRequest, asset_id: int) -> HttpResponse:
    """One asset: first what it is (its number, level, custodian, status and flags), then what
    may be done to it as buttons, each opening its one form (``?action=``); its particulars,
    care, history and the uses of media on it (or of it). The security officer sees any
    asset; a person the assets they keep (NotFound otherwise)."""
    actor = request.user
    found = ledger.asset(actor, asset_id)
    following = steps.next_steps(actor, found)
    context = {
        "asset": found,
        "history": found.history.all(),
        "uses": uses.media_uses(actor, found.pk, limit=LIMIT),
        "manages": has_permission(actor, Permission.MANAGE_DEVICES),
        **_asset_forms(actor, found),
        **asset_media(found, following),
        **asset_care(actor, found, following),
    }
    context["actions"] = arrange(request, asset_actions(actor, found, context))
    context["flags"] = _flags(found, context["care"]["records"])
    return render(request, "devices/asset.html", context)


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


@page("home")
def my_equipment(request: HttpRequest) -> HttpResponse:
    """The assets I keep (any person who knows items), the backups due and the stale
    antivirus of my computers, and my standalone processing."""
    person = knower(request.user)
    held = list(ledger.held_by(request.user)) if person is not None else []
    return render(
        request,
        "devices/mine.html",
        {"held": held, "knows_items": person, **my_care(request.user, person)},
    )
