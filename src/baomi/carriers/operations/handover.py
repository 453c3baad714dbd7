"""Hand-over when a holder changes post or leaves (RULES.md §6, HANDOVER): the list,
approved by the giver's leader, signed by the giver and the receiver, after which the copies
move all at once."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from baomi.access.actor import Actor
from baomi.access.roles import Permission, has_permission, require
from baomi.approvals import approvers
from baomi.approvals.models import ApprovalRequest
from baomi.approvals.operations import consume_approval, open_request
from baomi.audit.actions import register_action
from baomi.audit.operation import operation
from baomi.audit.recorder import record_event
from baomi.carriers.models import HELD_STATES, Copy, CopyState, Custody, Handover, HandoverReason
from baomi.carriers.operations._common import (
    end_custody,
    ids_of,
    lock_copies,
    lock_register_row,
    me,
    move,
    now,
    person_in,
    require_knows,
)
from baomi.carriers.queries.lifecycle import held_copies
from baomi.core.errors import InvalidInput, NotFound
from baomi.org.models import Person
from baomi.rulebook import book

HANDOVER_LISTED = register_action("carriers.handover_listed", gettext_lazy("Hand-over listed"))
HANDOVER_SIGNED = register_action("carriers.handover_signed", gettext_lazy("Hand-over signed"))
HANDOVER_CANCELLED = register_action(
    "carriers.handover_cancelled", gettext_lazy("Hand-over cancelled")
)

# The hand-over reasons for which the list must hold every copy the person holds or keeps.
_EVERYTHING_REASONS = (HandoverReason.LEAVING, HandoverReason.POST_CHANGE)


def _kept_by(copy: Copy, person: Person) -> bool:
    """Whether the copy is still in the organisation's hands, held or kept by ``person``."""
    return copy.state in HELD_STATES and person.pk in (copy.holder_id, copy.custodian_id)


def _handover(
    actor: Actor, from_person_id: int, to_person_id: int, reason: str, copy_ids: list[int]
) -> tuple[Person, Person, list[Copy], dict[str, Any]]:
    """Check a hand-over list (HANDOVER): the person themselves, or the clerk or security
    officer for them, lists copies the giver holds or keeps, every one of them when the
    giver leaves or changes post; the receiver must be allowed to know each (CLS-MAC).
    Answers giver, receiver, the copies locked, and the approval's identity."""
    person = me(actor)
    org = person.organisation_id
    require(
        actor,
        Permission.KNOW_ITEMS if person.pk == from_person_id else Permission.REGISTER_ITEMS,
    )
    giver = person_in(org, from_person_id)
    receiver = person_in(org, to_person_id)
    if reason not in HandoverReason.values:
        raise InvalidInput(_("Unknown reason for the hand-over."), field="reason")
    if receiver.pk == giver.pk:
        raise InvalidInput(_("Nobody hands over to themselves."), field="to_person_id")
    copies = lock_copies(actor, copy_ids)
    for copy in copies:
        book.require(
            org,
            "HANDOVER",
            _kept_by(copy, giver),
            _("%(name)s neither holds nor keeps %(copy)s.")
            % {"name": giver.name, "copy": str(copy)},
        )
    if reason in _EVERYTHING_REASONS:
        missing = held_copies(giver).exclude(pk__in=ids_of(copies)).count()
        book.require(
            org,
            "HANDOVER",
            not missing,
            _(
                "%(name)s holds or keeps %(n)d more copies: a person who leaves or changes "
                "post hands over every one."
            )
            % {"name": giver.name, "n": missing},
        )
    for copy in copies:
        require_knows(receiver, copy.document)
    identity = {
        "rule_id": "HANDOVER",
        "operation_name": "hand_over",
        "subject": ("org.person", giver.pk),
        "params": {"to": receiver.pk, "copies": ids_of(copies)},
    }
    return giver, receiver, copies, identity


@operation
def request_handover(
    *,
    actor: Actor,
    from_person_id: int,
    to_person_id: int,
    reason: str,
    copy_ids: list[int],
) -> ApprovalRequest:
    """Ask the giver's leader to approve a hand-over (HANDOVER). The approvers of the rule
    (the department head by default) are found from the giver's department, whoever asks:
    the giver, or the clerk or security officer on their behalf."""
    giver, _receiver, _copies, identity = _handover(
        actor, from_person_id, to_person_id, reason, copy_ids
    )
    kinds = book.param(giver.organisation_id, "HANDOVER", "approvers")
    steps = approvers.resolve("HANDOVER", kinds, giver)
    return open_request(
        actor=actor,
        reason=str(HandoverReason(reason).label),
        explicit_approvers=dict(steps),
        **identity,
    )


@operation
def hand_over(
    *,
    actor: Actor,
    from_person_id: int,
    to_person_id: int,
    reason: str,
    copy_ids: list[int],
) -> Handover:
    """移交清册: list an approved hand-over in the register (HANDOVER). Nothing moves yet:
    the giver and the receiver each sign (``sign_handover``); the giver's signature is taken
    now when the giver lists it."""
    giver, receiver, copies, identity = _handover(
        actor, from_person_id, to_person_id, reason, copy_ids
    )
    approval = consume_approval(actor=actor, **identity)
    at = now()
    handover = Handover.objects.create(
        organisation_id=giver.organisation_id,
        from_person=giver,
        to_person=receiver,
        reason=reason,
        approval=approval,
        created_at=at,
        created_by=actor,
        from_signed_at=at if actor.person_id == giver.pk else None,
    )
    handover.copies.set(copies)
    record_event(
        actor=actor,
        action=HANDOVER_LISTED,
        subject=handover,
        data={
            "from": giver.pk,
            "to": receiver.pk,
            "reason": reason,
            "copies": ids_of(copies),
            "approval_id": approval.pk,
            "rule": "HANDOVER",
        },
    )
    return handover


