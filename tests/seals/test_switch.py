"""SEAL-LOG's switch scenario (a use logged with no approval), in the shape of the SCENARIOS
of ``tests/rulebook/test_switches.py``, where it belongs as
``SCENARIOS["SEAL-LOG"] = use_without_approval``."""

from __future__ import annotations

from baomi.access.roles import Role
from baomi.core.levels import Clearance
from baomi.org import operations as org
from baomi.seals.models import SealKind, SealUse, UseState
from baomi.seals.operations import seals as ops
from tests.factories import World


def use_without_approval(world: World):
    """SEAL-LOG: the keeper logs a use of the official seal nobody approved."""
    clerk = world.account(Role.CLERK, dept="office", clearance=Clearance.IMPORTANT)
    director = world.account(
        Role.LEADER, dept="office", rank="manager", clearance=Clearance.IMPORTANT
    )
    boss = world.account(Role.LEADER, dept="root", rank="director", clearance=Clearance.CORE)
    org.set_department_leaders(
        actor=None,
        department_id=world.departments["office"].pk,
        head_id=director.person_id,
        leader_in_charge_id=boss.person_id,
    )
    staff = world.account(Role.STAFF, clearance=Clearance.GENERAL)
    seal = ops.register_seal(
        actor=clerk, name="公章", kind=SealKind.OFFICIAL, keeper_id=clerk.person_id
    )
    use = ops.request_use(actor=staff, seal_id=seal.pk, document="报告", impressions=1)

    def call():
        return ops.log_use(actor=clerk, use_id=use.pk)

    def done(logged: SealUse) -> bool:
        return logged.state == UseState.USED and logged.used_at is not None

    return call, done
