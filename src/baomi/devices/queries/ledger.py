"""Reads of the equipment ledger (DEV-LEDGER): the ledger with its filters and totals, an
asset with its history, a person's assets and the security office's alerts. The security
officer (MANAGE_DEVICES) sees the organisation's ledger; anyone else only what they keep."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.utils.translation import gettext as _

from baomi.access.actor import Actor
from baomi.access.mac import knower
from baomi.access.roles import Permission, require
from baomi.core.errors import NotFound
from baomi.devices.models import GONE, Alert, Asset, AssetEvent, AssetKind
from baomi.devices.policies import ALERTS, ASKED_ASSETS, ASSETS


def _ledger(actor: Actor) -> QuerySet[Asset]:
    """The assets ``actor`` may see: the organisation's for the security officer, the ones
    they keep for a person, nothing for anyone else (``policies.ASSETS``)."""
    return ASSETS.known(actor)


def _filtered(
    actor: Actor,
    *,
    kind: str | None = None,
    type: str | None = None,
    level: int | None = None,
    status: str | None = None,
    department_id: int | None = None,
    search: str = "",
) -> QuerySet[Asset]:
    found = _ledger(actor)
    wanted = {
        "kind": kind,
        "type": type,
        "level": level,
        "status": status,
        "department_id": department_id,
    }
    found = found.filter(**{k: v for k, v in wanted.items() if v not in (None, "")})
    text = (search or "").strip()
    if text:
        found = found.filter(
            Q(number__icontains=text)
            | Q(serial__icontains=text)
            | Q(make_model__icontains=text)
            | Q(location__icontains=text)
            | Q(custodian__name__icontains=text)
        )
    return found


def assets(actor: Actor, **filters: Any) -> QuerySet[Asset]:
    """The ledger, filtered by kind, type, level, status, department and a search text
    (number, serial, make and model, location, custodian's name)."""
    return _filtered(actor, **filters).select_related("custodian", "department")


def totals(actor: Actor, **filters: Any) -> dict[str, Any]:
    """The totals of the ledger page (the same filters as ``assets``): ``total`` and, for
    ``by_type``, ``by_level``, ``by_status`` and ``by_department`` (its id), each value's
    count."""
    found = _filtered(actor, **filters).order_by()

    def by(field: str) -> dict[Any, int]:
        return {
            row[field]: row["n"]
            for row in found.values(field).annotate(n=Count("pk")).order_by(field)
        }

    by_type = by("type")
    return {
        "total": sum(by_type.values()),
        "by_type": by_type,
        "by_level": by("level"),
        "by_status": by("status"),
        "by_department": by("department_id"),
    }


@dataclass(frozen=True)
class Related:
    """Another asset that a line of an asset's page names (the medium used on a computer, the
    computer a medium was used on): its number only for a viewer who may see that asset in
    the ledger, else its id and a neutral label."""

    id: int
    kind: str
    number: str | None  # None: the viewer may not see it

    @property
    def visible(self) -> bool:
        return self.number is not None

    @property
    def label(self) -> str:
        if self.number is not None:
            return self.number
        if self.kind == AssetKind.COMPUTER:
            return _("a computer you may not see")
        return _("a medium you may not see")


def related(actor: Actor, refs: Iterable[tuple[int, str]]) -> dict[int, Related]:
    """``(asset id, kind)`` pairs as ``Related`` by id, numbered only where ``actor`` may see
    the asset (one query)."""
    kinds = dict(refs)
    seen = dict(_ledger(actor).filter(pk__in=list(kinds)).values_list("pk", "number"))
    return {pk: Related(pk, kind, seen.get(pk)) for pk, kind in kinds.items()}


def seen_number(actor: Actor, ref: str) -> Subquery:
    """For an annotation of rows naming an asset by its id in the field ``ref``: that
    asset's number where ``actor`` may see it in the ledger (as ``related``), else NULL."""
    return Subquery(_ledger(actor).filter(pk=OuterRef(ref)).values("number")[:1])


# The keys of a history line's data naming another asset (a use of a medium), with its kind.
RELATED_KEYS = {"computer": AssetKind.COMPUTER, "medium": AssetKind.MEDIUM}

# The kinds of history line written without a note since issue 10 item 16, whose older lines
# kept another item's identifying text there: the number of the computer a medium was used on
# or tainted by, the free text saying where a backup went (DEV-BACKUP, maybe a medium's
# number). Their notes are never shown (CLS-MAC): the other asset is named through
# ``related``, and a backup's target only in its own record.
WITHOUT_NOTE = frozenset({"used", "medium_used", "tainted", "backed_up"})


def _name_related(actor: Actor, events: list[AssetEvent]) -> None:
    """Give each history line ``related``: the other asset it names as a ``Related``, or
    None; such a line's note becomes that asset's number for a viewer who may see it, and
    empty for anyone else. A line of a kind in ``WITHOUT_NOTE`` naming no asset (an older
    one) shows no note either."""
    refs = {
        event.pk: (event.data[key], kind)
        for event in events
        for key, kind in RELATED_KEYS.items()
        if isinstance(event.data.get(key), int)
    }
    named = related(actor, refs.values())
    for event in events:
        ref = refs.get(event.pk)
        event.related = named[ref[0]] if ref else None
        if event.related is not None:
            event.note = event.related.number or ""
        elif event.action in WITHOUT_NOTE:
            event.note = ""


def asset(actor: Actor, asset_id: int) -> Asset:
    """One asset the actor may see, its history prefetched (``asset.history.all()``, each
    line with ``related``, see ``_name_related``); "not found" for another organisation's
    asset or, for anyone but the security officer, an asset someone else keeps."""
    found = (
        _ledger(actor)
        .filter(pk=asset_id)
        .select_related("custodian", "department", "registered_by")
        .prefetch_related(
            Prefetch("history", queryset=AssetEvent.objects.select_related("actor", "person"))
        )
        .first()
    )
    if found is None:
        raise NotFound(_("No such asset."))
    _name_related(actor, list(found.history.all()))
    return found


def asked_about(actor: Actor, asset_id: int) -> Asset | None:
    """An asset as an approval request shows it: one the actor may see in the ledger, or
    one about which they are asked, or were asked, to approve something (a repair, a loan,
    a disposal, a sanitising, a standalone use); else None (``policies.ASKED_ASSETS``)."""
    return ASKED_ASSETS.known(actor).filter(pk=asset_id).select_related("custodian").first()


def asked_about_many(actor: Actor, asset_ids: list[int]) -> QuerySet[Asset]:
    """The assets of ``asset_ids`` as an approval request shows them (``asked_about``), by
    number."""
    return ASKED_ASSETS.known(actor).filter(pk__in=asset_ids).order_by("number")


def held_by(actor: Actor, person_id: int | None = None) -> QuerySet[Asset]:
    """The assets a person keeps (the actor's own by default); someone else's only for the
    security officer (for anyone else, nothing)."""
    if person_id is None:
        person = knower(actor) or getattr(actor, "person", None)
        if person is None:
            return Asset.objects.none()
        person_id = person.pk
    return _ledger(actor).filter(custodian_id=person_id).select_related("custodian", "department")


def kept_items(person: Any) -> list[str]:
    """The provider registered with ``baomi.org.holdings`` (HANDOVER): every asset the person
    still keeps as custodian (not scrapped or destroyed), as its number and type. The
    system's own check before a person is marked as left, not a read for a person."""
    kept = Asset.objects.filter(custodian=person).exclude(status__in=GONE).order_by("number")
    return [str(asset) for asset in kept]


def alerts(actor: Actor, open_only: bool = True) -> QuerySet[Alert]:
    """The security office's alerts: refused media uses, airgap violations, check findings."""
    require(actor, Permission.MANAGE_DEVICES)
    found = ALERTS.known(actor)
    if open_only:
        found = found.filter(resolved_at=None)
    return found.select_related("asset", "actor")
