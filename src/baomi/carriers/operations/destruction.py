"""Destruction of copies (RULES.md §6): approved by a leader (DESTROY-APPROVE), item by
item in the destruction register, by a designated method at a designated place
(DESTROY-PLACE), supervised by witnesses (DESTROY-WITNESS), each of whom signs afterwards on
their own login, or on the paper list, which the clerk records."""

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
from baomi.carriers.models import (
    Copy,
    CopyState,
    Destruction,
    DestructionMethod,
    WitnessSignature,
)
from baomi.carriers.operations._common import (
    ids_of,
    lock_copies,
    lock_register_row,
    me,
    move,
    now,
    person_in,
    require_state,
)
from baomi.carriers.queries.approvals import destruction_params
from baomi.carriers.queries.lifecycle import destructions
from baomi.core.errors import InvalidInput, NotFound
from baomi.core.text import fitted_text
from baomi.org.witnesses import check_signer, supervised
from baomi.rulebook import book

DESTROYED = register_action("carriers.destroyed", gettext_lazy("Copies destroyed"))
WITNESS_SIGNED = register_action(
    "carriers.witness_signed", gettext_lazy("Destruction signed by a witness")
)


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


def _sign(actor: Actor, destruction: Destruction, witness: Any, on_paper: bool) -> WitnessSignature:
    """DESTROY-WITNESS: ``witness`` signs under ``destruction``, once, if named as one of its
    witnesses; nobody witnesses their own destruction."""
    check_signer(
        destruction.organisation_id,
        destruction.witnesses.values_list("pk", flat=True),
        destruction.operator_id,
        destruction.signatures.values_list("witness_id", flat=True),
        witness,
    )
    signature = WitnessSignature.objects.create(
        destruction=destruction,
        witness=witness,
        signed_at=now(),
        on_paper=on_paper,
        recorded_by=actor,
    )
    record_event(
        actor=actor,
        action=WITNESS_SIGNED,
        subject=destruction,
        data={"witness": witness.pk, "on_paper": on_paper, "rule": "DESTROY-WITNESS"},
    )
    return signature


@operation
def confirm_witness(*, actor: Actor, destruction_id: int) -> WitnessSignature:
    """监销: a witness named under a destruction signs it on their own login
    (DESTROY-WITNESS); someone not named, the operator included, is refused."""
    require(actor, Permission.KNOW_ITEMS)
    person = me(actor)
    destruction = lock_register_row(
        Destruction, person.organisation_id, destruction_id, _("No such destruction.")
    )
    return _sign(actor, destruction, person, on_paper=False)


@operation
def record_witness_signature(
    *, actor: Actor, destruction_id: int, witness_id: int
) -> WitnessSignature:
    """The clerk records that a named witness signed the paper destruction list
    (DESTROY-WITNESS), for a destruction whose every copy the clerk may know (CLS-MAC)."""
    require(actor, Permission.REGISTER_ITEMS)
    person = me(actor)
    org = person.organisation_id
    if not destructions(actor).filter(pk=destruction_id).exists():
        raise NotFound(_("No such destruction."))
    destruction = lock_register_row(Destruction, org, destruction_id, _("No such destruction."))
    return _sign(actor, destruction, person_in(org, witness_id), on_paper=True)
