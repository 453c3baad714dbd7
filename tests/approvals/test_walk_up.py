"""Where the org chart names nobody for an approver key, the request walks up the chart to a
higher leader (a department head's part to the leader in charge, then the head of the
organisation); the keys the rules name for their function or person never walk; where there
is still nobody, the refusal says which post to fill and on which page."""

from __future__ import annotations

import pytest
from django.utils import translation

from baomi.access.roles import Role
from baomi.approvals import operations
from baomi.approvals.approvers import resolve
from baomi.approvals.models import Decision, State
from baomi.core.errors import RuleViolation
from baomi.org import operations as org
from tests.factories import World


def set_leaders(world: World, dept: str, head=None, in_charge=None) -> None:
    org.set_department_leaders(
        actor=None,
        department_id=world.departments[dept].pk,
        head_id=head.pk if head else None,
        leader_in_charge_id=in_charge.pk if in_charge else None,
    )


def set_head(world: World, person) -> None:
    org.set_organisation_head(
        actor=None, organisation_id=world.organisation.pk, person_id=person.pk
    )


def refused(rule_id, kinds, requester):
    with translation.override("en"), pytest.raises(RuleViolation) as exc:
        resolve(rule_id, kinds, requester)
    assert exc.value.rule_id == rule_id
    return exc.value.message


def test_no_department_head_walks_up_to_the_leader_in_charge__LOAN_APPROVE(world):
    """LOAN-APPROVE: "the leaders of the borrowing side" — the leader in charge is one."""
    borrower = world.person(dept="lab")
    in_charge = world.person(dept="root", rank="supervisor")
    set_leaders(world, "tech", in_charge=in_charge)
    assert resolve("LOAN-APPROVE", ["department_head"], borrower) == [
        ("department_head", in_charge)
    ]


def test_then_to_the_head_of_the_organisation__HANDOVER(world):
    giver = world.person(dept="lab")
    head = world.person(dept="root", rank="board")
    set_head(world, head)
    assert resolve("HANDOVER", ["department_head", "leader_in_charge"], giver) == [
        ("department_head", head),
        ("leader_in_charge", head),
    ]


def test_nobody_to_walk_up_to_says_which_post_to_fill_and_where__LOAN_APPROVE(world):
    borrower = world.person(dept="lab")
    message = refused("LOAN-APPROVE", ["department_head"], borrower)
    assert world.departments["lab"].name in message
    assert "/organisation/" in message and "Organisation" in message


def test_walking_up_never_reaches_the_requester__HANDOVER(world):
    """The head of the organisation, in a department without a head, does not approve their
    own hand-over: nobody else is left, so the post to fill is named."""
    head = world.person(dept="lab", rank="board")
    set_head(world, head)
    message = refused("HANDOVER", ["department_head"], head)
    assert world.departments["lab"].name in message


def test_the_head_of_the_organisation_is_not_stood_in_for__CARRY_APPROVE(world):
    """CARRY-APPROVE names the head of the organisation for a TOP_SECRET item: nobody stands
    in, whoever else the chart names."""
    person = world.person(dept="lab")
    set_leaders(world, "lab", head=world.person(dept="lab", rank="manager"))
    set_leaders(world, "tech", in_charge=world.person(dept="root", rank="supervisor"))
    message = refused("CARRY-APPROVE", ["organisation_head"], person)
    assert "head of the organisation" in message and "/organisation/" in message


def test_the_office_director_is_not_stood_in_for__ARCH_ACCESS(world):
    """ARCH-ACCESS names the office director's approval (the general office keeps the
    archives): a leader in charge or the head does not stand in."""
    person = world.person(dept="lab")
    set_leaders(world, "tech", in_charge=world.person(dept="root", rank="supervisor"))
    set_head(world, world.person(dept="root", rank="board"))
    message = refused("ARCH-ACCESS", ["office_director"], person)
    assert "general office" in message and "/organisation/" in message


def test_a_missing_head_of_the_security_office_points_to_the_security_staff_page(world):
    message = refused("MEDIA-TAINT", ["security_office_head"], world.person(dept="lab"))
    assert "/security-staff/" in message


def test_the_issuer_is_not_stood_in_for__CLS_NO_WIDEN(world):
    person = world.person(dept="lab")
    set_head(world, world.person(dept="root", rank="board"))
    with pytest.raises(RuleViolation) as exc:
        resolve("CLS-NO-WIDEN", ["issuer"], person, {"issuer": None})
    assert exc.value.rule_id == "CLS-NO-WIDEN"


def test_a_stand_in_asked_twice_in_a_row_approves_once__DRAFT_CHAIN(world):
    """lab has no head: its leader in charge reviews for the department head and as leader in
    charge; their one approval is given at both steps, then the head signs off."""
    requester = world.account(Role.STAFF, dept="lab")
    in_charge = world.account(Role.LEADER, dept="root", rank="supervisor")
    head = world.account(Role.LEADER, dept="root", rank="board")
    set_leaders(world, "tech", in_charge=in_charge.person)
    set_head(world, head.person)
    request = operations.open_request(
        actor=requester,
        rule_id="DRAFT-CHAIN",
        operation_name="sign_off",
        subject=("carriers.document", 1),
        params={"level": 2, "term_years": 10},
    )
    assert [s.approver for s in request.steps.all()] == [
        in_charge.person,
        in_charge.person,
        head.person,
    ]
    operations.decide(actor=in_charge, request_id=request.pk, approve=True)
    steps = list(request.steps.all())
    assert [s.decision for s in steps] == [Decision.APPROVED, Decision.APPROVED, Decision.PENDING]
    request = operations.decide(actor=head, request_id=request.pk, approve=True)
    assert request.state == State.GRANTED
