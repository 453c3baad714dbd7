"""The asset page's reading of approvals (baomi.devices.queries.approvals) has the parameter
semantics ``consume_approval`` has: an approval is offered for exactly the operation the page
offers (what the page knows, plus what the operation takes from the approval), never for a
part of its parameters (DESTROY-APPROVE, DEV-STANDALONE, MEDIA-TAINT)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from baomi.approvals.models import ApprovalRequest, State
from baomi.devices.queries import approvals as reads


def asked(ledger: Any, operation: str, params: dict, **kw: Any) -> ApprovalRequest:
    """A request about the first registered asset, granted and valid for a day unless told."""
    now = timezone.now()
    values: dict[str, Any] = {
        "organisation_id": ledger.world.organisation.pk,
        "rule_id": "DESTROY-APPROVE",
        "operation": operation,
        "subject_type": reads.SUBJECT,
        "subject_id": str(kw.pop("asset_id")),
        "params": params,
        "requested_by": ledger.officer,
        "requester": ledger.officer.person,
        "state": State.GRANTED,
        "created_at": now,
        "expires_at": now + timedelta(days=1),
    }
    return ApprovalRequest.objects.create(**{**values, **kw})


def test_a_disposal_of_exactly_this_asset_whatever_its_outcome__DESTROY_APPROVE(ledger):
    asset, other = ledger.register(), ledger.register()
    alone = {"assets": [asset.pk]}
    both = asked(
        ledger,
        reads.DISPOSE,
        {"assets": [asset.pk, other.pk], "outcome": "scrapped"},
        asset_id=asset.pk,
    )
    more = asked(
        ledger, reads.DISPOSE, {**alone, "outcome": "scrapped", "extra": 1}, asset_id=asset.pk
    )
    assert reads.granted([both, more], alone) is None
    just = asked(ledger, reads.DISPOSE, {**alone, "outcome": "destroyed"}, asset_id=asset.pk)
    assert reads.granted([both, more, just], alone) == just
    waiting = asked(
        ledger,
        reads.DISPOSE,
        {**alone, "outcome": "scrapped"},
        asset_id=asset.pk,
        state=State.PENDING,
    )
    assert reads.pending([both, waiting], alone) == waiting
    assert reads.pending([both], alone) is None


def test_standalone_processing_of_this_person_at_the_approved_level__DEV_STANDALONE(ledger):
    computer = ledger.register()
    me, them = ledger.tech[0].person_id, ledger.tech[1].person_id
    theirs = asked(ledger, reads.STANDALONE, {"level": 3, "person": them}, asset_id=computer.pk)
    mine = asked(ledger, reads.STANDALONE, {"level": 2, "person": me}, asset_id=computer.pk)
    assert reads.granted([theirs, mine], {"person": me}) == mine
    assert reads.granted([theirs], {"person": me}) is None


def test_a_used_or_expired_approval_is_not_offered__MEDIA_TAINT(ledger):
    """What may be used is asked of the database (the approvals' one query): a request read
    before it was used or expired is not offered."""
    medium = ledger.register(type="usb_stick", level=3)
    approval = asked(ledger, reads.SANITISE, {"level": 3}, asset_id=medium.pk)
    assert reads.granted([approval], {"level": 3}) == approval
    assert reads.granted([approval], {"level": 2}) is None
    ApprovalRequest.objects.filter(pk=approval.pk).update(state=State.CONSUMED)
    assert reads.granted([approval], {"level": 3}) is None
    expired = asked(
        ledger,
        reads.SANITISE,
        {"level": 3},
        asset_id=medium.pk,
        expires_at=timezone.now() - timedelta(seconds=1),
    )
    assert reads.granted([expired], {"level": 3}) is None


def test_without_parameters_any_to_pick_from__DEV_REPAIR(ledger):
    """A repair or a loan takes all its parameters from the approval: the page offers any."""
    asset = ledger.register()
    repair = asked(ledger, reads.REPAIR, {"vendor": "某维修点"}, asset_id=asset.pk)
    assert reads.granted([repair]) == repair
