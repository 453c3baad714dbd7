"""Hand-over when a holder changes post or leaves (HANDOVER): every copy listed, approved by
the giver's leader, signed by both sides, moved all at once; nobody is marked as left while
still holding a copy."""

from __future__ import annotations

import pytest

from baomi.access.roles import Role
from baomi.approvals.models import ApprovalRequest, State
from baomi.carriers.models import Copy, CopyState, Custody, Handover, HandoverReason
from baomi.carriers.operations import archives as archives_ops
from baomi.carriers.operations import circulation
from baomi.carriers.operations import handover as handover_ops
from baomi.carriers.queries import lifecycle as queries
from baomi.core.errors import AccessDenied, NotFound, RuleViolation
from baomi.core.levels import Level
from baomi.org import operations as org
from baomi.org.models import Employment, Person
from tests.factories import World, audit_events, prepare_leaving

R = HandoverReason


def refused(rule_id, call, **kw):
    with pytest.raises(RuleViolation) as exc:
        call(**kw)
    assert exc.value.rule_id == rule_id, exc.value
    return exc.value


def ids(copies):
    return [c.pk for c in copies]


def placed(copies):
    """Where each copy is: its state, holder and custodian."""
    return list(
        Copy.objects.filter(pk__in=ids(copies))
        .order_by("pk")
        .values_list("state", "holder_id", "custodian_id")
    )


def handover_args(giver, receiver, copies, reason=R.CUSTODIAN):
    return {
        "from_person_id": giver.person_id,
        "to_person_id": receiver.person_id,
        "reason": reason,
        "copy_ids": ids(copies),
    }


def listed(office, actor, giver, receiver, copies, reason=R.CUSTODIAN):
    """An approved hand-over, listed in the register by ``actor``."""
    args = handover_args(giver, receiver, copies, reason)
    office.approve_all(handover_ops.request_handover(actor=actor, **args))
    return handover_ops.hand_over(actor=actor, **args)


def completed(office, giver, receiver, copies, reason=R.CUSTODIAN):
    """A hand-over listed by the giver (who signs it so) and signed by the receiver."""
    handover = listed(office, giver, giver, receiver, copies, reason)
    return handover_ops.sign_handover(actor=receiver, handover_id=handover.pk)


@pytest.fixture
def secret(office):
    return office.incoming(level=Level.SECRET, copies=3)


def test_the_givers_department_head_approves_whoever_asks__HANDOVER(office, secret):
    copies = office.copies(secret)
    reader = office.readers[0]
    args = handover_args(office.clerk, reader, copies)
    own = handover_ops.request_handover(actor=office.clerk, **args)
    assert [(s.approver_kind, s.approver_id) for s in own.steps.all()] == [
        ("department_head", office.director.person_id)
    ]
    assert (own.subject_type, own.subject_id) == ("org.person", str(office.clerk.person_id))
    assert own.params == {"to": reader.person_id, "copies": ids(copies)}
    # The clerk asks on behalf of a reader of the tech department: the tech head approves.
    completed(office, office.clerk, reader, copies[:1])
    for_reader = handover_ops.request_handover(
        actor=office.clerk, **handover_args(reader, office.readers[1], copies[:1])
    )
    assert [s.approver_id for s in for_reader.steps.all()] == [office.tech_head.person_id]


def test_only_the_giver_or_a_register_keeper_asks(office, secret):
    copies = office.copies(secret)
    with pytest.raises(AccessDenied):
        handover_ops.request_handover(
            actor=office.readers[0], **handover_args(office.clerk, office.readers[0], copies)
        )


def test_a_hand_over_needs_its_approval__HANDOVER(office, secret):
    copies = office.copies(secret)
    args = handover_args(office.clerk, office.readers[0], copies)
    refused("HANDOVER", handover_ops.hand_over, actor=office.clerk, **args)
    request = handover_ops.request_handover(actor=office.clerk, **args)
    refused("HANDOVER", handover_ops.hand_over, actor=office.clerk, **args)  # not yet granted
    office.approve_all(request)
    other = handover_args(office.clerk, office.readers[1], copies)
    refused("HANDOVER", handover_ops.hand_over, actor=office.clerk, **other)  # another receiver
    assert not Handover.objects.exists()
    handover_ops.hand_over(actor=office.clerk, **args)
    assert ApprovalRequest.objects.get(pk=request.pk).state == State.CONSUMED


