"""Reads of physical checks (DEV-LEDGER): the checks, what was found, and the
reconciliation of what was found against the ledger — missing, unexpected, found with
another custodian, at another place or in another status.

The reconciliation is a few set-based reads and dictionaries, never a query per row: it
holds at 100k assets against 100k observations (bench/devices_reconcile.py)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from baomi.access.actor import Actor
from baomi.access.roles import Permission, require
from baomi.core.errors import NotFound
from baomi.devices.models import PRESENT_STATUSES, Asset, Observation, PhysicalCheck, Status
from baomi.devices.policies import CHECKS

MISSING, UNEXPECTED = "missing", "unexpected"
CUSTODIAN, LOCATION, STATUS = "custodian", "location", "status"
FINDING_KINDS = {
    MISSING: gettext_lazy("Missing"),
    UNEXPECTED: gettext_lazy("Unexpected"),
    CUSTODIAN: gettext_lazy("Wrong custodian"),
    LOCATION: gettext_lazy("Wrong location"),
    STATUS: gettext_lazy("Wrong status"),
}
# Why an observed item is unexpected.
UNKNOWN, OUTSIDE, NOT_PRESENT = "unknown", "outside", "not_present"
# Observed assets whose details are read at once.
_CHUNK = 5_000


@dataclass(frozen=True)
class Finding:
    """One difference between the ledger and what was found. ``expected`` and ``found`` are
    the ledger's and the check's values (custodian ids, locations, statuses); for an
    unexpected item ``expected`` says why (unknown, outside the scope, not present)."""

    kind: str
    asset_id: int | None
    number: str
    identifier: str = ""
    expected: Any = None
    found: Any = None

    @property
    def label(self) -> Any:
        return FINDING_KINDS[self.kind]


@dataclass
class Reconciliation:
    check: PhysicalCheck
    expected: int = 0
    observed: int = 0
    missing: list[Finding] = field(default_factory=list)
    unexpected: list[Finding] = field(default_factory=list)
    wrong_custodian: list[Finding] = field(default_factory=list)
    wrong_location: list[Finding] = field(default_factory=list)
    wrong_status: list[Finding] = field(default_factory=list)

    @property
    def findings(self) -> Iterator[Finding]:
        yield from self.missing
        yield from self.unexpected
        yield from self.wrong_custodian
        yield from self.wrong_location
        yield from self.wrong_status

    @property
    def matches(self) -> bool:
        """Whether the ledger matches what is physically there (DEV-LEDGER)."""
        return next(self.findings, None) is None


def checks(actor: Actor) -> QuerySet[PhysicalCheck]:
    """The physical checks of the security officer's organisation, newest first."""
    require(actor, Permission.MANAGE_DEVICES)
    return CHECKS.known(actor).select_related("department")


def physical_check(actor: Actor, check_id: int) -> PhysicalCheck:
    found = checks(actor).filter(pk=check_id).first()
    if found is None:
        raise NotFound(_("No such physical check."))
    return found


def observations(actor: Actor, check_id: int) -> QuerySet[Observation]:
    """What was found in one check, in the order it was recorded."""
    return Observation.objects.filter(
        physical_check=physical_check(actor, check_id)
    ).select_related("asset", "custodian")


def expected_assets(check: PhysicalCheck) -> QuerySet[Asset]:
    """The assets a check expects to find: present (in use or spare) in the organisation, or
    in the check's department and those below it."""
    assets = Asset.objects.filter(
        organisation_id=check.organisation_id, status__in=PRESENT_STATUSES
    )
    if check.department_id is not None:
        assets = assets.filter(department__path__startswith=check.department.path)
    return assets


def reconciliation(actor: Actor, check_id: int) -> Reconciliation:
    """DEV-LEDGER: what the check found against the ledger (MANAGE_DEVICES)."""
    return reconcile(physical_check(actor, check_id))


def reconcile(check: PhysicalCheck) -> Reconciliation:
    """Missing (expected, not found), unexpected (an identifier matching no asset, an asset
    outside the scope or not expected to be present), and the expected assets found with
    another custodian, at another place or in another status (when the check says)."""
    expected = {
        pk: (number, custodian, location, status)
        for pk, number, custodian, location, status in expected_assets(check).values_list(
            "pk", "number", "custodian_id", "location", "status"
        )
    }
    result = Reconciliation(check, expected=len(expected))
    seen: set[int] = set()
    strays: dict[int, str] = {}  # observed assets not expected: asset id -> identifier
    rows = Observation.objects.filter(physical_check=check).order_by("pk")
    for identifier, asset_id, custodian, location, status in rows.values_list(
        "identifier", "asset_id", "custodian_id", "location", "status"
    ):
        result.observed += 1
        if asset_id is None:
            result.unexpected.append(Finding(UNEXPECTED, None, "", identifier, expected=UNKNOWN))
            continue
        ledger = expected.get(asset_id)
        if ledger is None:
            strays.setdefault(asset_id, identifier)
            continue
        if asset_id in seen:
            continue
        seen.add(asset_id)
        number = ledger[0]
        for kind, wanted, found, target in (
            (CUSTODIAN, ledger[1], custodian, result.wrong_custodian),
            (LOCATION, ledger[2], location, result.wrong_location),
            (STATUS, ledger[3], status, result.wrong_status),
        ):
            if found not in (None, "") and found != wanted:
                target.append(Finding(kind, asset_id, number, identifier, wanted, found))
    result.missing = [
        Finding(MISSING, pk, ledger[0], expected=ledger[1])
        for pk, ledger in expected.items()
        if pk not in seen
    ]
    result.unexpected += _strays(strays)
    return result


def _strays(strays: dict[int, str]) -> list[Finding]:
    """Observed assets the check did not expect: not present by the ledger (scrapped, lent,
    in repair …) or outside the check's department."""
    ids = list(strays)
    found = []
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start : start + _CHUNK]
        for pk, number, status in Asset.objects.filter(pk__in=chunk).values_list(
            "pk", "number", "status"
        ):
            why = OUTSIDE if status in PRESENT_STATUSES else NOT_PRESENT
            found.append(Finding(UNEXPECTED, pk, number, strays[pk], expected=why, found=status))
    return sorted(found, key=lambda f: f.asset_id or 0)


def describe(finding: Finding, names: dict[int, str]) -> str:
    """One finding in words (the text of its follow-up alert); ``names`` are the people's
    names by id."""
    if finding.kind == MISSING:
        return _("%(number)s was not found.") % {"number": finding.number}
    if finding.kind == UNEXPECTED:
        if finding.expected == UNKNOWN:
            return _("%(identifier)s was found but is not in the ledger.") % {
                "identifier": finding.identifier
            }
        if finding.expected == NOT_PRESENT:
            return _("%(number)s was found but the ledger says it is %(status)s.") % {
                "number": finding.number,
                "status": Status(finding.found).label,
            }
        return _("%(number)s was found but belongs outside the checked department.") % {
            "number": finding.number
        }
    wanted, found = finding.expected, finding.found
    if finding.kind == CUSTODIAN:
        text = _("%(number)s was found with %(found)s; the ledger names %(wanted)s.")
        wanted, found = names.get(wanted, "—"), names.get(found, "—")
    elif finding.kind == LOCATION:
        text = _("%(number)s was found at %(found)s; the ledger says %(wanted)s.")
    else:
        text = _("%(number)s was found %(found)s; the ledger says %(wanted)s.")
        wanted, found = Status(wanted).label, Status(found).label
    return text % {"number": finding.number, "found": found, "wanted": wanted or "—"}
