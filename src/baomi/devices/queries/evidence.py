"""The ledger's answers to the self-inspection checklist (``seams.evidence``, INSP-CHECKLIST):
classified computers offline (DEV-AIRGAP), antivirus current (DEV-AV), media registered
(MEDIA-REGISTERED), no cross-use (MEDIA-NO-CROSS, MEDIA-TAINT), and no classified equipment
on the office network; and, for the accreditation self-score, classified computers checked
fewer times than INSP-QUARTERLY asks. Each is one query over the assets of the inspection's
scope — the department's (with its sub-departments) or the person's as custodian — at hand
(in use or spare); each fact links to the asset's page."""

from __future__ import annotations

import datetime

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from baomi.core.levels import Level
from baomi.devices.ledger_rules import LEDGER_STATUSES
from baomi.devices.models import Alert, Asset, AssetKind, Network, Observation
from baomi.devices.queries.care import av_stale_condition
from baomi.rulebook import book
from baomi.seams.evidence import MOST_FACTS, Evidence, EvidenceProvider, Fact, Scope, found

MORE = gettext_lazy("… and %(n)s more")


def _at_hand(organisation_id: int, scope: Scope) -> QuerySet[Asset]:
    """The assets of the scope still at hand."""
    assets = Asset.objects.filter(organisation_id=organisation_id, status__in=LEDGER_STATUSES)
    if scope.department_path:
        assets = assets.filter(department__path__startswith=scope.department_path)
    if scope.person_id:
        assets = assets.filter(custodian_id=scope.person_id)
    return assets


def _open_alerts(rules: tuple[str, ...], moment: datetime.datetime, asset: str = "pk") -> Exists:
    return Exists(
        Alert.objects.filter(
            asset_id=OuterRef(asset), rule_id__in=rules, resolved_at=None, at__lte=moment
        )
    )


def _answer(assets: QuerySet[Asset], sentence: object) -> Evidence:
    rows = list(assets.order_by("number")[:MOST_FACTS])
    total = len(rows) if len(rows) < MOST_FACTS else assets.count()
    facts = [
        Fact(str(sentence) % _fields(asset), reverse("asset", args=[asset.pk])) for asset in rows
    ]
    return found(facts, total, MORE)


def _fields(asset: Asset) -> dict[str, str]:
    return {
        "number": asset.number,
        "type": asset.get_type_display(),
        "level": Level(asset.level).label,
        "network": asset.get_network_display(),
    }


def airgap(organisation_id: int, scope: Scope, moment: datetime.datetime) -> Evidence:
    """Classified computers and devices on the internet or with wireless hardware, or with
    an attempt to connect them refused and not yet resolved (DEV-AIRGAP's alerts)."""
    assets = (
        _at_hand(organisation_id, scope)
        .exclude(kind=AssetKind.MEDIUM)
        .filter(level__gte=Level.CONFIDENTIAL)
        .annotate(attempted=_open_alerts(("DEV-AIRGAP",), moment))
        .filter(Q(network=Network.INTERNET) | Q(wireless=True) | Q(attempted=True))
    )
    rows = list(assets.order_by("number")[:MOST_FACTS])
    total = len(rows) if len(rows) < MOST_FACTS else assets.count()
    facts = []
    for asset in rows:
        if asset.network == Network.INTERNET:
            why = _("connected to the internet")
        elif asset.wireless:
            why = _("has wireless hardware")
        else:
            why = _("an attempt to connect it was refused, the alert still open")
        facts.append(
            Fact(
                _("%(number)s (%(type)s, %(level)s): %(why)s") % {**_fields(asset), "why": why},
                reverse("asset", args=[asset.pk]),
            )
        )
    return found(facts, total, MORE)


def antivirus(organisation_id: int, scope: Scope, moment: datetime.datetime) -> Evidence:
    """Computers whose antivirus is missing or its signatures stale (DEV-AV)."""
    today = timezone.localdate(moment)
    computers = _at_hand(organisation_id, scope).filter(
        av_stale_condition(organisation_id, today), kind=AssetKind.COMPUTER
    )
    return _answer(
        computers, gettext_lazy("%(number)s (%(type)s): antivirus missing or out of date")
    )


