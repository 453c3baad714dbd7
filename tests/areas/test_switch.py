"""AREA-ACCESS's switch scenario, in the shape of the SCENARIOS of
``tests/rulebook/test_switches.py``, where it is registered: the very same entry is refused
while the rule is in force and logged once the security officer switches it off."""

from __future__ import annotations

from baomi.access.roles import Role
from baomi.areas.models import AreaEntry, AreaKind
from baomi.areas.operations import access as ops
from baomi.areas.operations import areas as area_ops
from baomi.core.levels import Clearance, Level
from baomi.org import operations as org
from tests.factories import World


def entry_without_permission(world: World):
    """AREA-ACCESS: the keeper logs a cleared person not assigned to the archive room, with
    no approval asked ahead and no permission given on the spot."""
    officer = world.account(Role.SECURITY_OFFICER, dept="root", clearance=Clearance.CORE)
    head = world.account(Role.LEADER, dept="office", rank="manager", clearance=Clearance.CORE)
    org.set_department_leaders(
        actor=None,
        department_id=world.departments["office"].pk,
        head_id=head.person_id,
        leader_in_charge_id=None,
    )
    keeper = world.account(Role.STAFF, dept="office", clearance=Clearance.IMPORTANT)
    entrant = world.account(Role.STAFF, clearance=Clearance.CORE)
    area = area_ops.register_area(
        actor=officer,
        name="档案室",
        kind=AreaKind.ARCHIVE_ROOM,
        level=Level.SECRET,
        department_id=world.departments["office"].pk,
        keeper_id=keeper.person_id,
        location="305",
        measures="",
    )

    def call():
        return ops.log_entry(
            actor=keeper, area_id=area.pk, person_id=entrant.person_id, purpose="查阅档案"
        )

    def done(entry: AreaEntry) -> bool:
        return (
            entry.person_id == entrant.person_id
            and entry.approval_id is None
            and entry.granted_by_id is None
            and entry.left_at is None
        )

    return call, done
