"""Uses of removable media on the organisation's computers (RULES.md §7): only registered
media (MEDIA-REGISTERED), never across the classified line (MEDIA-NO-CROSS), never to carry
classified files home (DEV-NO-HOME); a medium used on a classified computer is classified
from then on (MEDIA-TAINT) until sanitised with the office director's approval. A refused
use is kept as evidence with an alert for the security office, which resolves it."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from baomi.access.actor import Actor
from baomi.approvals.models import ApprovalRequest
from baomi.approvals.operations import consume_approval, open_request
from baomi.audit.actions import register_action
from baomi.audit.operation import operation
from baomi.audit.recorder import record_event
from baomi.core.errors import Conflict, InvalidInput, NotFound
from baomi.core.text import fitted_text
from baomi.devices.models import GONE, Alert, Asset, AssetEvent, AssetKind, MediaUse, Status
from baomi.devices.operations._common import (
    computer_user,
    is_infected,
    keeper,
    lock_asset,
    lock_assets,
    raise_alert,
    remember,
)
from baomi.org.models import Person
from baomi.rulebook import book

MEDIA_USED = register_action("devices.media_used", gettext_lazy("Medium used on a computer"))
SANITISED = register_action("devices.sanitised", gettext_lazy("Medium sanitised"))
ALERT_RESOLVED = register_action("devices.alert_resolved", gettext_lazy("Alert resolved"))


def _find_medium(org: int, identifier: str) -> Asset | None:
    """The organisation's medium numbered ``identifier``, else the one with that serial."""
    media = Asset.objects.filter(organisation_id=org, kind=AssetKind.MEDIUM)
    found = media.filter(number=identifier).first()
    if found is None:
        by_serial = list(media.filter(serial=identifier)[:2])
        found = by_serial[0] if len(by_serial) == 1 else None
    return found


def _refuse(
    refused: tuple[str, str] | None,
    *,
    actor: Actor,
    person: Person,
    computer: Asset,
    medium: Any,
    **use: Any,
) -> None:
    """Refuse a use that breaks a rule (``refused``: the rule and why; None: allowed), the
    refusal leaving its evidence behind: the refused use (allowed=False, the rule) and an
    alert for the security office (an incident candidate)."""
    if refused is None:
        return
    rule_id, message = refused

    def evidence() -> None:
        refused = MediaUse.objects.create(
            organisation_id=computer.organisation_id,
            computer=computer,
            medium=medium,
            person=person,
            at=timezone.now(),
            recorded_by=actor,
            allowed=False,
            rule_id=rule_id,
            **use,
        )
        raise_alert(
            computer.organisation_id,
            rule_id=rule_id,
            description=_("%(medium)s on %(computer)s refused: %(why)s")
            % {"medium": use["medium_identifier"], "computer": computer.number, "why": message},
            actor=actor,
            asset=computer,
            media_use=refused,
        )

    book.require(computer.organisation_id, rule_id, False, message, evidence=evidence)


def _refused(computer: Asset, medium: Asset | None, to_take_home: bool) -> tuple[str, str] | None:
    """The rule a use of ``medium`` on ``computer`` breaks, with why; None when allowed."""
    if is_infected(computer):
        return "DEV-AV", _("This computer is infected and out of use until cleared.")
    if medium is None:
        return "MEDIA-REGISTERED", _("This medium is not registered in the ledger.")
    if medium.status in GONE:
        return "MEDIA-REGISTERED", _("This medium is %(status)s.") % {
            "status": Status(medium.status).label
        }
    if computer.is_classified and not (medium.is_classified or medium.tainted):
        return "MEDIA-NO-CROSS", _("An unclassified medium is never used on a classified computer.")
    if not computer.is_classified and medium.is_classified:
        return "MEDIA-NO-CROSS", _("A classified medium is used only on classified computers.")
    if not computer.is_classified and medium.tainted:
        return "MEDIA-TAINT", _(
            "This medium has held classified data: it is re-used only after sanitising with "
            "the office director's approval."
        )
    if to_take_home and computer.is_classified:
        return "DEV-NO-HOME", _("Classified files are not copied to media to take home or carry.")
    return None