def _alerted(
    organisation_id: int, scope: Scope, moment: datetime.datetime, rules: tuple[str, ...]
) -> Evidence:
    """The computers of the scope with a refused use of a medium still open as an alert."""
    computers = _at_hand(organisation_id, scope).filter(
        _open_alerts(rules, moment), kind=AssetKind.COMPUTER
    )
    return _answer(
        computers,
        gettext_lazy("%(number)s (%(type)s): a refused use of a medium, the alert still open"),
    )


def media_registered(organisation_id: int, scope: Scope, moment: datetime.datetime) -> Evidence:
    """Unregistered media tried on the scope's computers (MEDIA-REGISTERED's open alerts)."""
    return _alerted(organisation_id, scope, moment, ("MEDIA-REGISTERED",))


def cross_use(organisation_id: int, scope: Scope, moment: datetime.datetime) -> Evidence:
    """Media used across the classified line on the scope's computers (MEDIA-NO-CROSS and
    MEDIA-TAINT's open alerts)."""
    return _alerted(organisation_id, scope, moment, ("MEDIA-NO-CROSS", "MEDIA-TAINT"))


def office_network(organisation_id: int, scope: Scope, moment: datetime.datetime) -> Evidence:
    """Classified computers and devices connected to the internal office network."""
    assets = (
        _at_hand(organisation_id, scope)
        .exclude(kind=AssetKind.MEDIUM)
        .filter(level__gte=Level.CONFIDENTIAL, network=Network.INTERNAL)
    )
    return _answer(assets, gettext_lazy("%(number)s (%(type)s, %(level)s): on the %(network)s"))


def physical_checks(organisation_id: int, scope: Scope, moment: datetime.datetime) -> Evidence:
    """INSP-QUARTERLY: classified computers at hand that were not found in at least
    ``computer_checks_per_year`` physical checks (an observation of the computer in a check
    started) in the 365 days up to ``moment``. A computer registered within those days is
    not yet held to it."""
    since = moment - datetime.timedelta(days=365)
    least = book.param(organisation_id, "INSP-QUARTERLY", "computer_checks_per_year")
    checks = (
        Observation.objects.filter(
            asset_id=OuterRef("pk"),
            physical_check__started_at__gt=since,
            physical_check__started_at__lte=moment,
        )
        .order_by()
        .values("asset_id")
        .annotate(n=Count("physical_check_id", distinct=True))
        .values("n")
    )
    computers = (
        _at_hand(organisation_id, scope)
        .filter(kind=AssetKind.COMPUTER, level__gte=Level.CONFIDENTIAL, registered_at__lte=since)
        .annotate(checked=Coalesce(Subquery(checks), 0))
        .filter(checked__lt=least)
    )
    rows = list(computers.order_by("number")[:MOST_FACTS])
    total = len(rows) if len(rows) < MOST_FACTS else computers.count()
    facts = [
        Fact(
            _(
                "%(number)s (%(type)s): checked %(checked)s times in the last twelve months, "
                "at least %(least)s required"
            )
            % {**_fields(asset), "checked": asset.checked, "least": least},
            reverse("asset", args=[asset.pk]),
        )
        for asset in rows
    ]
    return found(facts, total, MORE)


PROVIDERS = (
    EvidenceProvider("devices.airgap", gettext_lazy("Classified computers offline"), airgap),
    EvidenceProvider("devices.antivirus", gettext_lazy("Antivirus current"), antivirus),
    EvidenceProvider(
        "devices.media_registered", gettext_lazy("Media registered"), media_registered
    ),
    EvidenceProvider("devices.cross_use", gettext_lazy("No cross-use of media"), cross_use),
    EvidenceProvider(
        "devices.office_network",
        gettext_lazy("No classified equipment on the office network"),
        office_network,
    ),
    EvidenceProvider(
        "devices.physical_checks",
        gettext_lazy("Classified computers checked at least three times a year"),
        physical_checks,
    ),
)