def test_both_sides_sign_then_every_copy_moves__HANDOVER(office, secret):
    copies = office.copies(secret)
    reader = office.readers[0]
    handover = listed(office, office.clerk, office.clerk, reader, copies)
    assert handover.from_signed_at is not None and handover.to_signed_at is None
    clerk = office.clerk.person_id
    # Nothing moves before both have signed.
    assert placed(copies) == [(CopyState.WITH_CUSTODIAN, clerk, clerk)] * 3
    with pytest.raises(NotFound):  # nobody else sees it, nor signs it
        handover_ops.sign_handover(actor=office.readers[1], handover_id=handover.pk)
    refused("HANDOVER", handover_ops.sign_handover, actor=office.clerk, handover_id=handover.pk)
    assert list(queries.open_handovers(reader)) == [handover]

    handover = handover_ops.sign_handover(actor=reader, handover_id=handover.pk)
    assert handover.completed_at is not None
    assert placed(copies) == [(CopyState.WITH_CUSTODIAN, reader.person_id, reader.person_id)] * 3
    for copy in copies:
        assert copy.timeline.last().action == "handed_over"
    assert list(queries.open_handovers(reader)) == []
    refused("HANDOVER", handover_ops.sign_handover, actor=reader, handover_id=handover.pk)
    assert audit_events("carriers.handover_signed")[-1]["data"]["copies"] == ids(copies)


def test_a_clerk_lists_it_and_each_side_signs__HANDOVER(office, secret):
    copies = office.copies(secret)[:1]
    completed(office, office.clerk, office.readers[0], copies)
    reader, colleague = office.readers[0], office.readers[1]
    handover = listed(office, office.clerk, reader, colleague, copies)
    assert handover.from_signed_at is None  # the clerk does not sign for the giver
    handover_ops.sign_handover(actor=colleague, handover_id=handover.pk)
    assert placed(copies) == [(CopyState.WITH_CUSTODIAN, reader.person_id, reader.person_id)]
    handover_ops.sign_handover(actor=reader, handover_id=handover.pk)
    assert placed(copies) == [(CopyState.WITH_CUSTODIAN, colleague.person_id, colleague.person_id)]


def test_a_copy_out_with_the_giver_goes_to_the_receiver_on_the_same_terms__HANDOVER(office, secret):
    """A reader leaving with a copy in circulation: the receiver holds it now, the custodian
    keeps it, and the circulation register shows both periods."""
    copy = office.copies(secret)[0]
    reader, colleague = office.readers[0], office.readers[1]
    first = circulation.circulate(actor=office.clerk, copy_id=copy.pk, reader_id=reader.person_id)
    completed(office, reader, colleague, [copy], reason=R.LEAVING)
    assert placed([copy]) == [(CopyState.CIRCULATING, colleague.person_id, office.clerk.person_id)]
    first.refresh_from_db()
    second = Custody.objects.get(copy=copy, returned_at=None)
    assert (first.returned_at, second.holder_id) == (second.started_at, colleague.person_id)
    assert second.due_at == first.due_at
    circulation.return_copy(actor=office.clerk, copy_id=copy.pk)
    assert placed([copy]) == [
        (CopyState.WITH_CUSTODIAN, office.clerk.person_id, office.clerk.person_id)
    ]


def test_a_person_leaving_lists_every_copy_they_hold__HANDOVER(office, secret):
    copies = office.copies(secret)
    reader, colleague = office.readers[0], office.readers[1]
    completed(office, office.clerk, reader, copies[:2])
    circulation.circulate(actor=office.clerk, copy_id=copies[2].pk, reader_id=reader.person_id)
    for reason in (R.LEAVING, R.POST_CHANGE):
        refused(
            "HANDOVER",
            handover_ops.request_handover,
            actor=reader,
            **handover_args(reader, colleague, copies[:2], reason),
        )
    assert not ApprovalRequest.objects.filter(operation="hand_over", requester=reader.person)
    # A change of custodian may pass some copies only.
    handover_ops.request_handover(actor=reader, **handover_args(reader, colleague, copies[:1]))
    handover_ops.request_handover(
        actor=reader, **handover_args(reader, colleague, copies, R.LEAVING)
    )


