"""Steps shared by the ledger's operations: who acts, locking assets, writing an asset's
history and raising an alert for the security office. Helpers, not operations."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from baomi.access.actor import Actor
from baomi.access.mac import knower
from baomi.access.roles import Permission, has_permission, require
from baomi.core.errors import AccessDenied, NotFound
from baomi.devices.ledger_rules import LEDGER_STATUSES
from baomi.devices.models import (
    GONE,
    Alert,
    Asset,
    AssetEvent,
    AssetKind,
    Infection,
    StandaloneUse,
    Status,
)
from baomi.devices.policies import ASSETS
from baomi.org.models import Person
from baomi.rulebook import book


def keeper(actor: Actor) -> Person:
    """The security officer acting on the ledger (MANAGE_DEVICES), as their person."""
    require(actor, Permission.MANAGE_DEVICES)
    person = getattr(actor, "person", None)
    if person is None:
        raise AccessDenied(_("Your role does not permit this operation."))
    return person


def acting_person(actor: Actor) -> Person:
    """The person an account acts as on its own equipment (a custodian recording a use)."""
    person = knower(actor)
    if person is None:
        raise AccessDenied(_("Your role does not permit this operation."))
    return person


def lock_assets(organisation_id: int, asset_ids: list[int]) -> list[Asset]:
    """Lock assets of the organisation by primary key (the lock order); "not found" when any
    is missing or of another organisation."""
    wanted = sorted(set(asset_ids))
    assets = list(
        Asset.objects.select_for_update()
        .filter(organisation_id=organisation_id, pk__in=wanted)
        .order_by("pk")
    )
    if not wanted or len(assets) != len(wanted):
        raise NotFound(_("No such asset."))
    return assets


def lock_asset(organisation_id: int, asset_id: int) -> Asset:
    return lock_assets(organisation_id, [asset_id])[0]


def require_kept(asset: Asset) -> None:
    """DEV-LEDGER: a scrapped or destroyed asset is history; nothing changes it."""
    book.require(
        asset.organisation_id,
        "DEV-LEDGER",
        asset.status not in GONE,
        _("%(number)s is %(status)s.")
        % {"number": asset.number, "status": Status(asset.status).label},
        conflict=True,
    )


def require_at_hand(asset: Asset, rule_id: str) -> None:
    """An asset in use or spare (refused with ``rule_id``, which cannot be switched off,
    otherwise): one in repair or lent comes back first."""
    book.require(
        asset.organisation_id,
        rule_id,
        asset.status in LEDGER_STATUSES,
        _("%(number)s is %(status)s: it comes back first.")
        % {"number": asset.number, "status": Status(asset.status).label},
        conflict=True,
    )


def kept_asset(actor: Actor, asset_id: int) -> Asset:
    """The security officer's asset, locked, still in the ledger."""
    asset = lock_asset(keeper(actor).organisation_id, asset_id)
    require_kept(asset)
    return asset


def computer_user(actor: Actor, computer_id: int) -> tuple[Person, Asset]:
    """Who records something done on a computer and the computer (not locked): the security
    officer (MANAGE_DEVICES) on any computer of the organisation, or a custodian
    (KNOW_ITEMS) on their own."""
    if has_permission(actor, Permission.MANAGE_DEVICES):
        person = keeper(actor)
    else:
        require(actor, Permission.KNOW_ITEMS)
        person = acting_person(actor)
    computer = ASSETS.known(actor).filter(pk=computer_id, kind=AssetKind.COMPUTER).first()
    if computer is None:
        raise NotFound(_("No such computer."))
    return person, computer


def remember(
    asset: Asset,
    *,
    actor: Actor,
    action: str,
    person: Person | None = None,
    note: str = "",
    data: dict[str, Any] | None = None,
) -> AssetEvent:
    """One line of the asset's history."""
    return AssetEvent.objects.create(
        asset=asset,
        at=timezone.now(),
        action=action,
        actor=actor,
        person=person,
        note=note[:300],
        data=data or {},
    )


# The free text of an asset that says where it is: kept in the asset's history, which only
# those who may see the asset read, and left out of audit bodies, which hold ids and never an
# item's number, serial or other identifying text (the auditor is not cleared).
LOCATING_TEXT = frozenset({"location"})


def without_text(values: dict[str, Any]) -> dict[str, Any]:
    """``values`` (an asset's fields before or after a change) fit for an audit body."""
    return {k: v for k, v in values.items() if k not in LOCATING_TEXT}


def raise_alert(
    organisation_id: int,
    *,
    rule_id: str,
    description: str,
    actor: Actor,
    asset: Asset | None = None,
    media_use: Any = None,
) -> Alert:
    """An incident candidate for the security office."""
    return Alert.objects.create(
        organisation_id=organisation_id,
        asset=asset,
        rule_id=rule_id,
        at=timezone.now(),
        actor=actor,
        description=description[:300],
        media_use=media_use,
    )


def is_infected(computer: Asset) -> bool:
    """An infection not yet cleared stops the computer's use (DEV-AV)."""
    return Infection.objects.filter(asset=computer, cleared_at__isnull=True).exists()


def in_standalone_use(computer: Asset) -> bool:
    """Classified data is being processed on it on its own (DEV-STANDALONE)."""
    return StandaloneUse.objects.filter(computer=computer, finished_at__isnull=True).exists()
