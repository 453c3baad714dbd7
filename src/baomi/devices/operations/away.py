"""Equipment leaving the office for a while (RULES.md §7): repairs go through the general
office to a designated vendor on the office director's approval, with a repair record, and a
classified machine goes without its storage (DEV-REPAIR); lending outside needs a leader's
approval (DEV-LEND). The security officer records both and their return."""

from __future__ import annotations

import datetime
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
from baomi.devices.models import Asset, Loan, Repair, Status
from baomi.devices.operations._common import (
    keeper,
    kept_asset,
    lock_asset,
    remember,
    require_at_hand,
)
from baomi.devices.queries.steps import holds_classified, never_repaired
from baomi.rulebook import book

SENT_TO_REPAIR = register_action("devices.sent_to_repair", gettext_lazy("Asset sent to repair"))
REPAIRED = register_action("devices.repaired", gettext_lazy("Asset back from repair"))
LENT = register_action("devices.lent", gettext_lazy("Asset lent outside"))
LOAN_RETURNED = register_action("devices.loan_returned", gettext_lazy("Lent asset returned"))


def _repairable(
    actor: Actor, asset_id: int, vendor: str, storage_kept: str | None
) -> tuple[Asset, dict[str, Any], str]:
    """The asset to repair, locked, the approval's identity and the storage it leaves
    behind (DEV-REPAIR)."""
    asset = kept_asset(actor, asset_id)
    require_at_hand(asset, "DEV-REPAIR")
    vendor = fitted_text(vendor, "vendor", Repair, required=True)
    org = asset.organisation_id
    vendors = book.param(org, "DEV-REPAIR", "vendors")
    book.require(
        org,
        "DEV-REPAIR",
        vendor in vendors,
        _(
            "%(vendor)s is not a designated repair vendor of the organisation "
            "(designated: %(list)s)."
        )
        % {"vendor": vendor, "list": "、".join(vendors) or _("none yet")},
    )
    book.require(
        org,
        "DEV-REPAIR",
        not never_repaired(asset),
        _(
            "%(number)s has held classified data: a classified medium never leaves for "
            "repair; when it fails it is destroyed."
        )
        % {"number": asset.number},
    )
    kept = fitted_text(storage_kept or "", "storage_kept", Repair, required=False)
    book.require(
        org,
        "DEV-REPAIR",
        not (holds_classified(asset) and storage_kept is not None and not kept),
        _(
            "%(number)s has held classified data: its hard disk stays in the "
            "organisation. Record which storage was removed and where it is kept."
        )
        % {"number": asset.number},
    )
    identity = {
        "rule_id": "DEV-REPAIR",
        "operation_name": "repair",
        "subject": ("devices.asset", asset.pk),
        "params": {"vendor": vendor},
    }
    return asset, identity, kept


@operation
def request_repair(*, actor: Actor, asset_id: int, vendor: str, fault: str) -> ApprovalRequest:
    """Report a fault to the general office and ask the office director to approve a repair
    by a designated vendor (DEV-REPAIR)."""
    _asset, identity, _kept = _repairable(actor, asset_id, vendor, None)
    fault = fitted_text(fault, "fault", Repair, required=True)
    return open_request(actor=actor, reason=fault, **identity)


@operation
def send_to_repair(
    *, actor: Actor, asset_id: int, vendor: str, fault: str, storage_kept: str = ""
) -> Repair:
    """Hand an asset to the designated vendor under a granted approval, opening its repair
    record (DEV-REPAIR); a classified machine goes without its storage, whose keeping is
    recorded."""
    asset, identity, kept = _repairable(actor, asset_id, vendor, storage_kept)
    fault = fitted_text(fault, "fault", Repair, required=True)
    approval = consume_approval(actor=actor, **identity)
    at = timezone.now()
    repair = Repair.objects.create(
        organisation_id=asset.organisation_id,
        asset=asset,
        vendor=identity["params"]["vendor"],
        fault=fault,
        approval=approval,
        storage_kept=kept,
        status_before=asset.status,
        sent_at=at,
        sent_by=actor,
    )
    asset.status, asset.updated_at = Status.IN_REPAIR, at
    asset.save(update_fields=["status", "updated_at"])
    data = {"repair": repair.pk, "vendor": repair.vendor, "status_before": repair.status_before}
    remember(asset, actor=actor, action="sent_to_repair", note=fault, data=data)
    record_event(
        actor=actor,
        action=SENT_TO_REPAIR,
        subject=asset,
        # Which storage stays behind, and where, is the repair record's text (it may name a
        # serial): the audit body says only that some did.
        data={**data, "approval_id": approval.pk, "storage_kept": bool(kept), "rule": "DEV-REPAIR"},
    )
    return repair


