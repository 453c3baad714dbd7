"""Approval requests: decided step by step in order, rejected only with a reason, valid for a
limited time, used by exactly one matching operation; each approver's inbox shows only what
awaits them."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from baomi.access.roles import Role
from baomi.accounts.models import Account
from baomi.approvals import operations, queries
from baomi.approvals.models import ApprovalRequest, Decision, State
from baomi.core.errors import AccessDenied, Conflict, InvalidInput, NotFound, RuleViolation
from baomi.rulebook.operations import set_rule
from tests.factories import World, audit_events

SUBJECT = ("carriers.document", 7)
PARAMS = {"copies": 2}


def open_draft(chart, params=PARAMS):
    """A DRAFT-CHAIN request: department head, then leader in charge, then organisation head.
    (``open_request`` is a helper of domain operations; the test's transaction hosts it.)"""
    return operations.open_request(
        actor=chart.requester,
        rule_id="DRAFT-CHAIN",
        operation_name="sign_off",
        subject=SUBJECT,
        params=params,
        reason="年度报告",
    )


def approve(account, request, comment=""):
    return operations.decide(actor=account, request_id=request.pk, approve=True, comment=comment)


def consume(chart, params=PARAMS, subject=SUBJECT, operation_name="sign_off"):
    return operations.consume_approval(
        actor=chart.requester,
        rule_id="DRAFT-CHAIN",
        operation_name=operation_name,
        subject=subject,
        params=params,
    )


def chain(chart):
    return [chart.tech_head, chart.in_charge, chart.org_head]


def test_a_request_names_its_approvers_in_order(chart):
    request = open_draft(chart)
    steps = list(request.steps.order_by("order"))
    assert [s.approver for s in steps] == [a.person for a in chain(chart)]
    assert [s.approver_kind for s in steps] == [
        "department_head",
        "leader_in_charge",
        "organisation_head",
    ]
    assert request.state == State.PENDING
    assert request.expires_at == request.created_at + timedelta(days=7)
    [event] = audit_events("approvals.requested")
    assert event["data"]["approvers"] == [a.person.pk for a in chain(chart)]
    assert event["data"]["rule"] == "DRAFT-CHAIN"


def test_steps_are_decided_in_order(chart):
    """A later approver sees nothing to decide until the earlier ones have approved; the
    request is granted when the last one approves."""
    request = open_draft(chart)
    first, second, last = chain(chart)
    for early in (second, last):
        with pytest.raises(NotFound):
            approve(early, request)
    approve(first, request)
    with pytest.raises(NotFound):
        approve(first, request)
    with pytest.raises(NotFound):
        approve(last, request)
    assert approve(second, request).state == State.PENDING
    granted = approve(last, request)
    assert granted.state == State.GRANTED and granted.decided_at is not None
    assert [s.decision for s in granted.steps.all()] == [Decision.APPROVED] * 3
    assert len(audit_events("approvals.approved")) == 3
    assert audit_events("approvals.granted")[-1]["subject_id"] == str(request.pk)


def test_the_inbox_shows_only_the_current_approvers_requests(chart):
    request = open_draft(chart)
    first, second, last = chain(chart)

    def inboxes():
        return [list(queries.awaiting(a)) for a in (first, second, last, chart.requester)]

    assert inboxes() == [[request], [], [], []]
    approve(first, request)
    assert inboxes() == [[], [request], [], []]
    approve(second, request)
    approve(last, request)
    assert inboxes() == [[], [], [], []]
    assert list(queries.mine(chart.requester)) == [request]
    assert not queries.mine(first).exists()


def test_a_rejection_needs_a_reason_and_ends_the_request(chart):
    request = open_draft(chart)
    first, second, _last = chain(chart)
    for comment in ("", "   "):
        with pytest.raises(InvalidInput) as exc:
            operations.decide(actor=first, request_id=request.pk, approve=False, comment=comment)
        assert exc.value.field == "comment"
    rejected = operations.decide(
        actor=first, request_id=request.pk, approve=False, comment="理由不充分"
    )
    assert rejected.state == State.REJECTED
    assert rejected.steps.get(order=0).comment == "理由不充分"
    assert not queries.awaiting(second).exists()
    with pytest.raises(Conflict):
        approve(second, request)
    with pytest.raises(RuleViolation):
        consume(chart)
    assert audit_events("approvals.rejected")[-1]["subject_id"] == str(request.pk)


def test_only_leaders_decide(chart):
    """An approver whose account may not decide approvals is refused, and the step stays."""
    request = open_draft(chart)
    Account.objects.filter(pk=chart.tech_head.pk).update(role=Role.STAFF)
    chart.tech_head.refresh_from_db()
    with pytest.raises(AccessDenied):
        approve(chart.tech_head, request)
    assert request.steps.get(order=0).decision == Decision.PENDING


def grant(chart, params=PARAMS):
    request = open_draft(chart, params)
    for account in chain(chart):
        approve(account, request)
    return request


def test_an_approval_is_used_exactly_once(chart):
    request = grant(chart)
    used = consume(chart)
    assert used == request
    used.refresh_from_db()
    assert used.state == State.CONSUMED and used.consumed_at is not None
    with pytest.raises(RuleViolation) as exc:
        consume(chart)
    assert exc.value.rule_id == "DRAFT-CHAIN"
    assert audit_events("approvals.consumed")[-1]["data"] == {"rule": "DRAFT-CHAIN"}


@pytest.mark.parametrize(
    "mismatch",
    [
        {"params": {"copies": 3}},
        {"params": {}},
        {"subject": ("carriers.document", 8)},
        {"subject": ("devices.medium", 7)},
        {"operation_name": "print"},
    ],
)
def test_an_approval_authorises_only_its_operation_subject_and_parameters(chart, mismatch):
    grant(chart)
    with pytest.raises(RuleViolation):
        consume(chart, **mismatch)
    consume(chart)


def test_two_approvals_authorise_two_operations(chart):
    grant(chart)
    grant(chart)
    consume(chart)
    consume(chart)
    with pytest.raises(RuleViolation):
        consume(chart)


def test_an_expired_approval_authorises_nothing(chart):
    request = grant(chart)
    ApprovalRequest.objects.filter(pk=request.pk).update(expires_at=timezone.now())
    with pytest.raises(RuleViolation):
        consume(chart)


def test_an_expired_request_cannot_be_decided_and_leaves_the_inbox(chart):
    request = open_draft(chart)
    first = chain(chart)[0]
    ApprovalRequest.objects.filter(pk=request.pk).update(
        expires_at=timezone.now() - timedelta(minutes=1)
    )
    assert not queries.awaiting(first).exists()
    with pytest.raises(Conflict):
        approve(first, request)


def test_the_rulebook_sets_how_long_an_approval_lasts(chart):
    officer = chart.world.account(Role.SECURITY_OFFICER, dept="office")
    set_rule(actor=officer, rule_id="DRAFT-CHAIN", params={"valid_days": 2})
    request = open_draft(chart)
    assert request.expires_at == request.created_at + timedelta(days=2)


def test_the_requester_withdraws_their_own_request(chart):
    request = open_draft(chart)
    with pytest.raises(NotFound):
        operations.withdraw(actor=chart.tech_head, request_id=request.pk)
    assert operations.withdraw(actor=chart.requester, request_id=request.pk).state == (
        State.WITHDRAWN
    )
    assert not queries.awaiting(chain(chart)[0]).exists()
    with pytest.raises(Conflict):
        operations.withdraw(actor=chart.requester, request_id=request.pk)


def test_a_withdrawn_grant_authorises_nothing(chart):
    request = grant(chart)
    operations.withdraw(actor=chart.requester, request_id=request.pk)
    with pytest.raises(RuleViolation):
        consume(chart)


def test_another_organisations_request_is_not_found(chart):
    other = World.build()
    stranger = other.account(Role.LEADER)
    request = open_draft(chart)
    with pytest.raises(NotFound):
        approve(stranger, request)
    with pytest.raises(NotFound):
        operations.withdraw(actor=other.account(Role.STAFF), request_id=request.pk)
