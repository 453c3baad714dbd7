"""An organisation whose equipment ledger is kept: the security officer (who keeps the ledger,
MANAGE_DEVICES), the office director as head of the general office (who approves what
MEDIA-TAINT and the like need), and custodians in two departments."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Any

import pytest

from baomi.access.roles import Role
from baomi.accounts.models import Account
from baomi.core.levels import Clearance
from baomi.devices.models import Asset
from baomi.devices.operations import ledger as ops
from baomi.org import operations as org
from tests.factories import World

_numbers = itertools.count(1)


@dataclass
class Ledger:
    world: World
    officer: Account  # security officer of the general office: keeps the ledger
    director: Account  # head of the general office (办公室主任)
    tech: list[Account]  # two cleared custodians of the tech department
    office: Account  # a cleared custodian of the general office
    stranger: Account  # staff of the tech department who keeps nothing

    def register(self, **kw: Any) -> Asset:
        """A registered asset (a desktop kept by the first tech custodian by default)."""
        kw.setdefault("type", "desktop")
        kw.setdefault("number", f"JSJ-{next(_numbers):04d}")
        kw.setdefault("custodian_id", self.tech[0].person_id)
        return ops.register_asset(actor=kw.pop("actor", self.officer), **kw)


@pytest.fixture
def ledger(world: World) -> Ledger:
    core = Clearance.CORE
    officer = world.account(Role.SECURITY_OFFICER, dept="office", clearance=core, name="周保密")
    director = world.account(
        Role.LEADER, dept="office", rank="director", clearance=core, name="李主任"
    )
    tech = [
        world.account(Role.STAFF, dept="tech", clearance=Clearance.IMPORTANT, name=name)
        for name in ("张一", "张二")
    ]
    office = world.account(Role.CLERK, dept="office", clearance=core, name="王机要")
    stranger = world.account(Role.STAFF, dept="tech", clearance=Clearance.GENERAL, name="赵三")
    org.set_department_leaders(
        actor=None,
        department_id=world.departments["office"].pk,
        head_id=director.person_id,
        leader_in_charge_id=None,
    )
    return Ledger(world, officer, director, tech, office, stranger)