def _open_record(actor: Actor, model: type[Repair] | type[Loan], record_id: int) -> Any:
    """A repair or loan of the organisation not yet closed, locked, with its asset locked."""
    org = keeper(actor).organisation_id
    record = model.objects.select_for_update().filter(pk=record_id, organisation_id=org).first()
    if record is None:
        raise NotFound(_("No such record."))
    if record.returned_at is not None:
        raise Conflict(_("This asset has already come back."))
    record.asset = lock_asset(org, record.asset_id)
    return record


def _back(record: Repair | Loan, actor: Actor, action: str, note: str) -> None:
    """The asset back in the status it left in (in use or spare), a line in its history."""
    asset = record.asset
    asset.status, asset.updated_at = record.status_before, timezone.now()
    asset.save(update_fields=["status", "updated_at"])
    key = "repair" if isinstance(record, Repair) else "loan"
    remember(asset, actor=actor, action=action, note=note, data={key: record.pk})


@operation
def return_from_repair(*, actor: Actor, repair_id: int, work_done: str) -> Repair:
    """Close a repair record with the work the vendor did; the asset is back in the status
    it left in."""
    repair = _open_record(actor, Repair, repair_id)
    repair.work_done = fitted_text(work_done, "work_done", Repair, required=True)
    repair.returned_at, repair.returned_by = timezone.now(), actor
    repair.save(update_fields=["work_done", "returned_at", "returned_by"])
    _back(repair, actor, "repaired", repair.work_done)
    record_event(
        actor=actor,
        action=REPAIRED,
        subject=repair.asset,
        data={"repair": repair.pk, "rule": "DEV-REPAIR"},
    )
    return repair


def _lendable(
    actor: Actor, asset_id: int, borrower: str, due_back: datetime.date
) -> tuple[Asset, dict[str, Any]]:
    asset = kept_asset(actor, asset_id)
    require_at_hand(asset, "DEV-LEND")
    borrower = fitted_text(borrower, "borrower", Loan, required=True)
    if not isinstance(due_back, datetime.date) or due_back < timezone.localdate():
        raise InvalidInput(_("The date it is due back cannot be in the past."), field="due_back")
    identity = {
        "rule_id": "DEV-LEND",
        "operation_name": "lend_asset",
        "subject": ("devices.asset", asset.pk),
        "params": {"borrower": borrower, "due_back": due_back.isoformat()},
    }
    return asset, identity


@operation
def request_loan(
    *, actor: Actor, asset_id: int, borrower: str, due_back: datetime.date, purpose: str
) -> ApprovalRequest:
    """Ask a leader to approve lending an asset to another organisation (DEV-LEND)."""
    _asset, identity = _lendable(actor, asset_id, borrower, due_back)
    purpose = fitted_text(purpose, "purpose", Loan, required=True)
    return open_request(actor=actor, reason=purpose, **identity)


@operation
def lend_asset(
    *, actor: Actor, asset_id: int, borrower: str, due_back: datetime.date, purpose: str
) -> Loan:
    """Lend an asset outside under a granted approval (DEV-LEND)."""
    asset, identity = _lendable(actor, asset_id, borrower, due_back)
    purpose = fitted_text(purpose, "purpose", Loan, required=True)
    approval = consume_approval(actor=actor, **identity)
    at = timezone.now()
    loan = Loan.objects.create(
        organisation_id=asset.organisation_id,
        asset=asset,
        borrower=identity["params"]["borrower"],
        purpose=purpose,
        approval=approval,
        lent_at=at,
        lent_by=actor,
        due_back=due_back,
        status_before=asset.status,
    )
    asset.status, asset.updated_at = Status.LENT, at
    asset.save(update_fields=["status", "updated_at"])
    data = {"loan": loan.pk, "borrower": loan.borrower, "due_back": due_back.isoformat()}
    remember(asset, actor=actor, action="lent", note=purpose, data=data)
    record_event(
        actor=actor,
        action=LENT,
        subject=asset,
        data={**data, "approval_id": approval.pk, "rule": "DEV-LEND"},
    )
    return loan


@operation
def return_loan(*, actor: Actor, loan_id: int, condition: str) -> Loan:
    """Record that a lent asset came back, and in which condition; it is back in the status
    it left in."""
    loan = _open_record(actor, Loan, loan_id)
    loan.condition = fitted_text(condition, "condition", Loan, required=True)
    loan.returned_at, loan.returned_by = timezone.now(), actor
    loan.save(update_fields=["condition", "returned_at", "returned_by"])
    _back(loan, actor, "loan_returned", loan.condition)
    record_event(
        actor=actor,
        action=LOAN_RETURNED,
        subject=loan.asset,
        data={"loan": loan.pk, "rule": "DEV-LEND"},
    )
    return loan
