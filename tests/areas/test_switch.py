"""AREA-ACCESS's switch scenario, in the shape of the SCENARIOS of
``tests/rulebook/test_switches.py``, where it is registered: the very same entry is refused
while the rule is in force and logged once the security officer switches it off."""

from __future__ import annotations

import datetime

from django.utils import timezone

from baomi.access.roles import Role
from baomi.approvals.models import State as ApprovalState
from baomi.areas.models import AreaEntry, AreaKind
from baomi.areas.operations import access as ops
from baomi.areas.operations import areas as area_ops
from baomi.core.levels import Clearance, Level
from baomi.org import operations as org
from baomi.rulebook.operations import set_rule
from tests.areas.test_access import Site, ask, log
from tests.areas.test_access import site as site
from tests.factories import World, audit_events


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


# An entry logged using no approval withdraws the requests still pending for it.


def test_an_entry_with_the_rule_off_withdraws_the_request_asked_ahead__AREA_ACCESS(site: Site):
    asked = ask(site)
    other_day = ask(site, day=timezone.localdate() + datetime.timedelta(days=1))
    other_person = ask(site, person_id=site.staff.person_id)
    set_rule(actor=site.officer, rule_id="AREA-ACCESS", enabled=False)
    entry = log(site)
    assert entry.approval_id is None
    for request in (asked, other_day, other_person):
        request.refresh_from_db()
    assert asked.state == ApprovalState.WITHDRAWN
    # Only the request for exactly this area, entrant and day.
    assert other_day.state == other_person.state == ApprovalState.PENDING
    assert audit_events("areas.entry_logged")[-1]["data"]["withdrawn"] == [asked.pk]


def test_an_entry_granted_on_the_spot_withdraws_the_request_asked_ahead__AREA_ACCESS(
    site: Site,
):
    asked = ask(site)
    entry = log(site, on_the_spot=True)
    assert entry.granted_by_id == site.keeper.person_id
    asked.refresh_from_db()
    assert asked.state == ApprovalState.WITHDRAWN
