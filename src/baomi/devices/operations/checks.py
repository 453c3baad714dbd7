"""Physical checks of the ledger (DEV-LEDGER): start one for a department or the whole
organisation, record what was found (typed in one by one, or a list of asset numbers or
serials from a scanner), and close it: every difference from the ledger becomes an alert,
a follow-up item for the security office."""

from __future__ import annotations

from typing import NamedTuple

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from baomi.access.actor import Actor
from baomi.audit.actions import register_action
from baomi.audit.operation import operation
from baomi.audit.recorder import record_event
from baomi.core.errors import InvalidInput, NotFound
from baomi.core.imports import ImportRejected, Rejected
from baomi.core.text import fitted_text
from baomi.devices.models import Alert, Asset, Observation, PhysicalCheck, Status
from baomi.devices.operations._common import keeper
from baomi.devices.queries.checks import describe, expected_assets, reconcile
from baomi.org.models import Department, Person
from baomi.rulebook import book

CHECK_STARTED = register_action("devices.check_started", gettext_lazy("Physical check started"))
OBSERVED = register_action("devices.observed", gettext_lazy("Asset found in a physical check"))
OBSERVATIONS_IMPORTED = register_action(
    "devices.observations_imported", gettext_lazy("Physical check findings imported")
)
CHECK_CLOSED = register_action("devices.check_closed", gettext_lazy("Physical check closed"))


class Imported(NamedTuple):
    observations: int
    unmatched: int


@operation
def start_check(*, actor: Actor, department_id: int | None = None) -> PhysicalCheck:
    """Start a physical check (DEV-LEDGER) of a department (with those below it) or of the
    whole organisation."""
    person = keeper(actor)
    org = person.organisation_id
    department = None
    if department_id is not None:
        department = Department.objects.filter(pk=department_id, organisation_id=org).first()
        if department is None:
            raise NotFound(_("No such department."))
    check = PhysicalCheck.objects.create(
        organisation_id=org, department=department, started_at=timezone.now(), started_by=actor
    )
    record_event(
        actor=actor,
        action=CHECK_STARTED,
        subject=check,
        data={
            "department_id": department_id,
            "expected": expected_assets(check).count(),
            "rule": "DEV-LEDGER",
        },
    )
    return check


def _open_check(actor: Actor, check_id: int) -> PhysicalCheck:
    person = keeper(actor)
    check = (
        PhysicalCheck.objects.select_for_update(of=("self",))
        .select_related("department")
        .filter(pk=check_id, organisation_id=person.organisation_id)
        .first()
    )
    if check is None:
        raise NotFound(_("No such physical check."))
    book.require(
        check.organisation_id,
        "DEV-LEDGER",
        check.closed_at is None,
        _("This physical check has been closed."),
        conflict=True,
    )
    return check


class _Matcher:
    """Asset ids of the organisation by asset number, else by serial when exactly one asset
    carries it."""

    def __init__(self, org: int, identifiers: set[str]) -> None:
        assets = Asset.objects.filter(organisation_id=org)
        if len(identifiers) <= 500:
            by_number = assets.filter(number__in=identifiers)
            by_serial = assets.filter(serial__in=identifiers)
        else:  # a scanner's whole list: read the ledger's numbers and serials once
            by_number = by_serial = assets
        self.numbers = dict(by_number.values_list("number", "pk"))
        self.serials: dict[str, int | None] = {}
        for serial, pk in by_serial.exclude(serial="").values_list("serial", "pk"):
            self.serials[serial] = None if serial in self.serials else pk

    def __call__(self, identifier: str) -> int | None:
        pk = self.numbers.get(identifier)
        return pk if pk is not None else self.serials.get(identifier)


