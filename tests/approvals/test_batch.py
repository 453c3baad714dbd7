"""Approving several requests at once: each is decided on its own (its own transaction and
audit events); one the approver may not decide is refused and reported with its reason while
the others go through; a batch is bounded; nobody decides their own request."""

from __future__ import annotations

import pytest

from baomi.approvals import operations
from baomi.approvals.models import State
from baomi.core.errors import AccessDenied, InvalidInput
from tests.factories import audit_events


def open_request(actor, rule_id="COPY-APPROVE", operation_name="reproduce", subject_id=1):
    return operations.open_request(
        actor=actor,
        rule_id=rule_id,
        operation_name=operation_name,
        subject=("carriers.copy", subject_id),
        params={"count": 1, "method": "photocopy"},
    )


def test_several_requests_are_approved_at_once(chart):
    """Two requests awaiting the department head: both granted, each with its own events."""
    first = open_request(chart.requester, subject_id=1)
    second = open_request(chart.requester, subject_id=2)
    outcomes = operations.approve_many(
        actor=chart.tech_head, request_ids=[first.pk, second.pk], comment="同意"
    )
    assert [(o.request_id, o.refusal) for o in outcomes] == [(first.pk, ""), (second.pk, "")]
    assert [o.request.state for o in outcomes] == [State.GRANTED, State.GRANTED]
    for request in (first, second):
        request.refresh_from_db()
        assert request.state == State.GRANTED
        assert request.steps.get().comment == "同意"
    granted = audit_events("approvals.granted")
    assert len(granted) == 2


def test_a_request_not_awaiting_the_approver_is_refused_alone(chart):
    """A request awaiting someone else, one already decided and an unknown id are reported
    with their reasons; the request awaiting the approver goes through."""
    mine = open_request(chart.requester, subject_id=1)
    decided = open_request(chart.requester, subject_id=2)
    operations.decide(actor=chart.tech_head, request_id=decided.pk, approve=True)
    foreign = open_request(chart.tech_head, subject_id=3)  # awaits the head above
    outcomes = operations.approve_many(
        actor=chart.tech_head, request_ids=[foreign.pk, decided.pk, mine.pk, 999_999]
    )
    by_id = {o.request_id: o for o in outcomes}
    assert by_id[mine.pk].request is not None and by_id[mine.pk].refusal == ""
    for refused in (foreign.pk, decided.pk, 999_999):
        assert by_id[refused].request is None and by_id[refused].refusal
    foreign.refresh_from_db()
    assert foreign.state == State.PENDING


def test_nobody_decides_their_own_request_in_a_batch(chart):
    """The department head's own request awaits the head above: theirs to ask, not decide."""
    own = open_request(chart.tech_head)
    [outcome] = operations.approve_many(actor=chart.tech_head, request_ids=[own.pk])
    assert outcome.request is None and outcome.refusal
    own.refresh_from_db()
    assert own.state == State.PENDING and own.steps.get().approver == chart.root_head.person


def test_a_batch_is_bounded_and_not_empty(chart):
    request = open_request(chart.requester)
    too_many = [request.pk, *range(1_000_000, 1_000_000 + operations.MAX_BATCH)]
    for ids in ([], too_many):
        with pytest.raises(InvalidInput) as exc:
            operations.approve_many(actor=chart.tech_head, request_ids=ids)
        assert exc.value.field == "request_ids"
    request.refresh_from_db()
    assert request.state == State.PENDING


def test_a_batch_needs_the_role_that_decides(chart):
    request = open_request(chart.requester)
    with pytest.raises(AccessDenied):
        operations.approve_many(actor=chart.requester, request_ids=[request.pk])
