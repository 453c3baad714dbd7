from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from baomi.access.roles import Role
from baomi.accounts.models import Account
from baomi.org import operations as org
from tests.factories import World


@dataclass
class Chart:
    """The org chart approvals resolve against: root ─ office (general office) ─ tech ─ lab.
    tech has a head and a leader in charge, lab has neither; root has a head; the general
    office's head is the office director; the organisation has a head."""

    world: World
    requester: Account  # staff in lab
    tech_head: Account
    in_charge: Account
    root_head: Account
    director: Account
    org_head: Account


def leader(world: World, dept: str, rank: str) -> Account:
    return world.account(Role.LEADER, dept=dept, rank=rank)


@pytest.fixture
def chart(world: World) -> Chart:
    accounts: dict[str, Any] = {
        "requester": world.account(Role.STAFF, dept="lab"),
        "tech_head": leader(world, "tech", "manager"),
        "in_charge": leader(world, "root", "supervisor"),
        "root_head": leader(world, "root", "general_manager"),
        "director": leader(world, "office", "director"),
        "org_head": leader(world, "root", "board"),
    }
    d = world.departments
    for dept, head, in_charge in [
        ("tech", "tech_head", "in_charge"),
        ("root", "root_head", None),
        ("office", "director", None),
    ]:
        org.set_department_leaders(
            actor=None,
            department_id=d[dept].pk,
            head_id=accounts[head].person.pk,
            leader_in_charge_id=accounts[in_charge].person.pk if in_charge else None,
        )
    org.set_organisation_head(
        actor=None,
        organisation_id=world.organisation.pk,
        person_id=accounts["org_head"].person.pk,
    )
    return Chart(world=world, **accounts)
