"""JSON routes of the equipment ledger (总台账, DEV-LEDGER): computers, removable media and
office equipment with their history, each person's assets, the totals and the import of an
existing ledger. The operations make every check (the security officer keeps the ledger,
MANAGE_DEVICES; DEV-AIRGAP); an asset of another organisation, or for anyone but the security
officer one they do not keep, answers 404 like a missing one."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any

from django.http import HttpRequest
from ninja import Field, File, Query, Router, Schema, Status
from ninja.files import UploadedFile

from baomi.core.imports import PassedOver, SheetRead, read_from
from baomi.core.inputs import Id, Line, Paging, page, text
from baomi.devices import imports
from baomi.devices.api.steps import AssetStepsOut
from baomi.devices.models import Asset, AssetKind, AssetType, Network
from baomi.devices.models import Status as AssetStatus
from baomi.devices.operations import ledger as ledger_ops
from baomi.devices.queries import ledger as queries
from baomi.devices.queries import steps

router = Router(tags=["devices"])

# The level of data an asset may hold (the operations refuse any other value).
AssetLevel = Annotated[int, Field(description="0 unclassified, 2 秘密, 3 机密, 4 绝密")]


# Schemas ------------------------------------------------------------------------------------


class AssetOut(Schema):
    """One line of the ledger (DEV-LEDGER)."""

    id: int
    kind: AssetKind
    type: AssetType
    number: str
    serial: str
    make_model: str
    level: int
    network: Network
    custodian_id: int | None
    custodian: str | None
    department_id: int | None
    location: str
    status: AssetStatus
    disk_serials: str
    mac_addresses: str
    operating_system: str
    antivirus: str
    av_signatures_on: date | None
    wireless: bool
    important_data: bool
    capacity: str
    tainted: bool = Field(description="Has ever held classified data (MEDIA-TAINT)")
    registered_at: datetime
    updated_at: datetime

    @staticmethod
    def resolve_custodian(asset: Any) -> str | None:
        return asset.custodian.name if asset.custodian_id else None


class AssetEventOut(Schema):
    at: datetime
    action: str
    action_label: str
    actor_id: int | None
    person_id: int | None
    note: str
    data: dict[str, Any]

    @staticmethod
    def resolve_action_label(event: Any) -> str:
        return event.label


class AssetDetail(AssetOut):
    """An asset with its history, oldest first, and what comes next for it for the caller:
    what the asset page offers them."""

    history: list[AssetEventOut]
    next_steps: AssetStepsOut

    @staticmethod
    def resolve_next_steps(asset: Any, context: dict[str, Any]) -> Any:
        return steps.next_steps(context["request"].auth, asset)

    @staticmethod
    def resolve_history(asset: Any) -> list[Any]:
        return list(asset.history.all())


class AssetPage(Schema):
    next_offset: int | None
    items: list[AssetOut]


class AssetIn(Schema):
    """A new line of the ledger; the fields of another kind of asset stay empty."""

    type: AssetType
    number: Line = text(Asset, "number")
    level: AssetLevel = 0
    network: Network = Network.NONE
    wireless: bool = False
    custodian_id: Id | None = Field(None, description="Default: none (a spare in the store)")
    department_id: Id | None = Field(None, description="Default: the custodian's department")
    status: AssetStatus = AssetStatus.IN_USE
    serial: Line = text(Asset, "serial", "")
    make_model: Line = text(Asset, "make_model", "")
    location: Line = text(Asset, "location", "")
    disk_serials: Line = text(Asset, "disk_serials", "")
    mac_addresses: Line = text(Asset, "mac_addresses", "")
    operating_system: Line = text(Asset, "operating_system", "")
    antivirus: Line = text(Asset, "antivirus", "")
    av_signatures_on: date | None = None
    important_data: bool = False
    capacity: Line = text(Asset, "capacity", "")


class AssetUpdateIn(Schema):
    """Only the fields given change. The status moves only between in use and spare here;
    repair, lending, scrapping and destruction have their own operations."""

    location: Line | None = text(Asset, "location", None)
    status: AssetStatus | None = None
    operating_system: Line | None = text(Asset, "operating_system", None)
    antivirus: Line | None = text(Asset, "antivirus", None)
    av_signatures_on: date | None = None
    important_data: bool | None = None


class CustodianIn(Schema):
    custodian_id: Id
    department_id: Id | None = Field(None, description="Default: the custodian's department")
    location: Line | None = text(Asset, "location", None, description="Default: unchanged")


class NetworkIn(Schema):
    network: Network


class WirelessIn(Schema):
    wireless: bool


class LevelIn(Schema):
    level: AssetLevel


class AssetFilters(Schema):
    kind: AssetKind | None = None
    type: AssetType | None = None
    level: int | None = Field(None, ge=0, le=4)
    status: AssetStatus | None = None
    department_id: Id | None = None
    search: Line = Field(
        "", max_length=100, description="Part of the number, serial, make, place or custodian"
    )


class Count(Schema):
    key: str | None
    count: int


def _counts(counted: dict[Any, int]) -> list[dict[str, Any]]:
    return [{"key": None if k is None else str(k), "count": n} for k, n in counted.items()]


class TotalsOut(Schema):
    """How many assets of the filtered ledger there are, in all and by each column (``key``:
    the type, level, status or department id; null: no department)."""

    total: int
    by_type: list[Count]
    by_level: list[Count]
    by_status: list[Count]
    by_department: list[Count]


class AssetImportRowOut(Schema):
    row: int
    type: AssetType
    number: str
    serial: str
    make_model: str
    level: int
    network: Network
    custodian_id: int | None
    department_id: int | None
    location: str
    status: AssetStatus
    mac_addresses: str
    disk_serials: str
    operating_system: str
    capacity: str
    antivirus: str
    av_signatures_on: date | None
    wireless: bool
    important_data: bool
    sheet: str
    asset_id: int | None


class AssetImportOut(Schema):
    created: int | None = None
    would_create: int | None = None
    rows: list[AssetImportRowOut]
    # Which row of each sheet read was the header, its columns (field "" where none reads
    # it), and the sheets not read with the reason.
    sheets: list[SheetRead]
    passed_over: list[PassedOver]


# The ledger ---------------------------------------------------------------------------------


@router.get("/assets", response=AssetPage)
def assets(request: HttpRequest, filters: Query[AssetFilters], paging: Query[Paging]) -> Any:
    """The ledger, filtered: the organisation's for the security officer, the assets they
    keep for anyone else; ``next_offset`` is null on the last page."""
    return page(queries.assets(request.auth, **filters.dict()), paging)


@router.post("/assets", response={201: AssetOut})
def register_asset(request: HttpRequest, payload: AssetIn) -> Any:
    """登记: a new line of the ledger (DEV-LEDGER). A classified computer or device on the
    internet or with wireless hardware is refused and recorded as an alert (403, ``rule``
    DEV-AIRGAP)."""
    return Status(201, ledger_ops.register_asset(actor=request.auth, **payload.dict()))


@router.post("/assets/import", response=AssetImportOut)
def import_assets(request: HttpRequest, file: File[UploadedFile], dry_run: bool = False) -> Any:
    """Import an existing ledger from an .xlsx or .csv file (multipart field ``file``), all
    lines or none. ``dry_run=true`` answers ``would_create`` and the rows, changing nothing,
    with the header row and columns of each sheet read (``sheets``) and the sheets
    ``passed_over``.
    Any rejected line answers 422 with ``detail`` listing each rejected ``row`` with its
    reasons; an unreadable file answers 422 with ``field`` "file"."""
    reading = imports.reading(file, file.name or "")
    parsed = ledger_ops.import_assets(actor=request.auth, rows=reading.rows, dry_run=dry_run)
    counted = {"would_create" if dry_run else "created": len(parsed)}
    return {**counted, "rows": parsed, **read_from(reading)}


@router.get("/assets/totals", response=TotalsOut)
def totals(request: HttpRequest, filters: Query[AssetFilters]) -> Any:
    """The totals of the filtered ledger by type, level, status and department."""
    counted = queries.totals(request.auth, **filters.dict())
    return {key: _counts(n) if isinstance(n, dict) else n for key, n in counted.items()}


@router.get("/assets/{asset_id}", response=AssetDetail)
def asset(request: HttpRequest, asset_id: Id) -> Any:
    """One asset with its history and its next steps (``next_steps``)."""
    return queries.asset(request.auth, asset_id)


@router.patch("/assets/{asset_id}", response=AssetOut)
def update_asset(request: HttpRequest, asset_id: Id, payload: AssetUpdateIn) -> Any:
    """Correct the descriptive fields of an asset; only the fields given change."""
    changes = payload.dict(exclude_unset=True)
    return ledger_ops.update_asset(actor=request.auth, asset_id=asset_id, **changes)


@router.post("/assets/{asset_id}/custodian", response=AssetOut)
def assign_custodian(request: HttpRequest, asset_id: Id, payload: CustodianIn) -> Any:
    """Hand the asset to a custodian (or back to the store), recorded in its history."""
    return ledger_ops.assign_custodian(actor=request.auth, asset_id=asset_id, **payload.dict())


@router.post("/assets/{asset_id}/network", response=AssetOut)
def change_network(request: HttpRequest, asset_id: Id, payload: NetworkIn) -> Any:
    """A classified computer is never put on the internet: refused and recorded as an alert
    (403, ``rule`` DEV-AIRGAP)."""
    return ledger_ops.change_network(actor=request.auth, asset_id=asset_id, **payload.dict())


@router.post("/assets/{asset_id}/wireless", response=AssetOut)
def set_wireless(request: HttpRequest, asset_id: Id, payload: WirelessIn) -> Any:
    """Record wireless hardware present or removed; present on a classified computer is
    refused and recorded as an alert (403, ``rule`` DEV-AIRGAP)."""
    return ledger_ops.set_wireless(actor=request.auth, asset_id=asset_id, **payload.dict())


@router.post("/assets/{asset_id}/level", response=AssetOut)
def change_level(request: HttpRequest, asset_id: Id, payload: LevelIn) -> Any:
    """Change the level of data the asset may hold (DEV-AIRGAP, MEDIA-TAINT)."""
    return ledger_ops.change_level(actor=request.auth, asset_id=asset_id, **payload.dict())


@router.get("/me/assets", response=list[AssetOut])
def my_assets(request: HttpRequest) -> Any:
    """The assets the caller keeps as custodian."""
    return queries.held_by(request.auth)