@operation
def observe(
    *,
    actor: Actor,
    check_id: int,
    identifier: str,
    custodian_id: int | None = None,
    location: str = "",
    status: str = "",
    note: str = "",
) -> Observation:
    """Record one item found in a check (DEV-LEDGER), by asset number or serial, with whom,
    where and in which status it was found when the checker says; an identifier matching
    no asset of the organisation is kept too (an unexpected item)."""
    check = _open_check(actor, check_id)
    org = check.organisation_id
    identifier = fitted_text(identifier, "identifier", Observation, required=True)
    custodian = None
    if custodian_id is not None:
        custodian = Person.objects.filter(pk=custodian_id, organisation_id=org).first()
        if custodian is None:
            raise NotFound(_("No such person."))
    if status and status not in Status.values:
        raise InvalidInput(_("Unknown status."), field="status")
    location = fitted_text(location, "location", Observation, required=False)
    note = fitted_text(note, "note", Observation, required=False)
    observation = Observation.objects.create(
        physical_check=check,
        identifier=identifier,
        asset_id=_Matcher(org, {identifier})(identifier),
        custodian=custodian,
        location=location,
        status=status or "",
        note=note,
    )
    record_event(
        actor=actor,
        action=OBSERVED,
        subject=check,
        data={"asset": observation.asset_id, "custodian": custodian_id, "rule": "DEV-LEDGER"},
    )
    return observation


@operation
def import_observations(*, actor: Actor, check_id: int, identifiers: list[str]) -> Imported:
    """Record a list of asset numbers or serials found in a check (a scanner's export), one
    observation each, blank lines skipped; all or nothing (every identifier too long is
    named)."""
    check = _open_check(actor, check_id)
    limit = Observation._meta.get_field("identifier").max_length
    rows = [(n, (value or "").strip()) for n, value in enumerate(identifiers, 1)]
    rows = [(n, value) for n, value in rows if value]
    too_long = [
        Rejected(n, [_("The asset number or serial is too long.")])
        for n, value in rows
        if len(value) > limit
    ]
    if too_long:
        raise ImportRejected(too_long)
    if not rows:
        raise InvalidInput(_("The list holds no asset numbers or serials."), field="identifiers")
    match = _Matcher(check.organisation_id, {value for _n, value in rows})
    created = Observation.objects.bulk_create(
        (
            Observation(physical_check=check, identifier=value, asset_id=match(value))
            for _n, value in rows
        ),
        batch_size=2_000,
    )
    unmatched = sum(1 for o in created if o.asset_id is None)
    record_event(
        actor=actor,
        action=OBSERVATIONS_IMPORTED,
        subject=check,
        data={"observations": len(created), "unmatched": unmatched, "rule": "DEV-LEDGER"},
    )
    return Imported(len(created), unmatched)


@operation
def close_check(*, actor: Actor, check_id: int) -> PhysicalCheck:
    """Close a check (DEV-LEDGER): each difference between the ledger and what was found —
    missing, unexpected, wrong custodian, location or status — becomes an alert for the
    security office to follow up."""
    check = _open_check(actor, check_id)
    at = timezone.now()
    check.closed_at = at
    check.save(update_fields=["closed_at"])
    result = reconcile(check)
    findings = list(result.findings)
    people = {f.expected for f in result.wrong_custodian} | {
        f.found for f in result.wrong_custodian
    }
    names = dict(Person.objects.filter(pk__in=people).values_list("pk", "name")) if people else {}
    Alert.objects.bulk_create(
        (
            Alert(
                organisation_id=check.organisation_id,
                asset_id=f.asset_id,
                rule_id="DEV-LEDGER",
                at=at,
                actor=actor,
                description=describe(f, names)[:300],
            )
            for f in findings
        ),
        batch_size=2_000,
    )
    record_event(
        actor=actor,
        action=CHECK_CLOSED,
        subject=check,
        data={
            "expected": result.expected,
            "observed": result.observed,
            "missing": len(result.missing),
            "unexpected": len(result.unexpected),
            "wrong_custodian": len(result.wrong_custodian),
            "wrong_location": len(result.wrong_location),
            "wrong_status": len(result.wrong_status),
            "rule": "DEV-LEDGER",
        },
    )
    return check
