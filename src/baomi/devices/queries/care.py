"""Reads of the equipment's care (RULES.md §7): repair records (DEV-REPAIR), loans outside
(DEV-LEND), disposals, infections and stale antivirus (DEV-AV), backups due (DEV-BACKUP),
standalone processing (DEV-STANDALONE) and data integrity reviews (DEV-INTEGRITY). The
security officer sees the organisation's; a person sees what concerns the computers they
keep, their own standalone uses and their department's reviews."""

from __future__ import annotations

import calendar
import datetime
from dataclasses import dataclass
from typing import TypeVar

from django.db.models import (
    Case,
    Count,
    Exists,
    IntegerField,
    Model,
    OuterRef,
    Q,
    QuerySet,
    Value,
    When,
)
from django.utils.translation import gettext as _

from baomi.access.actor import Actor
from baomi.access.mac import knower
from baomi.access.policy import OrganisationRecords
from baomi.access.roles import Permission, require
from baomi.core.errors import NotFound
from baomi.devices.ledger_rules import LEDGER_STATUSES
from baomi.devices.models import (
    Asset,
    AssetKind,
    Backup,
    Disposal,
    Infection,
    IntegrityReview,
    Loan,
    Repair,
    StandaloneUse,
)
from baomi.devices.policies import (
    DISPOSALS,
    INFECTIONS,
    INTEGRITY_REVIEWS,
    LOANS,
    REPAIRS,
    STANDALONE_USES,
    keeping_organisation,
)
from baomi.devices.queries import ledger
from baomi.rulebook import book

M = TypeVar("M", bound=Model)


def _organisation(actor: Actor) -> int | None:
    """The organisation whose records the security officer keeps, else None."""
    return keeping_organisation(actor)


def _kept(actor: Actor, policy: OrganisationRecords[M]) -> QuerySet[M]:
    """The security office's records of one kind (MANAGE_DEVICES, refused otherwise)."""
    require(actor, Permission.MANAGE_DEVICES)
    return policy.known(actor)


def repairs(actor: Actor, open_only: bool = False) -> QuerySet[Repair]:
    """The repair record (DEV-REPAIR), newest first; ``open_only``: still at the vendor."""
    found = _kept(actor, REPAIRS).select_related("asset", "sent_by", "approval")
    return found.filter(returned_at=None) if open_only else found


def loans(actor: Actor, open_only: bool = False) -> QuerySet[Loan]:
    """Equipment lent outside (DEV-LEND), newest first; ``open_only``: not back yet."""
    found = _kept(actor, LOANS).select_related("asset", "lent_by", "approval")
    return found.filter(returned_at=None) if open_only else found


def disposals(actor: Actor) -> QuerySet[Disposal]:
    """Scrapped and destroyed assets with their supervisors and their signatures
    (DESTROY-WITNESS), newest first."""
    return (
        _kept(actor, DISPOSALS)
        .select_related("operator", "approval")
        .prefetch_related("assets", "witnesses", "signatures")
    )


def to_witness(actor: Actor) -> QuerySet[Disposal]:
    """The disposals naming the actor's person as a supervisor that they have not signed yet
    (DESTROY-WITNESS), oldest first, each with its ``asset_count``. Being named, they know of
    the disposal; its assets stay in the ledger of those who may see them (``ASSETS``)."""
    person = knower(actor)
    if person is None:
        return Disposal.objects.none()
    return (
        Disposal.objects.filter(organisation_id=person.organisation_id, witnesses=person)
        .exclude(signatures__witness=person)
        .select_related("operator")
        .annotate(asset_count=Count("assets", distinct=True))
        .order_by("disposed_at", "pk")
    )


def infections(actor: Actor, open_only: bool = True) -> QuerySet[Infection]:
    """Infections reported (DEV-AV); ``open_only``: computers still out of use."""
    found = _kept(actor, INFECTIONS).select_related("asset", "reported_by")
    return found.filter(cleared_at=None) if open_only else found


def _computers(actor: Actor) -> QuerySet[Asset]:
    """The computers at hand the actor may see (the organisation's, or their own), their
    custodian and department fetched for the rows kept only (prefetched: a join would be
    made for every computer of a 100k ledger before the sort)."""
    return (
        ledger.assets(actor, kind=AssetKind.COMPUTER)
        .filter(status__in=LEDGER_STATUSES)
        .select_related(None)
        .prefetch_related("custodian", "department")
    )


def av_stale(actor: Actor, today: datetime.date) -> QuerySet[Asset]:
    """Computers at hand without an antivirus product or whose signatures are older than the
    rule's ``signature_days`` (DEV-AV), oldest first."""
    person = getattr(actor, "person", None)
    if person is None:
        return Asset.objects.none()
    return (
        _computers(actor)
        .filter(av_stale_condition(person.organisation_id, today))
        .order_by("av_signatures_on", "number")
    )


def av_stale_condition(organisation_id: int, today: datetime.date) -> Q:
    """DEV-AV's stale antivirus as a filter of computers: no product, no signature date, or
    signatures older than the rule's ``signature_days`` (``av_stale``, and the
    self-inspections' evidence)."""
    days = book.param(organisation_id, "DEV-AV", "signature_days")
    oldest = today - datetime.timedelta(days=days)
    return Q(antivirus="") | Q(av_signatures_on=None) | Q(av_signatures_on__lt=oldest)


@dataclass(frozen=True)
class Period:
    """One of the ``per_month`` parts of a month in each of which a backup is due."""

    start: datetime.date
    end: datetime.date


