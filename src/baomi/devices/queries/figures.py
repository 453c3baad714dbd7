"""The equipment ledger's figures for the security office's dashboard and the annual report
(``seams.figures``, ANNUAL-REPORT): the ledger now and its changes in the period, the
alerts and the care the equipment waits for.

Each figure is one aggregate query (a COUNT with conditional COUNTs for its split), never a
read of the rows, over the organisation of the part and — for a department head's part — the
asset's department in the ledger (its ``department``, the ledger's department filter; an
alert: its asset's). Counts of the records, never a number or a custodian."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from baomi.devices.ledger_rules import LEDGER_STATUSES
from baomi.devices.models import (
    GONE,
    KIND_OF_TYPE,
    Alert,
    Asset,
    AssetKind,
    AssetType,
    Disposal,
    Infection,
    Outcome,
)
from baomi.devices.queries.care import av_stale_condition
from baomi.seams.figures import Figure, FigureProvider, Part, Period, counted, measure

ASSETS = pgettext_lazy("unit", "assets")
ALERTS = pgettext_lazy("unit", "alerts")
COMPUTERS = pgettext_lazy("unit", "computers")

MEDIA_TYPES = tuple(t for t, kind in KIND_OF_TYPE.items() if kind == AssetKind.MEDIUM)


def _assets(part: Part) -> QuerySet[Asset]:
    return Asset.objects.filter(part.departments(), organisation_id=part.organisation_id)


def _by(field: str, choices: Any, values: Any = None) -> dict[str, Q]:
    return {str(choices(v).label): Q(**{field: v}) for v in (values or choices.values)}


def in_ledger(part: Part, period: Period) -> tuple[int, dict]:
    """Now, whatever the period: the assets in the ledger not scrapped or destroyed (in use,
    spare, in repair, lent); by type."""
    rows = _assets(part).exclude(status__in=GONE)
    return counted(rows, _by("type", AssetType))


def registered(part: Part, period: Period) -> tuple[int, dict]:
    """Assets registered in the ledger in the period (``registered_at``), whatever became of
    them since; by kind."""
    rows = _assets(part).filter(period.during("registered_at"))
    return counted(rows, _by("kind", AssetKind))


def retired(part: Part, period: Period) -> tuple[int, dict]:
    """Assets scrapped or destroyed in the period: the assets of the disposals
    (DESTROY-APPROVE) whose time lies in the period; by outcome."""
    rows = Disposal.assets.through.objects.filter(
        part.departments("asset__department"),
        period.during("disposal__disposed_at"),
        disposal__organisation_id=part.organisation_id,
    )
    return counted(rows, _by("disposal__outcome", Outcome))


def media_registered(part: Part, period: Period) -> tuple[int, dict]:
    """Removable media registered in the ledger in the period (MEDIA-REGISTERED); by type."""
    rows = _assets(part).filter(period.during("registered_at"), kind=AssetKind.MEDIUM)
    return counted(rows, _by("type", AssetType, MEDIA_TYPES))


def open_alerts(part: Part, period: Period) -> tuple[int, dict]:
    """Now, whatever the period: the alerts not yet resolved (refused media uses, DEV-AIRGAP
    connections, check findings: the alerts page); by rule. A head's part: the alert's
    asset's department (an alert about no asset is the whole organisation's only)."""
    rows = Alert.objects.filter(
        part.departments("asset__department"),
        organisation_id=part.organisation_id,
        resolved_at=None,
    )
    # One GROUP BY: the rules are open-ended, each one the split's label.
    split = dict(rows.order_by("rule_id").values_list("rule_id").annotate(n=Count("pk")))
    return sum(split.values()), split


def antivirus_stale(part: Part, period: Period) -> tuple[int, dict]:
    """Now, whatever the period: computers at hand (in use or spare) without an antivirus
    product or with signatures older than DEV-AV's ``signature_days`` (the care page's
    list)."""
    rows = _assets(part).filter(
        av_stale_condition(part.organisation_id, timezone.localdate()),
        kind=AssetKind.COMPUTER,
        status__in=LEDGER_STATUSES,
    )
    return counted(rows)


def infected(part: Part, period: Period) -> tuple[int, dict]:
    """Now, whatever the period: infections reported and not cleared (DEV-AV: the computer
    out of use, the care page's list)."""
    rows = Infection.objects.filter(
        part.departments("asset__department"), organisation_id=part.organisation_id, cleared_at=None
    )
    return counted(rows)


def figures(part: Part, period: Period) -> list[Figure]:
    """The equipment's section: each figure with the query behind it and its list."""
    ledger, care = reverse("devices"), reverse("device_care")

    figure = measure("devices", part, period)

    return [
        figure("in_ledger", _("Equipment in the ledger"), in_ledger, ASSETS, ledger, True),
        figure("registered", _("Equipment registered"), registered, ASSETS, ledger),
        figure("retired", _("Equipment scrapped or destroyed"), retired, ASSETS, care),
        figure(
            "media_registered",
            _("Removable media registered"),
            media_registered,
            ASSETS,
            f"{ledger}?{urlencode({'kind': AssetKind.MEDIUM})}",
        ),
        figure(
            "open_alerts",
            _("Equipment alerts open"),
            open_alerts,
            ALERTS,
            reverse("device_alerts"),
            True,
        ),
        figure(
            "antivirus_stale", _("Antivirus out of date"), antivirus_stale, COMPUTERS, care, True
        ),
        figure("infected", _("Infections not cleared"), infected, COMPUTERS, care, True),
    ]


PROVIDER = FigureProvider("devices", _("Equipment ledger"), figures, order=20)