@operation
def record_media_use(
    *,
    actor: Actor,
    computer_id: int,
    medium_identifier: str,
    purpose: str = "",
    to_take_home: bool = False,
) -> MediaUse:
    """Record a use of a medium (by its asset number or serial) on a computer, by the
    computer's custodian or the security officer. Only a registered medium of the
    organisation still in its hands (MEDIA-REGISTERED); classified or tainted media only on
    classified computers and unclassified ones never there (MEDIA-NO-CROSS, MEDIA-TAINT); no
    copies of classified files to take home (DEV-NO-HOME). A refused use is kept, with an
    alert for the security office. A medium used on a classified computer is tainted, its
    level at least the computer's (MEDIA-TAINT)."""
    person, computer = computer_user(actor, computer_id)
    identifier = fitted_text(medium_identifier, "medium_identifier", MediaUse, required=True)
    purpose = fitted_text(purpose, "purpose", MediaUse, required=False)
    org = computer.organisation_id
    medium = _find_medium(org, identifier)
    if medium is not None:
        computer, medium = _in_order(lock_assets(org, [computer.pk, medium.pk]), computer.pk)
    else:
        computer = lock_asset(org, computer.pk)
    book.require(
        org,
        "DEV-LEDGER",
        computer.status not in GONE,
        _("This computer is %(status)s.") % {"status": Status(computer.status).label},
        conflict=True,
    )
    _refuse(
        _refused(computer, medium, to_take_home),
        actor=actor,
        person=person,
        computer=computer,
        medium=medium,
        medium_identifier=identifier,
        purpose=purpose,
    )
    assert medium is not None
    at = timezone.now()
    use = MediaUse.objects.create(
        organisation_id=org,
        computer=computer,
        medium=medium,
        medium_identifier=identifier,
        person=person,
        at=at,
        recorded_by=actor,
        allowed=True,
        purpose=purpose,
    )
    # Each history line names the other asset by its id only: the page shows its number to
    # those who may see it (``queries.ledger.related``), not to every keeper of this one.
    remember(
        computer,
        actor=actor,
        action="medium_used",
        person=person,
        data={"use": use.pk, "medium": medium.pk},
    )
    remember(
        medium,
        actor=actor,
        action="used",
        person=person,
        data={"use": use.pk, "computer": computer.pk},
    )
    tainted = computer.is_classified and (not medium.tainted or medium.level < computer.level)
    if tainted:
        before = medium.level
        medium.tainted, medium.level = True, max(medium.level, computer.level)
        medium.updated_at = at
        medium.save(update_fields=["tainted", "level", "updated_at"])
        remember(
            medium,
            actor=actor,
            action="tainted",
            person=person,
            data={
                "computer": computer.pk,
                "level_before": before,
                "level": medium.level,
                "rule": "MEDIA-TAINT",
            },
        )
    record_event(
        actor=actor,
        action=MEDIA_USED,
        subject=use,
        data={
            "computer": computer.pk,
            "medium": medium.pk,
            "tainted": tainted,
            "level": medium.level,
            "rules": ["MEDIA-REGISTERED", "MEDIA-NO-CROSS", "MEDIA-TAINT", "DEV-NO-HOME"],
        },
    )
    return use


def _in_order(assets: list[Asset], computer_id: int) -> tuple[Asset, Asset]:
    """(computer, medium) from the two locked assets."""
    first, second = assets
    return (first, second) if first.pk == computer_id else (second, first)


def _sanitisable(actor: Actor, medium_id: int) -> tuple[Asset, dict[str, Any]]:
    """The asset to sanitise, locked — a medium, or a computer or office device whose disk
    has held classified data — and the identity of the approval it needs (MEDIA-TAINT)."""
    person = keeper(actor)
    medium = lock_asset(person.organisation_id, medium_id)
    org = person.organisation_id
    book.require(
        org,
        "MEDIA-TAINT",
        medium.tainted or medium.is_classified,
        _("This medium has never held classified data."),
        conflict=True,
    )
    book.require(
        org,
        "MEDIA-TAINT",
        medium.status not in GONE,
        _("This medium is %(status)s.") % {"status": Status(medium.status).label},
        conflict=True,
    )
    identity = {
        "rule_id": "MEDIA-TAINT",
        "operation_name": "sanitise",
        "subject": ("devices.asset", medium.pk),
        "params": {"level": medium.level},
    }
    return medium, identity


@operation
def request_sanitisation(*, actor: Actor, medium_id: int, reason: str) -> ApprovalRequest:
    """Ask the office director to approve sanitising a medium that has held classified data
    so that it may be re-used for other purposes (MEDIA-TAINT)."""
    _medium, identity = _sanitisable(actor, medium_id)
    if not (reason or "").strip():
        raise InvalidInput(_("Give the reason for sanitising."), field="reason")
    reason = reason.strip()
    return open_request(actor=actor, reason=reason, **identity)


@operation
def sanitise(*, actor: Actor, medium_id: int, method: str) -> Asset:
    """Record the technical sanitising of a medium (or of a machine's storage) under a
    granted approval (MEDIA-TAINT): it becomes unclassified and has held no classified data."""
    medium, identity = _sanitisable(actor, medium_id)
    method = fitted_text(method, "note", AssetEvent, required=True)
    approval = consume_approval(actor=actor, **identity)
    before = medium.level
    medium.level, medium.tainted, medium.updated_at = 0, False, timezone.now()
    medium.save(update_fields=["level", "tainted", "updated_at"])
    remember(
        medium,
        actor=actor,
        action="sanitised",
        note=method,
        data={"approval": approval.pk, "level_before": before, "rule": "MEDIA-TAINT"},
    )
    record_event(
        actor=actor,
        action=SANITISED,
        subject=medium,
        data={"approval_id": approval.pk, "level_before": before, "rule": "MEDIA-TAINT"},
    )
    return medium


@operation
def resolve_alert(*, actor: Actor, alert_id: int, resolution: str) -> Alert:
    """The security office closes an alert (a refused use, an airgap attempt, a physical
    check's finding) with what was done about it; once."""
    person = keeper(actor)
    alert = (
        Alert.objects.select_for_update()
        .filter(pk=alert_id, organisation_id=person.organisation_id)
        .first()
    )
    if alert is None:
        raise NotFound(_("No such alert."))
    if alert.resolved_at is not None:
        raise Conflict(_("This alert has already been resolved."))
    alert.resolution = fitted_text(resolution, "resolution", Alert, required=True)
    alert.resolved_at = timezone.now()
    alert.save(update_fields=["resolution", "resolved_at"])
    record_event(
        actor=actor,
        action=ALERT_RESOLVED,
        subject=alert,
        data={"rule": alert.rule_id, "asset": alert.asset_id},
    )
    return alert