def backup_periods(today: datetime.date, per_month: int) -> tuple[Period, Period]:
    """The part of the month holding ``today`` and the part before it (DEV-BACKUP: with 2 a
    month, the 1st–15th and the 16th–end)."""

    def parts(year: int, month: int) -> list[Period]:
        days = calendar.monthrange(year, month)[1]
        n = max(1, min(per_month, days))
        return [
            Period(
                datetime.date(year, month, 1 + (k * days) // n),
                datetime.date(year, month, ((k + 1) * days) // n),
            )
            for k in range(n)
        ]

    these = parts(today.year, today.month)
    k = next(i for i, p in enumerate(these) if p.start <= today <= p.end)
    if k > 0:
        return these[k], these[k - 1]
    last_month = today.replace(day=1) - datetime.timedelta(days=1)
    return these[0], parts(last_month.year, last_month.month)[-1]


@dataclass(frozen=True)
class BackupDue:
    asset: Asset
    last: datetime.date | None
    due_by: datetime.date | None  # None: backed up in this period
    missed: bool  # no backup in the period before


def backups_due(
    actor: Actor,
    today: datetime.date,
    *,
    custodian_id: int | None = None,
    limit: int | None = None,
) -> list[BackupDue]:
    """The computers at hand holding important files (DEV-BACKUP) — of one custodian when
    given — each with its last backup, the end of the current period when it has none in it
    yet, and whether the previous period was missed; at most ``limit``: first those due that
    missed the previous period, then the others due, then the rest, each by number.

    Ranked on the ledger's index alone (the ledger may hold 100k assets): an asset's last
    backup date (``last_backup_on``) tells whether it is due, and, when it is, whether the
    previous period was missed too; for the rows kept, the previous period is looked up."""
    person = getattr(actor, "person", None)
    if person is None:
        return []
    current, previous = backup_periods(
        today, book.param(person.organisation_id, "DEV-BACKUP", "per_month")
    )
    computers = _computers(actor).filter(important_data=True)
    if custodian_id is not None:
        computers = computers.filter(custodian_id=custodian_id)
    order = (
        backup_flags(computers, current, previous)
        .order_by("-due", "-lapsed", "number")
        .values_list("pk", "due")
    )
    ranked = list(order if limit is None else order[:limit])
    in_previous = Backup.objects.filter(
        asset=OuterRef("pk"), on__range=(previous.start, previous.end)
    )
    found = computers.filter(pk__in=[pk for pk, _due in ranked]).annotate(
        missed=~Exists(in_previous)
    )
    by_id = {computer.pk: computer for computer in found}
    return [
        BackupDue(
            asset=by_id[pk],
            last=by_id[pk].last_backup_on,
            due_by=current.end if due else None,
            missed=by_id[pk].missed,
        )
        for pk, due in ranked
    ]


def backup_flags(computers: QuerySet[Asset], current: Period, previous: Period) -> QuerySet[Asset]:
    """DEV-BACKUP: ``computers``, each with ``due`` (1: no backup yet in the ``current``
    period) and ``lapsed`` (1: none in the ``previous`` one either), from the last backup's
    date alone; ``backups_due`` and the deadline provider."""
    never = Q(last_backup_on__isnull=True)
    return computers.annotate(
        due=_flag(never | Q(last_backup_on__lt=current.start)),
        lapsed=_flag(never | Q(last_backup_on__lt=previous.start)),
    )


def _flag(condition: Q) -> Case:
    return Case(When(condition, then=Value(1)), default=Value(0), output_field=IntegerField())


def _computer_numbered(actor: Actor, uses: QuerySet[StandaloneUse]) -> QuerySet[StandaloneUse]:
    """``uses``, each with ``computer_number``: its computer's number where ``actor`` may
    see that computer in the ledger, else None (CLS-MAC: a person's own use stays listed
    after the computer was handed to someone else, whose computer they may not see)."""
    return uses.annotate(computer_number=ledger.seen_number(actor, "computer_id"))


def standalone_uses(actor: Actor, open_only: bool = False) -> QuerySet[StandaloneUse]:
    """Standalone processing (DEV-STANDALONE): the organisation's for the security officer,
    a person's own otherwise (``policies.STANDALONE_USES``); each with ``computer_number``
    (see ``_computer_numbered``)."""
    found = _computer_numbered(
        actor, STANDALONE_USES.known(actor).select_related("person", "approval")
    )
    return found.filter(finished_at=None) if open_only else found


def standalone_use(actor: Actor, use_id: int) -> StandaloneUse:
    """One standalone use as ``standalone_uses`` lists it; "not found" otherwise."""
    found = standalone_uses(actor).filter(pk=use_id).first()
    if found is None:
        raise NotFound(_("No such standalone use."))
    return found


def integrity_reviews(actor: Actor) -> QuerySet[IntegrityReview]:
    """Data integrity reviews (DEV-INTEGRITY): the organisation's for the security officer,
    the person's department's otherwise (``policies.INTEGRITY_REVIEWS``)."""
    return INTEGRITY_REVIEWS.known(actor).select_related("department", "reviewer")


@dataclass(frozen=True)
class Records:
    repairs: list[Repair]
    loans: list[Loan]
    infections: list[Infection]
    backups: list[Backup]
    standalone: list[StandaloneUse]


def asset_records(actor: Actor, asset_id: int) -> Records:
    """An asset's repairs, loans, infections, backups and standalone uses (NotFound for an
    asset the actor may not see); the officer's records only for the officer."""
    seen = ledger.asset(actor, asset_id)
    officer = _organisation(actor) is not None
    return Records(
        repairs=list(seen.repairs.select_related("sent_by")) if officer else [],
        loans=list(seen.loans.select_related("lent_by")) if officer else [],
        infections=list(seen.infections.select_related("reported_by")),
        backups=list(seen.backups.select_related("recorded_by")[:12]),
        standalone=list(_computer_numbered(actor, seen.standalone_uses.select_related("person"))),
    )
