"""Who must approve: the rulebook's approver keys resolved against the org chart."""

from __future__ import annotations

import pytest
from django.utils import translation

from baomi.access.roles import Role
from baomi.approvals.approvers import resolve
from baomi.core.errors import RuleViolation
from baomi.org import operations as org
from baomi.org.models import Employment, StaffRole


def approvers(chart, *kinds, requester=None, **explicit):
    person = (requester or chart.requester).person
    return [p for _kind, p in resolve("COPY-APPROVE", list(kinds), person, explicit)]


def refused_for(chart, kind, requester=None):
    with pytest.raises(RuleViolation) as exc:
        approvers(chart, kind, requester=requester)
    assert exc.value.rule_id == "COPY-APPROVE"
    return exc.value


def test_the_department_head_is_found_walking_up(chart):
    """lab has no head: its parent tech's head approves; once lab has one, lab's does."""
    assert approvers(chart, "department_head") == [chart.tech_head.person]
    lab_head = chart.world.person(dept="lab", rank="manager")
    org.set_department_leaders(
        actor=None,
        department_id=chart.world.departments["lab"].pk,
        head_id=lab_head.pk,
        leader_in_charge_id=None,
    )
    assert approvers(chart, "department_head") == [lab_head]


def test_a_head_who_left_is_skipped(chart):
    gone = chart.tech_head.person
    gone.employment = Employment.LEFT
    gone.save(update_fields=["employment"])
    assert approvers(chart, "department_head") == [chart.root_head.person]


def test_nobody_approves_their_own_request(chart):
    """A department head's request goes to the head above them."""
    assert approvers(chart, "department_head", requester=chart.tech_head) == [
        chart.root_head.person
    ]


def test_the_organisation_head_cannot_approve_their_own_request(chart):
    """Where the org chart names the requester themselves, the request is refused with the
    rule: nobody approves their own request."""
    with translation.override("en"):
        error = refused_for(chart, "organisation_head", requester=chart.org_head)
    assert "own request" in error.message


def test_leader_in_charge_organisation_head_and_office_director(chart):
    assert approvers(chart, "leader_in_charge", "organisation_head", "office_director") == [
        chart.in_charge.person,
        chart.org_head.person,
        chart.director.person,
    ]


def test_the_head_of_the_security_office_is_the_appointed_one(chart):
    refused_for(chart, "security_office_head")
    head = chart.world.person(dept="office")
    org.appoint(actor=None, person_id=head.pk, role=StaffRole.OFFICE_HEAD)
    assert approvers(chart, "security_office_head") == [head]


def test_explicit_approvers_come_first(chart):
    issuer = chart.world.person(rank="board")
    assert approvers(chart, "issuer", issuer=issuer) == [issuer]


@pytest.mark.parametrize(
    "kind",
    [
        "department_head",
        "leader_in_charge",
        "organisation_head",
        "office_director",
        "issuer",
        "nobody",
    ],
)
def test_a_missing_approver_is_refused_with_the_rule(world, kind):
    """An org chart that names nobody for a key refuses with the rule that needs approval."""
    alone = world.account(Role.STAFF, dept="lab")
    with pytest.raises(RuleViolation) as exc:
        resolve("DESTROY-APPROVE", [kind], alone.person)
    assert exc.value.rule_id == "DESTROY-APPROVE"
