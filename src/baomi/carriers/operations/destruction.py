"""Destruction of copies (RULES.md §6): approved by a leader (DESTROY-APPROVE), item by
item in the destruction register, by a designated method at a designated place
(DESTROY-PLACE), supervised by witnesses (DESTROY-WITNESS)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from baomi.access.actor import Actor
from baomi.access.roles import Permission, require
from baomi.approvals.models import ApprovalRequest
from baomi.approvals.operations import consume_approval, open_request
from baomi.audit.actions import register_action
from baomi.audit.operation import operation
from baomi.audit.recorder import record_event
from baomi.carriers.models import Copy, CopyState, Destruction, DestructionMethod
from baomi.carriers.operations._common import (
    ids_of,
    lock_copies,
    move,
    now,
    require_state,
)
from baomi.carriers.queries.approvals import destruction_params
from baomi.core.errors import InvalidInput
from baomi.core.text import fitted_text
from baomi.org.witnesses import supervised
from baomi.rulebook import book

DESTROYED = register_action("carriers.destroyed", gettext_lazy("Copies destroyed"))


def _destroyable(actor: Actor, copy_ids: list[int]) -> tuple[list[Copy], dict[str, Any]]:
    """The copies to destroy, locked: each with its custodian or archived (a copy away with
    a reader, on loan or out comes back first); and the approval's identity."""
    require(actor, Permission.REGISTER_ITEMS)
    copies = lock_copies(actor, copy_ids)
    for copy in copies:
        require_state(copy, CopyState.WITH_CUSTODIAN, CopyState.ARCHIVED, rule_id="DESTROY-APPROVE")
    # Archives are destroyed on the archive approvers' word: an approval given for copies
    # still with their custodian does not cover them once they have been archived.
    identity = {
        "rule_id": "DESTROY-APPROVE",
        "operation_name": "destroy",
        "subject": ("carriers.copy", copies[0].pk),
        "params": destruction_params(copies),
    }
    return copies, identity


@operation
def request_destruction(*, actor: Actor, copy_ids: list[int], reason: str) -> ApprovalRequest:
    """Ask a leader to approve destroying copies (DESTROY-APPROVE): the leader in charge;
    when any copy is archived, the approvers of archives (the head of the organisation by
    default)."""
    _copies, identity = _destroyable(actor, copy_ids)
    if not (reason or "").strip():
        raise InvalidInput(_("Give the reason for the destruction."), field="reason")
    return open_request(
        actor=actor,
        reason=reason.strip(),
        approver_param="archive_approvers" if identity["params"]["archived"] else "approvers",
        **identity,
    )


@operation
def destroy(
    *,
    actor: Actor,
    copy_ids: list[int],
    method: str,
    place: str,
    operator_id: int,
    witness_ids: list[int],
) -> Destruction:
    """销毁: destroy approved copies, item by item in the destruction register
    (DESTROY-APPROVE), by a designated method at a named place (DESTROY-PLACE: never sold as
    waste paper or used as wrapping), supervised by at least DESTROY-WITNESS.min_witnesses
    distinct people in post other than the operator, whose names are recorded."""
    copies, identity = _destroyable(actor, copy_ids)
    org = copies[0].organisation_id
    book.require(
        org,
        "DESTROY-PLACE",
        method in DestructionMethod.values,
        _("Classified items are destroyed only by a designated method at a designated place."),
    )
    place = fitted_text(place, "place", Destruction, required=False)
    book.require(org, "DESTROY-PLACE", bool(place), _("Name the designated place of destruction."))
    operator, witnesses = supervised(org, operator_id, witness_ids)  # DESTROY-WITNESS
    approval = consume_approval(actor=actor, **identity)
    at = now()
    destruction = Destruction.objects.create(
        organisation_id=org,
        approval=approval,
        method=method,
        place=place,
        operator=operator,
        destroyed_at=at,
        recorded_by=actor,
    )
    destruction.copies.set(copies)
    destruction.witnesses.set(witnesses)
    for copy in copies:
        move(
            copy,
            actor=actor,
            action="destroyed",
            state=CopyState.DESTROYED,
            holder=None,
            person=operator,
            note=method,
            at=at,
        )
    record_event(
        actor=actor,
        action=DESTROYED,
        subject=destruction,
        data={
            "copies": ids_of(copies),
            "method": method,
            "operator": operator.pk,
            "witnesses": [w.pk for w in witnesses],
            "approval_id": approval.pk,
            "rules": ["DESTROY-APPROVE", "DESTROY-WITNESS", "DESTROY-PLACE"],
        },
    )
    return destruction
