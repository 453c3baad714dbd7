"""The access log of the secure areas (AREA-ACCESS): permission asked ahead (an approval of the
area's department head pinning area, entrant and day, used when the entry is logged) or
granted on the spot by the keeper logging it; visitors and people not cleared for the level
enter escorted by the keeper or an assigned person; assigned people enter without anything
logged; nobody logs their own entry; the exit; the deadlines at the end of the day."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

import pytest
from django.utils import timezone

from baomi.access.roles import Role
from baomi.accounts.models import Account
from baomi.approvals import operations as approvals
from baomi.approvals.models import ApprovalRequest
from baomi.approvals.models import State as ApprovalState
from baomi.areas.deadlines.access import access_due
from baomi.areas.models import AreaKind, IdKind, SecureArea, Visitor
from baomi.areas.operations import access as ops
from baomi.areas.operations import areas as area_ops
from baomi.areas.operations import visitors as visitor_ops
from baomi.areas.queries import access as queries
from baomi.core.errors import AccessDenied, Conflict, InvalidInput, NotFound, RuleViolation
from baomi.core.levels import Clearance, Level
from baomi.org import operations as org
from baomi.seams.deadlines import end_of_day
from tests.factories import World, audit_events

TODAY = timezone.localdate
ID_CARD = "110105198003071234"


@dataclass
class Site:
    world: World
    officer: Account  # the security office (MANAGE_AREAS)
    head: Account  # the head of the office department, which owns the area
    keeper: Account  # keeps the area (a staff account)
    assigned: Account  # assigned to the area
    staff: Account  # general clearance, of tech: not assigned
    core: Account  # core clearance, of tech: not assigned
    area: SecureArea  # SECRET, of the office department


@pytest.fixture
def site(world: World) -> Site:
    officer = world.account(Role.SECURITY_OFFICER, dept="root", clearance=Clearance.CORE)
    head = world.account(Role.LEADER, dept="office", rank="manager", clearance=Clearance.CORE)
    org.set_department_leaders(
        actor=None,
        department_id=world.departments["office"].pk,
        head_id=head.person_id,
        leader_in_charge_id=None,
    )
    keeper = world.account(Role.STAFF, dept="office", clearance=Clearance.IMPORTANT)
    assigned = world.account(Role.STAFF, dept="office", clearance=Clearance.IMPORTANT)
    staff = world.account(Role.STAFF, clearance=Clearance.GENERAL)
    core = world.account(Role.STAFF, clearance=Clearance.CORE)
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
    area_ops.assign(actor=officer, area_id=area.pk, person_id=assigned.person_id)
    return Site(world, officer, head, keeper, assigned, staff, core, area)


def visitor(site: Site, **kw: Any) -> Visitor:
    kw.setdefault("name", "李卫东")
    kw.setdefault("id_kind", IdKind.ID_CARD)
    kw.setdefault("id_number", ID_CARD)
    kw.setdefault("unit", "市国家保密局")
    kw.setdefault("host_id", site.officer.person_id)
    kw.setdefault("purpose", "检查")
    return visitor_ops.register_visitor(actor=site.officer, **kw)


def ask(site: Site, actor: Any = None, **kw: Any) -> ApprovalRequest:
    kw.setdefault("area_id", site.area.pk)
    kw.setdefault("day", TODAY())
    kw.setdefault("purpose", "查阅档案")
    if "visitor_id" not in kw:
        kw.setdefault("person_id", site.core.person_id)
    return ops.request_entry(actor=actor or site.officer, **kw)


def grant(request: ApprovalRequest) -> None:
    for step in request.steps.order_by("order"):
        approvals.decide(
            actor=Account.objects.get(person=step.approver), request_id=request.pk, approve=True
        )


def log(site: Site, actor: Any = None, **kw: Any):
    kw.setdefault("area_id", site.area.pk)
    kw.setdefault("purpose", "查阅档案")
    if "visitor_id" not in kw:
        kw.setdefault("person_id", site.core.person_id)
    return ops.log_entry(actor=actor or site.keeper, **kw)


# Asked ahead -----------------------------------------------------------------------------------


def test_asking_ahead_goes_to_the_head_of_the_areas_department__AREA_ACCESS(site):
    request = ask(site)
    assert (request.rule_id, request.operation) == ("AREA-ACCESS", "areas.enter")
    assert (request.subject_type, request.subject_id) == ("areas.securearea", str(site.area.pk))
    assert request.params == {
        "area_id": site.area.pk,
        "person_id": site.core.person_id,
        "day": TODAY().isoformat(),
    }
    assert [s.approver_id for s in request.steps.all()] == [site.head.person_id]
    assert audit_events("areas.entry_requested")[-1]["data"]["approval_id"] == request.pk


def test_the_person_entering_asks_for_themselves_but_not_for_another__AREA_ACCESS(site):
    assert ask(site, site.core).requester_id == site.core.person_id
    with pytest.raises(AccessDenied):
        ask(site, site.staff)


def test_an_assigned_person_needs_no_permission_nothing_to_ask__AREA_ACCESS(site):
    with pytest.raises(InvalidInput) as refused:
        ask(site, person_id=site.assigned.person_id)
    assert refused.value.field == "person_id"


def test_a_day_in_the_past_or_too_far_ahead_is_refused__AREA_ACCESS(site):
    for day in (TODAY() - datetime.timedelta(days=1), TODAY() + datetime.timedelta(days=400)):
        with pytest.raises(InvalidInput) as refused:
            ask(site, day=day)
        assert refused.value.field == "day"


def test_the_approved_entry_is_logged_once_under_its_approval__AREA_ACCESS(site):
    request = ask(site)
    grant(request)
    entry = log(site)
    assert entry.approval_id == request.pk and entry.granted_by_id is None
    request.refresh_from_db()
    assert request.state == ApprovalState.CONSUMED
    ops.log_exit(actor=site.keeper, entry_id=entry.pk)
    with pytest.raises(RuleViolation) as refused:
        log(site)
    assert refused.value.rule_id == "AREA-ACCESS"


def test_an_entry_without_permission_is_refused__AREA_ACCESS(site):
    ask(site)  # asked, not yet approved
    with pytest.raises(RuleViolation) as refused:
        log(site)
    assert refused.value.rule_id == "AREA-ACCESS"
    assert "AREA-ACCESS" in str(audit_events("operation.refused")[-1])


def test_an_approval_for_another_day_or_person_covers_nothing__AREA_ACCESS(site):
    grant(ask(site, day=TODAY() + datetime.timedelta(days=1)))
    grant(ask(site, person_id=site.staff.person_id))
    with pytest.raises(RuleViolation) as refused:
        log(site)
    assert refused.value.rule_id == "AREA-ACCESS"


# On the spot -----------------------------------------------------------------------------------


def test_the_keeper_grants_entry_on_the_spot_logging_it__AREA_ACCESS(site):
    entry = log(site, on_the_spot=True)
    assert entry.granted_by_id == site.keeper.person_id and entry.approval_id is None
    assert queries.permission_text(entry)


def test_only_the_keeper_grants_on_the_spot_not_the_office__AREA_ACCESS(site):
    with pytest.raises(RuleViolation) as refused:
        log(site, site.officer, on_the_spot=True)
    assert refused.value.rule_id == "AREA-ACCESS"


def test_someone_neither_keeper_nor_office_logs_nothing__AREA_ACCESS(site):
    with pytest.raises(AccessDenied):
        log(site, site.assigned, on_the_spot=True)


def test_nobody_logs_their_own_entry__ROLE_SEPARATION(site):
    with pytest.raises(RuleViolation) as refused:
        log(site, site.officer, person_id=site.officer.person_id)
    assert refused.value.rule_id == "ROLE-SEPARATION"


def test_an_assigned_person_enters_without_anything_logged__AREA_ACCESS(site):
    for person_id in (site.assigned.person_id, site.keeper.person_id):
        with pytest.raises(InvalidInput) as refused:
            log(site, site.officer, person_id=person_id)
        assert refused.value.field == "person_id"


# Escorts ---------------------------------------------------------------------------------------


def test_a_visitor_enters_only_escorted__AREA_ACCESS(site):
    guest = visitor(site)
    with pytest.raises(RuleViolation) as refused:
        log(site, visitor_id=guest.pk, on_the_spot=True)
    assert refused.value.rule_id == "AREA-ACCESS"
    entry = log(site, visitor_id=guest.pk, on_the_spot=True, escort_id=site.assigned.person_id)
    assert entry.escort_id == site.assigned.person_id and entry.visitor_id == guest.pk


def test_the_escort_keeps_the_area_or_is_assigned_to_it__AREA_ACCESS(site):
    guest = visitor(site)
    with pytest.raises(RuleViolation) as refused:
        log(site, visitor_id=guest.pk, on_the_spot=True, escort_id=site.staff.person_id)
    assert refused.value.rule_id == "AREA-ACCESS"
    entry = log(site, visitor_id=guest.pk, on_the_spot=True, escort_id=site.keeper.person_id)
    assert entry.escort_id == site.keeper.person_id


def test_a_person_below_the_areas_level_enters_only_escorted__AREA_ACCESS(site):
    with pytest.raises(RuleViolation) as refused:
        log(site, person_id=site.staff.person_id, on_the_spot=True)
    assert refused.value.rule_id == "AREA-ACCESS"
    entry = log(
        site, person_id=site.staff.person_id, on_the_spot=True, escort_id=site.assigned.person_id
    )
    assert entry.escort_id == site.assigned.person_id


def test_a_signed_out_visitor_enters_nowhere__AREA_ACCESS(site):
    guest = visitor(site)
    visitor_ops.sign_out_visitor(actor=site.officer, visitor_id=guest.pk)
    with pytest.raises(InvalidInput) as refused:
        log(site, visitor_id=guest.pk, on_the_spot=True, escort_id=site.keeper.person_id)
    assert refused.value.field == "visitor_id"


def test_a_visitor_entry_asked_ahead_by_the_host__AREA_ACCESS(site):
    guest = visitor(site)
    request = ask(site, site.officer, visitor_id=guest.pk)
    assert request.params["visitor_id"] == guest.pk
    grant(request)
    entry = log(site, visitor_id=guest.pk, escort_id=site.keeper.person_id)
    assert entry.approval_id == request.pk


# Exit ------------------------------------------------------------------------------------------


def test_the_exit_is_logged_once_not_before_the_entry__AREA_ACCESS(site):
    entry = log(site, on_the_spot=True)
    with pytest.raises(Conflict):
        log(site, on_the_spot=True)  # already inside
    with pytest.raises(InvalidInput) as refused:
        ops.log_exit(
            actor=site.keeper,
            entry_id=entry.pk,
            left_at=entry.entered_at - datetime.timedelta(minutes=5),
        )
    assert refused.value.field == "left_at"
    done = ops.log_exit(actor=site.keeper, entry_id=entry.pk)
    assert done.left_at >= done.entered_at
    with pytest.raises(Conflict):
        ops.log_exit(actor=site.keeper, entry_id=entry.pk)


def test_an_entry_of_another_organisation_is_not_found__AREA_ACCESS(site):
    entry = log(site, on_the_spot=True)
    other = World.build()
    stranger = other.account(Role.SECURITY_OFFICER, clearance=Clearance.CORE)
    with pytest.raises(NotFound):
        ops.log_exit(actor=stranger, entry_id=entry.pk)
    with pytest.raises(NotFound):
        ops.log_exit(actor=site.assigned, entry_id=entry.pk)


def test_a_visitor_inside_an_area_is_not_signed_out__AREA_ACCESS(site):
    guest = visitor(site)
    entry = log(site, visitor_id=guest.pk, on_the_spot=True, escort_id=site.keeper.person_id)
    with pytest.raises(Conflict):
        visitor_ops.sign_out_visitor(actor=site.officer, visitor_id=guest.pk)
    ops.log_exit(actor=site.keeper, entry_id=entry.pk)
    assert visitor_ops.sign_out_visitor(actor=site.officer, visitor_id=guest.pk).left_at


# Reads and deadlines ---------------------------------------------------------------------------


def test_the_keeper_reads_the_entries_of_their_areas_only__AREA_ACCESS(site):
    entry = log(site, on_the_spot=True)
    assert list(queries.entries(site.keeper)) == [entry]
    assert list(queries.entries(site.officer)) == [entry]
    assert list(queries.entries(site.staff)) == []
    assert list(queries.entries(site.assigned)) == []


def test_today_approved_entries_show_to_the_keeper__AREA_ACCESS(site):
    request = ask(site)
    assert queries.approved_ahead(site.keeper) == []
    grant(request)
    assert [r.pk for r in queries.approved_ahead(site.keeper)] == [request.pk]


def test_a_visitor_and_an_entry_are_due_out_by_the_end_of_the_day__AREA_ACCESS(site):
    guest = visitor(site)
    entry = log(site, visitor_id=guest.pk, on_the_spot=True, escort_id=site.keeper.person_id)
    found = access_due(site.world.organisation.pk, timezone.now())
    kinds = {(d.subject_type, d.subject_id): d for d in found}
    due = end_of_day(timezone.localdate(guest.arrived_at))
    assert kinds[("areas.visitor", guest.pk)].due_at == due
    assert kinds[("areas.areaentry", entry.pk)].person_id == site.keeper.person_id
    ops.log_exit(actor=site.keeper, entry_id=entry.pk)
    visitor_ops.sign_out_visitor(actor=site.officer, visitor_id=guest.pk)
    assert access_due(site.world.organisation.pk, timezone.now()) == []
