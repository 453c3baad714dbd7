"""The budget's policies (``baomi.budget.policies``) held to a brute-force oracle over random
worlds of two organisations (tests/access/people.py), written directly to the database inside a
savepoint rolled back afterwards. The oracle restates who reads the budget from the generated
data alone:

- the security office (the security officer's role, the account active, the password its own)
  knows every budget, line and expense of its organisation;
- the head of the organisation, knowing as their person (a knowing role, the account active,
  the person employed, the password their own), reads them too;
- nobody else, and nobody of another organisation."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from baomi.access.roles import Role
from baomi.budget.models import Budget, BudgetLine, Expense
from baomi.budget.policies import BUDGETS, EXPENSES, LINES
from tests.access.people import (
    PROPERTY,
    People,
    PersonSpec,
    build_people,
    in_rolled_back_world,
    knows_as_person,
    person_specs,
    security_officer,
)


@dataclass
class WorldSpec:
    people: list[PersonSpec]
    heads: list[int | None]  # per organisation: index into the people, or none
    budgets: list[int]  # the organisation of each budget (one line, one expense each)


@st.composite
def worlds(draw: st.DrawFn) -> WorldSpec:
    people = draw(person_specs())
    head = st.none() | st.integers(0, len(people) - 1)
    return WorldSpec(
        people,
        [draw(head), draw(head)],
        draw(st.lists(st.sampled_from([0, 0, 1]), min_size=1, max_size=3)),
    )


@dataclass
class Built:
    spec: WorldSpec
    who: People
    budgets: list[Budget]
    lines: list[BudgetLine]
    expenses: list[Expense]


def build(spec: WorldSpec) -> Built:
    who = build_people(spec.people)
    for org, head in zip(who.orgs, spec.heads, strict=True):
        org.head = who.people[head] if head is not None else None
        org.save(update_fields=["head"])
    budgets, lines, expenses = [], [], []
    for k, org in enumerate(spec.budgets):
        organisation = who.orgs[org]
        budget = Budget.objects.create(organisation=organisation, year=2000 + k)
        line = BudgetLine.objects.create(
            organisation=organisation,
            budget=budget,
            part="special",
            category="technical",
            description="技防",
            planned=Decimal("100.00"),
        )
        expense = Expense.objects.create(
            organisation=organisation,
            line=line,
            year=budget.year,
            spent_on=datetime.date(budget.year, 3, 1),
            amount=Decimal("1.00"),
            purpose="工具",
            voucher=f"V{k}",
        )
        budgets.append(budget)
        lines.append(line)
        expenses.append(expense)
    return Built(spec, who, budgets, lines, expenses)


def reads(spec: WorldSpec, i: int, org: int) -> bool:
    me = spec.people[i]
    if me.org != org:
        return False
    if security_officer(me):
        return True
    return spec.heads[org] == i and knows_as_person(me) and not me.must_change


_R = Role
EVERY_CASE = example(
    spec=WorldSpec(
        people=[
            PersonSpec(0, 0, _R.SECURITY_OFFICER, True, True, False),  # 0 the office
            PersonSpec(1, 0, _R.SECURITY_OFFICER, True, True, False),  # 1 the other office
            PersonSpec(0, 1, _R.LEADER, True, True, False),  # 2 the head
            PersonSpec(0, 1, _R.LEADER, True, True, False),  # 3 a leader, not the head
            PersonSpec(0, 0, _R.SECURITY_OFFICER, True, True, True),  # 4 password not own
            PersonSpec(0, 0, _R.CLERK, True, True, False),  # 5 the clerk
            PersonSpec(0, 0, _R.AUDITOR, True, True, False),  # 6 the auditor
            PersonSpec(0, 0, _R.SYSADMIN, True, True, False),  # 7 the system administrator
            PersonSpec(1, 0, _R.STAFF, False, True, False),  # 8 the other head, has left
            PersonSpec(0, 0, _R.SECURITY_OFFICER, True, False, False),  # 9 deactivated
        ],
        heads=[2, 8],
        budgets=[0, 1, 0],
    )
)
HEAD_MUST_CHANGE = example(
    spec=WorldSpec(
        people=[
            PersonSpec(0, 0, _R.LEADER, True, True, True),  # the head, password not own
            PersonSpec(0, 0, _R.STAFF, True, False, False),  # a deactivated head elsewhere
            PersonSpec(1, 0, _R.STAFF, True, False, False),
        ],
        heads=[0, 2],
        budgets=[0, 1],
    )
)


@pytest.mark.django_db
@PROPERTY
@EVERY_CASE
@HEAD_MUST_CHANGE
@given(spec=worlds())
def test_the_budget_policies_equal_the_oracle__BUDGET(spec: WorldSpec) -> None:
    """``known``, ``may_know`` and the oracle agree for every account and every kind."""

    def check(world: Built) -> None:
        s = world.spec
        for i, account in enumerate(world.who.accounts):
            expected = {k for k, org in enumerate(s.budgets) if reads(s, i, org)}
            for policy, items in (
                (BUDGETS, world.budgets),
                (LINES, world.lines),
                (EXPENSES, world.expenses),
            ):
                known = set(policy.known(account).values_list("pk", flat=True))
                admitted = {x.pk for x in items if policy.may_know(account, x)}
                wanted = {items[k].pk for k in expected}
                assert known == admitted == wanted, (i, policy.model, known, admitted, wanted)

    in_rolled_back_world(build, spec, check)
