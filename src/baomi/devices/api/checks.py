"""JSON routes of media uses (MEDIA-REGISTERED, MEDIA-NO-CROSS, DEV-NO-HOME), sanitising
(MEDIA-TAINT), the security office's alerts and physical checks with their reconciliation
(DEV-LEDGER). The operations make every check; a refused use answers 403 with its rule and
is kept, with its alert. An asset, alert or check of another organisation answers 404 like a
missing one."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from django.http import HttpRequest
from ninja import Body, Field, Router, Schema, Status

from baomi.approvals.api import RequestOut
from baomi.core.inputs import Id, Line, Text, text
from baomi.devices.api.ledger import AssetOut
from baomi.devices.models import Alert, AssetEvent, MediaUse, Observation
from baomi.devices.models import Status as AssetStatus
from baomi.devices.operations import checks as checks_ops
from baomi.devices.operations import media as media_ops
from baomi.devices.queries import checks as checks_queries
from baomi.devices.queries import ledger as queries

router = Router(tags=["devices"])


class MediaUseIn(Schema):
    medium_identifier: Line = text(
        MediaUse, "medium_identifier", description="The medium's asset number or serial"
    )
    purpose: Line = text(MediaUse, "purpose", "")
    to_take_home: bool = Field(False, description="Copies to take home are refused (DEV-NO-HOME)")


class MediaUseOut(Schema):
    """One line of the media use register (MEDIA-REGISTERED)."""

    id: int
    computer_id: int
    medium_id: int | None
    medium_identifier: str
    person_id: int
    at: datetime
    allowed: bool
    rule_id: str
    purpose: str


class SanitisationRequestIn(Schema):
    reason: Text


class SanitiseIn(Schema):
    method: Text = text(AssetEvent, "note", description="How the medium was sanitised")


class ResolutionIn(Schema):
    resolution: Line = text(Alert, "resolution")


class AlertOut(Schema):
    """An incident candidate for the security office: a refused use, an airgap violation."""

    id: int
    rule_id: str
    at: datetime
    asset_id: int | None
    actor_id: int | None
    description: str
    media_use_id: int | None
    resolved_at: datetime | None
    resolution: str


class AssetCheckIn(Schema):
    department_id: Id | None = Field(None, description="With its sub-departments; null: all")


class CheckOut(Schema):
    id: int
    department_id: int | None
    started_at: datetime
    closed_at: datetime | None


# An asset number or serial as read off the item.
Identifier = Annotated[Line, Field(max_length=Observation._meta.get_field("identifier").max_length)]


class ObservationIn(Schema):
    identifier: Line = text(Observation, "identifier", description="Asset number or serial")
    custodian_id: Id | None = None
    location: Line = text(Observation, "location", "")
    status: AssetStatus | None = None
    note: Line = text(Observation, "note", "")


class IdentifiersIn(Schema):
    identifiers: list[Identifier] = Field(
        description="Asset numbers or serials, one per item found"
    )


class ObservationsImported(Schema):
    observations: int
    unmatched: int = Field(description="How many matched no asset of the ledger")


class ObservationOut(Schema):
    id: int
    identifier: str
    asset_id: int | None
    custodian_id: int | None
    location: str
    status: str
    note: str


class AssetFindingOut(Schema):
    """A difference between the ledger and what was found; ``expected`` and ``found`` are the
    ledger's and the check's values (custodian ids, locations, statuses); for an unexpected
    item ``expected`` says why: unknown, outside (the check's scope) or not_present."""

    kind: str
    label: str
    asset_id: int | None
    number: str
    identifier: str
    expected: Any
    found: Any

    @staticmethod
    def resolve_label(finding: Any) -> str:
        return str(finding.label)


class AssetReconciliationOut(Schema):
    check: CheckOut
    expected: int = Field(description="How many assets the check expected to find")
    observed: int
    matches: bool = Field(description="The ledger matches what is physically there")
    missing: list[AssetFindingOut] = Field(description="Expected, not found")
    unexpected: list[AssetFindingOut] = Field(description="Found, not expected")
    wrong_custodian: list[AssetFindingOut]
    wrong_location: list[AssetFindingOut]
    wrong_status: list[AssetFindingOut]


# Media --------------------------------------------------------------------------------------


@router.post("/computers/{computer_id}/media-uses", response={201: MediaUseOut})
def record_media_use(request: HttpRequest, computer_id: Id, payload: MediaUseIn) -> Any:
    """Record a use of a medium on a computer (MEDIA-REGISTERED): the computer's custodian or
    the security officer. An unregistered medium (``rule`` MEDIA-REGISTERED) or one crossing
    between classified and unclassified (``rule`` MEDIA-NO-CROSS) is refused with 403; the
    refused attempt is kept and raises an alert."""
    use = media_ops.record_media_use(actor=request.auth, computer_id=computer_id, **payload.dict())
    return Status(201, use)


@router.post("/media/{medium_id}/sanitisation-requests", response={201: RequestOut})
def request_sanitisation(
    request: HttpRequest, medium_id: Id, payload: SanitisationRequestIn
) -> Any:
    """Ask the office director's approval to sanitise a tainted medium for re-use
    (MEDIA-TAINT)."""
    approval = media_ops.request_sanitisation(
        actor=request.auth, medium_id=medium_id, reason=payload.reason
    )
    return Status(201, approval)


@router.post("/media/{medium_id}/sanitise", response=AssetOut)
def sanitise(request: HttpRequest, medium_id: Id, payload: SanitiseIn) -> Any:
    """Record the technical sanitising of a tainted medium under the granted approval: it
    becomes an unclassified medium that has held no classified data (MEDIA-TAINT)."""
    return media_ops.sanitise(actor=request.auth, medium_id=medium_id, method=payload.method)


@router.get("/alerts", response=list[AlertOut])
def alerts(request: HttpRequest, open_only: bool = True) -> Any:
    """The security office's alerts, newest first: refused media uses, airgap violations."""
    return queries.alerts(request.auth, open_only=open_only)


@router.post("/alerts/{alert_id}/resolve", response=AlertOut)
def resolve_alert(request: HttpRequest, alert_id: Id, payload: ResolutionIn) -> Any:
    """The security officer records how an alert was handled."""
    return media_ops.resolve_alert(actor=request.auth, alert_id=alert_id, **payload.dict())


# Physical checks ----------------------------------------------------------------------------


@router.post("/checks", response={201: CheckOut})
def start_check(request: HttpRequest, payload: AssetCheckIn) -> Any:
    """Start a physical check of the ledger for a department or the organisation
    (DEV-LEDGER)."""
    return Status(201, checks_ops.start_check(actor=request.auth, **payload.dict()))


@router.post(
    "/checks/{check_id}/observations", response={201: ObservationOut | ObservationsImported}
)
def observe(
    request: HttpRequest, check_id: Id, payload: Body[ObservationIn | IdentifiersIn]
) -> Any:
    """Record what was found (DEV-LEDGER): one item, with whom, where and in which status when
    the checker says (answers the observation); or ``identifiers``, a list of asset numbers or
    serials (a scanner's export), all or none (answers how many, and how many matched no
    asset). An identifier matching no asset is kept: an unexpected item."""
    if isinstance(payload, IdentifiersIn):
        imported = checks_ops.import_observations(
            actor=request.auth, check_id=check_id, identifiers=payload.identifiers
        )
        return Status(201, imported._asdict())
    seen = payload.dict(exclude_none=True)
    found = checks_ops.observe(actor=request.auth, check_id=check_id, **seen)
    return Status(201, found)


@router.post("/checks/{check_id}/close", response=CheckOut)
def close_check(request: HttpRequest, check_id: Id) -> Any:
    """Close the check; its findings become follow-up items (DEV-LEDGER)."""
    return checks_ops.close_check(actor=request.auth, check_id=check_id)


@router.get("/checks/{check_id}/reconciliation", response=AssetReconciliationOut)
def reconciliation(request: HttpRequest, check_id: Id) -> Any:
    """The ledger against what was found: missing, unexpected, wrong custodian, location or
    status (DEV-LEDGER)."""
    return checks_queries.reconciliation(request.auth, check_id)
