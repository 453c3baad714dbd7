"""Steps shared by the ledger's operations: who acts, locking assets, writing an asset's
history and raising an alert for the security office. Helpers, not operations."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from baomi.access.mac import knower
from baomi.access.roles import Permission, require
from baomi.core.errors import AccessDenied, NotFound
from baomi.devices.models import Alert, Asset, AssetEvent
from baomi.org.models import Person


def keeper(actor: Any) -> Person:
    """The security officer acting on the ledger (MANAGE_DEVICES), as their person."""
    require(actor, Permission.MANAGE_DEVICES)
    person = getattr(actor, "person", None)
    if person is None:
        raise AccessDenied(_("Your role does not permit this operation."))
    return person


def acting_person(actor: Any) -> Person:
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


def remember(
    asset: Asset,
    *,
    actor: Any,
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


def raise_alert(
    organisation_id: int,
    *,
    rule_id: str,
    description: str,
    actor: Any,
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