def _pass_custody(copy: Copy, receiver: Person, actor: Actor, at: datetime.datetime) -> None:
    """The giver's period of custody ends and the receiver's begins on the same terms."""
    current = end_custody(copy, actor, at)
    if current is None:
        return
    Custody.objects.create(
        organisation_id=current.organisation_id,
        copy=copy,
        kind=current.kind,
        holder=receiver,
        handed_by=actor,
        started_at=at,
        due_at=current.due_at,
        received_at=at,
        approval=current.approval,
        purpose=current.purpose,
        destination=current.destination,
        abroad=current.abroad,
        lender_department=current.lender_department,
    )


def _require_open(handover: Handover) -> None:
    """HANDOVER: a completed or cancelled hand-over is closed to signatures and cancelling."""
    book.require(
        handover.organisation_id,
        "HANDOVER",
        handover.completed_at is None and handover.cancelled_at is None,
        _("This hand-over is closed."),
        conflict=True,
    )


def _complete(handover: Handover, actor: Actor, at: datetime.datetime) -> list[Copy]:
    """Move every copy of a signed hand-over at once, or none (HANDOVER): each is locked and
    must still be held or kept by the giver; the receiver becomes custodian where the giver
    kept it and holder where the giver held it."""
    giver, receiver = handover.from_person, handover.to_person
    copies = lock_copies(actor, handover.copies.values_list("pk", flat=True))
    for copy in copies:
        book.require(
            handover.organisation_id,
            "HANDOVER",
            _kept_by(copy, giver),
            _("%(copy)s is no longer with %(name)s: the hand-over cannot be completed.")
            % {"copy": str(copy), "name": giver.name},
            conflict=True,
        )
        require_knows(receiver, copy.document)
    for copy in copies:
        if copy.custodian_id == giver.pk:
            copy.custodian = receiver
            copy.save(update_fields=["custodian"])
        holder = copy.holder
        if copy.holder_id == giver.pk:
            holder = receiver
            if copy.state != CopyState.WITH_CUSTODIAN:
                _pass_custody(copy, receiver, actor, at)
        move(
            copy,
            actor=actor,
            action="handed_over",
            state=copy.state,
            holder=holder,
            person=receiver,
            due_at=copy.due_at,
            note=str(handover.pk),
            at=at,
        )
    handover.completed_at = at
    return copies


@operation
def sign_handover(*, actor: Actor, handover_id: int) -> Handover:
    """The giver or the receiver signs the hand-over register (HANDOVER); nobody else sees
    it. When both have signed, the copies move to the receiver, all at once or not at all
    (refused as a conflict when any copy left the giver meanwhile)."""
    require(actor, Permission.KNOW_ITEMS)
    person = me(actor)
    handover = lock_register_row(
        Handover, person.organisation_id, handover_id, _("No such hand-over.")
    )
    if person.pk not in (handover.from_person_id, handover.to_person_id):
        raise NotFound(_("No such hand-over."))
    _require_open(handover)
    side = "from" if person.pk == handover.from_person_id else "to"
    book.require(
        handover.organisation_id,
        "HANDOVER",
        getattr(handover, f"{side}_signed_at") is None,
        _("You have already signed."),
        conflict=True,
    )
    at = now()
    setattr(handover, f"{side}_signed_at", at)
    copies = []
    if handover.from_signed_at and handover.to_signed_at:
        copies = _complete(handover, actor, at)
    handover.save(update_fields=[f"{side}_signed_at", "completed_at"])
    record_event(
        actor=actor,
        action=HANDOVER_SIGNED,
        subject=handover,
        data={
            "side": side,
            "completed": handover.completed_at is not None,
            "copies": ids_of(copies),
            "rule": "HANDOVER",
        },
    )
    return handover


@operation
def cancel_handover(*, actor: Actor, handover_id: int) -> Handover:
    """Close a hand-over that cannot complete (HANDOVER: a copy left the giver meanwhile, or
    the wrong receiver was named): the giver, the receiver, or whoever keeps the registers.
    Nothing moves; the line stays in the register as cancelled."""
    require(actor, Permission.KNOW_ITEMS)
    person = me(actor)
    handover = lock_register_row(
        Handover, person.organisation_id, handover_id, _("No such hand-over.")
    )
    party = person.pk in (handover.from_person_id, handover.to_person_id)
    if not (party or has_permission(actor, Permission.REGISTER_ITEMS)):
        raise NotFound(_("No such hand-over."))
    _require_open(handover)
    handover.cancelled_at = now()
    handover.save(update_fields=["cancelled_at"])
    record_event(
        actor=actor, action=HANDOVER_CANCELLED, subject=handover, data={"rule": "HANDOVER"}
    )
    return handover
