"""The equipment ledger (总台账, DEV-LEDGER): registering an asset, handing it to a custodian,
its network, wireless hardware and level (DEV-AIRGAP, MEDIA-TAINT), its other particulars,
and importing an existing ledger. The security officer keeps it (MANAGE_DEVICES)."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import asdict
from typing import Any

from django.db import IntegrityError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from baomi.access.actor import Actor
from baomi.audit.actions import register_action
from baomi.audit.operation import operation
from baomi.audit.recorder import record_event
from baomi.core.errors import Conflict, InvalidInput, NotFound
from baomi.core.levels import Level
from baomi.core.text import fitted_text
from baomi.devices import imports
from baomi.devices.ledger_rules import (
    LEDGER_STATUSES,
    STATUS_OPERATION,
    airgap_refusal,
    is_asset_level,
)
from baomi.devices.models import (
    KIND_OF_TYPE,
    Asset,
    AssetEvent,
    AssetType,
    Network,
    Status,
)
from baomi.devices.operations._common import (
    in_standalone_use,
    keeper,
    kept_asset,
    raise_alert,
    remember,
    without_text,
)
from baomi.org.models import Department, Person
from baomi.org.posts import person_in_post
from baomi.rulebook import book

REGISTERED = register_action("devices.asset_registered", gettext_lazy("Asset registered"))
HANDED_OVER = register_action("devices.asset_handed_over", gettext_lazy("Asset handed over"))
NETWORK_CHANGED = register_action("devices.network_changed", gettext_lazy("Asset network changed"))
WIRELESS_CHANGED = register_action(
    "devices.wireless_changed", gettext_lazy("Asset wireless hardware changed")
)
LEVEL_CHANGED = register_action("devices.level_changed", gettext_lazy("Asset level changed"))
UPDATED = register_action("devices.asset_updated", gettext_lazy("Asset particulars updated"))
IMPORTED = register_action("devices.ledger_imported", gettext_lazy("Equipment ledger imported"))


def _choice(value: Any, choices: Any, field: str) -> str:
    if value not in choices.values:
        raise InvalidInput(_("Unknown value %(v)s.") % {"v": value}, field=field)
    return value


def _asset_level(value: Any) -> int:
    if not is_asset_level(value):
        raise InvalidInput(
            _("An asset is unclassified (0) or classified as 秘密, 机密 or 绝密 (2–4)."),
            field="level",
        )
    return int(value)


def _ledger_status(value: Any) -> str:
    """in_use or spare: the other statuses need their own operations, with approvals."""
    _choice(value, Status, "status")
    if value not in LEDGER_STATUSES:
        raise InvalidInput(
            _("Set the status %(status)s through %(operation)s, which needs approval.")
            % {"status": Status(value).label, "operation": STATUS_OPERATION[value]},
            field="status",
        )
    return value


def _custodian(org: int, person_id: int) -> Person:
    """An active person of the organisation (a former one cannot keep equipment)."""
    left = _("%(name)s has left and cannot keep equipment.")
    return person_in_post(org, person_id, field="custodian_id", left=left)


def _department(org: int, department_id: int) -> Department:
    department = Department.objects.filter(organisation_id=org, pk=department_id).first()
    if department is None:
        raise NotFound(_("No such department."))
    return department


def _airgap(
    actor: Actor,
    *,
    kind: str,
    level: int,
    network: str,
    wireless: bool,
    number: str,
    asset: Asset | None = None,
) -> None:
    """DEV-AIRGAP: refuse, and leave an alert for the security office as evidence of the
    attempt (written by ``@operation`` after the rollback)."""
    reason = airgap_refusal(kind=kind, level=level, network=network, wireless=wireless)
    org = actor.person.organisation_id

    def evidence() -> None:
        description = _(
            "%(number)s (%(level)s, network %(network)s, wireless %(wireless)s): %(r)s"
        ) % {
            "number": number,
            "level": Level(level).label,
            "network": Network(network).label,
            "wireless": _("yes") if wireless else _("no"),
            "r": reason,
        }
        raise_alert(org, rule_id="DEV-AIRGAP", description=description, actor=actor, asset=asset)

    book.require(org, "DEV-AIRGAP", reason is None, reason or "", evidence=evidence)


def _number_free(org: int, number: str, free: bool) -> None:
    """DEV-LEDGER: one line of the ledger per asset number (a conflict otherwise)."""
    book.require(
        org,
        "DEV-LEDGER",
        free,
        _("The asset number %(n)s is already in the ledger.") % {"n": number},
        conflict=True,
    )


def _create(actor: Actor, org: int, fields: list[dict[str, Any]], note: str = "") -> list[Asset]:
    """New assets (MEDIA-TAINT: a classified asset has held classified data from registration), each
    with the first line of its history; two inserts for any number of assets."""
    at = timezone.now()
    assets = Asset.objects.bulk_create(
        Asset(
            organisation_id=org,
            kind=KIND_OF_TYPE[AssetType(f["type"])],
            tainted=f["level"] >= Level.CONFIDENTIAL,
            registered_at=at,
            registered_by=actor,
            updated_at=at,
            **f,
        )
        for f in fields
    )
    AssetEvent.objects.bulk_create(
        AssetEvent(
            asset=a,
            at=at,
            action="registered",
            actor=actor,
            person_id=a.custodian_id,
            note=note,
            data={"level": a.level, "network": a.network, "status": a.status},
        )
        for a in assets
    )
    return assets


@operation
def register_asset(
    *,
    actor: Actor,
    type: str,
    number: str,
    serial: str = "",
    make_model: str = "",
    level: int = 0,
    network: str = "none",
    custodian_id: int | None = None,
    department_id: int | None = None,
    location: str = "",
    status: str = "in_use",
    disk_serials: str = "",
    mac_addresses: str = "",
    operating_system: str = "",
    antivirus: str = "",
    av_signatures_on: datetime.date | None = None,
    wireless: bool = False,
    important_data: bool = False,
    capacity: str = "",
) -> Asset:
    """Enter a computer, removable medium or office device into the ledger (DEV-LEDGER):
    its number unique in the organisation, its level unclassified or classified, its
    custodian an active person (the department theirs unless given). A classified computer
    or office device on the internet or with wireless hardware is refused, and the attempt
    is left as an alert (DEV-AIRGAP); a classified asset is marked as having held classified data
    (MEDIA-TAINT)."""
    person = keeper(actor)
    org = person.organisation_id
    kind = KIND_OF_TYPE[AssetType(_choice(type, AssetType, "type"))]
    number = fitted_text(number, "number", Asset, required=False)
    if not number:
        raise InvalidInput(_("This field is required."), field="number")
    level = _asset_level(level)
    _choice(network, Network, "network")
    texts = {
        name: fitted_text(value, name, Asset, required=False)
        for name, value in {
            "serial": serial,
            "make_model": make_model,
            "location": location,
            "disk_serials": disk_serials,
            "mac_addresses": mac_addresses,
            "operating_system": operating_system,
            "antivirus": antivirus,
            "capacity": capacity,
        }.items()
    }
    fields = {
        "type": type,
        "number": number,
        "level": level,
        "network": network,
        "status": _ledger_status(status),
        "av_signatures_on": av_signatures_on,
        "wireless": bool(wireless),
        "important_data": bool(important_data),
        **texts,
    }
    _airgap(actor, kind=kind, level=level, network=network, wireless=bool(wireless), number=number)
    custodian = _custodian(org, custodian_id) if custodian_id else None
    department = _department(org, department_id) if department_id else None
    fields["custodian"] = custodian
    fields["department"] = department or (custodian.department if custodian else None)
    _number_free(org, number, not Asset.objects.filter(organisation_id=org, number=number).exists())
    try:
        [asset] = _create(actor, org, [fields])
    except IntegrityError:
        _number_free(org, number, False)
        raise
    record_event(
        actor=actor,
        action=REGISTERED,
        subject=asset,
        data={
            "type": asset.type,
            "level": asset.level,
            "network": asset.network,
            "custodian_id": custodian.pk if custodian else None,
            "tainted": asset.tainted,
            "rules": ["DEV-LEDGER", "DEV-AIRGAP", "MEDIA-TAINT"],
        },
    )
    return asset


def _save(asset: Asset, *fields: str) -> None:
    asset.updated_at = timezone.now()
    asset.save(update_fields=[*fields, "updated_at"])


@operation
def assign_custodian(
    *,
    actor: Actor,
    asset_id: int,
    custodian_id: int,
    department_id: int | None = None,
    location: str | None = None,
) -> Asset:
    """Hand an asset over to another custodian (DEV-LEDGER), with its department (theirs
    unless given) and location (unchanged unless given)."""
    asset = kept_asset(actor, asset_id)
    org = asset.organisation_id
    custodian = _custodian(org, custodian_id)
    department = _department(org, department_id) if department_id else custodian.department
    before = {
        "custodian_id": asset.custodian_id,
        "department_id": asset.department_id,
        "location": asset.location,
    }
    unchanged = (
        custodian.pk == asset.custodian_id
        and department.pk == asset.department_id
        and (
            location is None
            or fitted_text(location, "location", Asset, required=False) == asset.location
        )
    )
    book.require(
        asset.organisation_id,
        "DEV-LEDGER",
        not unchanged,
        _("The asset is already kept there by that person."),
        conflict=True,
    )
    asset.custodian, asset.department = custodian, department
    if location is not None:
        asset.location = fitted_text(location, "location", Asset, required=False)
    _save(asset, "custodian", "department", "location")
    after = {
        "custodian_id": custodian.pk,
        "department_id": department.pk,
        "location": asset.location,
    }
    remember(
        asset,
        actor=actor,
        action="handed_over",
        person=custodian,
        data={"from": before, "to": after},
    )
    record_event(
        actor=actor,
        action=HANDED_OVER,
        subject=asset,
        data={
            "from": without_text(before),
            "to": without_text(after),
            "moved": before["location"] != after["location"],
            "rule": "DEV-LEDGER",
        },
    )
    return asset


def _change(
    actor: Actor,
    asset_id: int,
    field: str,
    value: Any,
    *,
    action: str,
    audit: str,
    check: Callable[[Asset], None],
) -> Asset:
    """Set one field of an asset after ``check`` (a rule), with a history line and one
    audit event; setting the value it already has is refused as a conflict."""
    asset = kept_asset(actor, asset_id)
    before = getattr(asset, field)
    book.require(
        asset.organisation_id,
        "DEV-LEDGER",
        before != value,
        _("The asset already has that value."),
        conflict=True,
    )
    check(asset)
    setattr(asset, field, value)
    extra = []
    if field == "level" and value >= Level.CONFIDENTIAL:
        asset.tainted = True  # MEDIA-TAINT: from now on its storage has held classified data
        extra.append("tainted")
    _save(asset, field, *extra)
    remember(asset, actor=actor, action=action, data={"from": before, "to": value})
    record_event(
        actor=actor,
        action=audit,
        subject=asset,
        data={"from": before, "to": value, "tainted": asset.tainted},
    )
    return asset


def _airgap_after(actor: Actor, **change: Any) -> Callable[[Asset], None]:
    """DEV-AIRGAP for an asset as it would be after ``change``."""

    def check(asset: Asset) -> None:
        state = {"level": asset.level, "network": asset.network, "wireless": asset.wireless}
        state.update(change)
        _airgap(actor, kind=asset.kind, number=asset.number, asset=asset, **state)

    return check


def _connection_after(actor: Actor, **change: Any) -> Callable[[Asset], None]:
    """A change of network or wireless hardware: never while the asset processes classified
    data on its own (DEV-STANDALONE), and DEV-AIRGAP as it would be after it."""
    airgap = _airgap_after(actor, **change)

    def check(asset: Asset) -> None:
        book.require(
            asset.organisation_id,
            "DEV-STANDALONE",
            not in_standalone_use(asset),
            _("%(number)s is processing classified data on its own until that is finished.")
            % {"number": asset.number},
            conflict=True,
        )
        airgap(asset)

    return check


@operation
def change_network(*, actor: Actor, asset_id: int, network: str) -> Asset:
    """Connect an asset to another network; a classified one never to the internet
    (DEV-AIRGAP: refused, and the attempt left as an alert)."""
    _choice(network, Network, "network")
    return _change(
        actor,
        asset_id,
        "network",
        network,
        action="network_changed",
        audit=NETWORK_CHANGED,
        check=_connection_after(actor, network=network),
    )


@operation
def set_wireless(*, actor: Actor, asset_id: int, wireless: bool) -> Asset:
    """Record that wireless hardware was fitted or removed; a classified device never has
    any (DEV-AIRGAP: refused, and the attempt left as an alert)."""
    wireless = bool(wireless)
    return _change(
        actor,
        asset_id,
        "wireless",
        wireless,
        action="wireless_changed",
        audit=WIRELESS_CHANGED,
        check=_connection_after(actor, wireless=wireless),
    )


@operation
def change_level(*, actor: Actor, asset_id: int, level: int) -> Asset:
    """Change the level of data an asset may hold (the security officer only). Raising a
    device to classified while it is on the internet or has wireless hardware is refused
    (DEV-AIRGAP); an asset whose storage has held classified data (a medium, a computer's or
    a copier's disk) never goes down in level here: only sanitising with approval clears it
    (MEDIA-TAINT)."""
    level = _asset_level(level)
    airgap = _airgap_after(actor, level=level)

    def check(asset: Asset) -> None:
        book.require(
            asset.organisation_id,
            "MEDIA-TAINT",
            not (asset.tainted and level < asset.level),
            _(
                "%(number)s has held classified data: it stays a classified item until "
                "it is sanitised with approval."
            )
            % {"number": asset.number},
        )
        airgap(asset)

    return _change(
        actor,
        asset_id,
        "level",
        level,
        action="level_changed",
        audit=LEVEL_CHANGED,
        check=check,
    )


@operation
def update_asset(
    *,
    actor: Actor,
    asset_id: int,
    location: str | None = None,
    status: str | None = None,
    operating_system: str | None = None,
    antivirus: str | None = None,
    av_signatures_on: datetime.date | None = None,
    important_data: bool | None = None,
) -> Asset:
    """Correct an asset's particulars. The status moves only between in use and spare here;
    repair, lending, scrapping and destruction have their own operations with approvals,
    and an asset away (in repair, lent) comes back through them."""
    asset = kept_asset(actor, asset_id)
    changes: dict[str, Any] = {}
    for name, value in (
        ("location", location),
        ("operating_system", operating_system),
        ("antivirus", antivirus),
    ):
        if value is not None:
            changes[name] = fitted_text(value, name, Asset, required=False)
    if status is not None:
        changes["status"] = _ledger_status(status)
        book.require(
            asset.organisation_id,
            "DEV-LEDGER",
            asset.status in LEDGER_STATUSES or status == asset.status,
            _("%(number)s is %(status)s: it comes back through that operation.")
            % {"number": asset.number, "status": Status(asset.status).label},
            conflict=True,
        )
    if av_signatures_on is not None:
        changes["av_signatures_on"] = av_signatures_on
    if important_data is not None:
        changes["important_data"] = bool(important_data)
    changed = {k: v for k, v in changes.items() if getattr(asset, k) != v}
    if not changed:
        raise InvalidInput(_("Nothing to change."))
    before = {k: _plain(getattr(asset, k)) for k in changed}
    for name, value in changed.items():
        setattr(asset, name, value)
    _save(asset, *changed)
    after = {k: _plain(v) for k, v in changed.items()}
    remember(asset, actor=actor, action="updated", data={"from": before, "to": after})
    record_event(
        actor=actor,
        action=UPDATED,
        subject=asset,
        data={"fields": sorted(after), "from": without_text(before), "to": without_text(after)},
    )
    return asset


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, datetime.date) else value


@operation
def import_assets(*, actor: Actor, rows: list[imports.Row], dry_run: bool) -> list[imports.Parsed]:
    """Import an existing ledger (read by ``imports.read_upload``), all or none: any rejected
    row refuses the whole import with ``imports.ImportRejected`` listing every rejected row
    and why (unknown type or level, a number repeated in the file or already in the ledger
    (DEV-LEDGER), an unknown custodian, a classified device on the internet (DEV-AIRGAP)).
    ``dry_run`` checks and answers the rows, writing nothing; otherwise the assets are
    registered (classified media tainted, MEDIA-TAINT), each with its history line, and one
    audit event records the import."""
    person = keeper(actor)
    org = person.organisation_id
    accepted = imports.SPEC.accepted(imports.check(person, rows))
    if dry_run:
        return accepted
    fields = []
    for row in accepted:
        values = asdict(row)
        del values["row"], values["sheet"], values["asset_id"]
        fields.append(values)
    try:
        assets = _create(actor, org, fields, note=_("imported"))
    except IntegrityError:
        raise Conflict(_("An asset number of the file was taken meanwhile; try again.")) from None
    imported = imports.created(accepted, assets)
    record_event(
        actor=actor,
        action=IMPORTED,
        data={
            "count": len(imported),
            "rows": [row.row for row in imported],
            "assets": [row.asset_id for row in imported],
            "rules": ["DEV-LEDGER", "DEV-AIRGAP", "MEDIA-TAINT"],
        },
    )
    return imported
