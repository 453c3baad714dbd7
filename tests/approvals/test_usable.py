"""The one answer to "may this approval be used" (baomi.approvals.queries): granted, unexpired
and unused, of the same operation about the same subject in the same organisation, with
parameters equal to those of the operation (never a part of them); ``consume_approval`` and
the pages read it alike."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from baomi.approvals import operations, queries
from baomi.approvals.models import ApprovalRequest, State
from baomi.core.errors import RuleViolation
from tests.factories import World

SUBJECT = ("carriers.document", 7)
PARAMS = {"level": 3, "term_years": 10}


def grant(chart: Any, *, params: Any = PARAMS, **kw: Any) -> ApprovalRequest:
    """A granted DRAFT-CHAIN approval of the requester, valid for a day unless told."""
    now = timezone.now()
    values: dict[str, Any] = {
        "organisation_id": chart.requester.person.organisation_id,
        "rule_id": "DRAFT-CHAIN",
        "operation": "sign_off",
        "subject_type": SUBJECT[0],
        "subject_id": str(SUBJECT[1]),
        "params": params,
        "requested_by": chart.requester,
        "requester": chart.requester.person,
        "state": State.GRANTED,
        "created_at": now,
        "expires_at": now + timedelta(days=1),
    }
    return ApprovalRequest.objects.create(**{**values, **kw})


def usable(chart: Any, params: Any = PARAMS, **kw: Any) -> list[ApprovalRequest]:
    org = chart.requester.person.organisation_id
    return queries.usable(kw.get("org", org), "sign_off", kw.get("subject", SUBJECT), params)


def consume(chart: Any, params: Any = PARAMS) -> ApprovalRequest | None:
    return operations.consume_approval(
        actor=chart.requester,
        rule_id="DRAFT-CHAIN",
        operation_name="sign_off",
        subject=SUBJECT,
        params=params,
    )


def test_parameters_are_equal_never_a_part__DRAFT_CHAIN(chart):
    """An approval covers exactly the parameters it was asked with: neither fewer (a part of
    them), nor more, nor other values; key order does not matter."""
    approval = grant(chart)
    assert usable(chart, {"term_years": 10, "level": 3}) == [approval]
    assert usable(chart, {"level": 3}) == []
    assert usable(chart, {**PARAMS, "copies": 2}) == []
    assert usable(chart, {"level": 4, "term_years": 10}) == []
    assert usable(chart, None) == []
    bare = grant(chart, params={})
    assert usable(chart, None) == usable(chart, {}) == [bare]


def test_consume_approval_refuses_a_part_of_the_parameters__DRAFT_CHAIN(chart):
    approval = grant(chart)
    with pytest.raises(RuleViolation) as refused:
        consume(chart, {"level": 3})
    assert refused.value.rule_id == "DRAFT-CHAIN"
    assert consume(chart).pk == approval.pk
    approval.refresh_from_db()
    assert approval.state == State.CONSUMED


def test_the_oldest_equal_approval_is_used_first(chart):
    first, second = grant(chart), grant(chart)
    assert usable(chart) == [first, second]
    assert consume(chart).pk == first.pk
    assert usable(chart) == [second]


def test_an_expired_approval_is_not_usable__DRAFT_CHAIN(chart):
    now = timezone.now()
    grant(chart, expires_at=now - timedelta(seconds=1))
    assert usable(chart) == []
    assert list(queries.granted(chart.requester.person.organisation_id)) == []
    later = grant(chart, expires_at=now + timedelta(hours=1))
    org = chart.requester.person.organisation_id
    assert list(queries.granted(org, at=now + timedelta(minutes=59))) == [later]
    assert list(queries.granted(org, at=now + timedelta(hours=2))) == []
    with pytest.raises(RuleViolation):
        operations.consume_approval(
            actor=chart.requester,
            rule_id="DRAFT-CHAIN",
            operation_name="sign_off",
            subject=SUBJECT,
            params={"other": 1},
        )


@pytest.mark.parametrize("state", [State.PENDING, State.REJECTED, State.WITHDRAWN, State.CONSUMED])
def test_only_a_granted_approval_not_yet_used_is_usable__DRAFT_CHAIN(chart, state):
    approval = grant(chart, state=state)
    assert usable(chart) == []
    assert queries.among([approval]) == []
    with pytest.raises(RuleViolation):
        consume(chart)


def test_another_organisation_another_operation_or_subject_is_not_usable(chart):
    foreign = World.build()
    other = foreign.account(dept="lab")
    grant(
        chart,
        organisation_id=foreign.organisation.pk,
        requested_by=other,
        requester=other.person,
    )
    grant(chart, operation="print_run")
    grant(chart, subject_id="8")
    grant(chart, subject_type="carriers.copy")
    assert usable(chart) == []
    assert usable(chart, org=foreign.organisation.pk) != []
    with pytest.raises(RuleViolation):
        consume(chart)


def test_granted_lists_the_approvals_to_pick_from_whatever_their_parameters(chart):
    """A page offering approvals whose parameters the approval chooses (a repair's vendor)
    reads them all; narrowed by operation and subject when given."""
    org = chart.requester.person.organisation_id
    one, two = grant(chart), grant(chart, params={"level": 2})
    printing = grant(chart, operation="print_run", subject_id="8")
    assert list(queries.granted(org, "sign_off", SUBJECT)) == [one, two]
    assert list(queries.granted(org, "print_run")) == [printing]
    assert list(queries.granted(org)) == [one, two, printing]
    assert [r for r in queries.granted(org, "sign_off") if queries.same_params(r, PARAMS)] == [one]


def test_among_asks_the_database_again(chart):
    """Requests a page read earlier are usable only as the database says now: one used or
    withdrawn in between is left out; the operation narrows them."""
    one, two = grant(chart), grant(chart, operation="print_run")
    read = [one, two]
    assert queries.among(read) == [one, two]
    assert queries.among(read, "print_run") == [two]
    consume(chart)
    assert one.state == State.GRANTED  # the page's copy is stale ...
    assert queries.among(read) == [two]  # ... the database is not
    assert queries.among([]) == []