def test_only_copies_the_giver_holds_or_keeps_are_handed_over__HANDOVER(office, secret):
    copies = office.copies(secret)
    reader = office.readers[0]
    refused(
        "HANDOVER",
        handover_ops.request_handover,
        actor=office.clerk,
        **handover_args(reader, office.readers[1], copies[:1]),
    )
    archives_ops.recall(actor=office.clerk, copy_ids=[copies[0].pk])
    refused(
        "HANDOVER",
        handover_ops.request_handover,
        actor=office.clerk,
        **handover_args(office.clerk, reader, copies[:1]),
    )


def test_the_receiver_must_be_allowed_to_know_every_copy__CLS_MAC(office):
    entry = office.incoming(readers=office.readers[:1])
    refused(
        "CLS-MAC",
        handover_ops.request_handover,
        actor=office.clerk,
        **handover_args(office.clerk, office.readers[1], office.copies(entry)),
    )


def test_a_copy_that_left_the_giver_meanwhile_stops_the_whole_hand_over__HANDOVER(office, secret):
    copies = office.copies(secret)
    reader = office.readers[0]
    handover = listed(office, office.clerk, office.clerk, reader, copies)
    archives_ops.recall(actor=office.clerk, copy_ids=[copies[2].pk])
    before = placed(copies)
    error = refused("HANDOVER", handover_ops.sign_handover, actor=reader, handover_id=handover.pk)
    assert error.conflict
    assert placed(copies) == before
    handover.refresh_from_db()
    assert (handover.to_signed_at, handover.completed_at) == (None, None)


def test_a_hand_over_that_cannot_complete_is_cancelled__HANDOVER(office, secret):
    """A party (or the register keeper) cancels; nothing moves; a closed line stays closed;
    an outsider does not see it."""
    copies = office.copies(secret)
    reader = office.readers[0]
    handover = listed(office, office.clerk, office.clerk, reader, copies)
    before = placed(copies)
    with pytest.raises(NotFound):
        handover_ops.cancel_handover(actor=office.readers[1], handover_id=handover.pk)
    handover = handover_ops.cancel_handover(actor=reader, handover_id=handover.pk)
    assert handover.cancelled_at is not None and placed(copies) == before
    for call in (handover_ops.cancel_handover, handover_ops.sign_handover):
        assert refused("HANDOVER", call, actor=reader, handover_id=handover.pk).conflict
    assert audit_events("carriers.handover_cancelled")[-1]["data"] == {"rule": "HANDOVER"}


def test_a_person_holding_a_copy_cannot_be_marked_as_left__HANDOVER(office, secret):
    copies = office.copies(secret)[:2]
    reader = office.readers[0]
    completed(office, office.clerk, reader, copies)
    error = refused("HANDOVER", org.mark_left, actor=office.officer, person_id=reader.person_id)
    assert secret.document.number in error.message and "第1份（共3份）" in error.message
    assert Person.objects.get(pk=reader.person_id).employment == Employment.ACTIVE
    completed(office, reader, office.clerk, copies, reason=R.LEAVING)
    prepare_leaving(reader.person_id)
    person = org.mark_left(actor=office.officer, person_id=reader.person_id)
    assert person.employment == Employment.LEFT
    assert audit_events("org.marked_left")[-1]["data"] == {"rule": "HANDOVER"}


def test_a_custodian_keeping_copies_out_with_readers_cannot_leave__HANDOVER(office, secret):
    copy = office.copies(secret)[0]
    circulation.circulate(
        actor=office.clerk, copy_id=copy.pk, reader_id=office.readers[0].person_id
    )
    archives_ops.recall(actor=office.clerk, copy_ids=ids(office.copies(secret)[1:]))
    refused("HANDOVER", org.mark_left, actor=office.officer, person_id=office.clerk.person_id)
    refused("HANDOVER", org.mark_left, actor=office.officer, person_id=office.readers[0].person_id)


def test_only_the_security_officer_marks_people_as_left(office):
    nobody_holds = office.world.person()
    with pytest.raises(AccessDenied):
        org.mark_left(actor=office.clerk, person_id=nobody_holds.pk)
    assert org.mark_left(actor=office.officer, person_id=nobody_holds.pk).employment == "left"
    other = World.build().account(Role.SECURITY_OFFICER)
    with pytest.raises(NotFound):
        org.mark_left(actor=other, person_id=office.readers[0].person_id)
