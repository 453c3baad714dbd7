"""The list of key secure areas (要害部门部位, AREA-LIST): registering with a keeper cleared
for the level, changing, handing the key over, assigning and ending, taking out of use;
nobody keeps or is assigned on their own say (ROLE-SEPARATION); the keeper's key is a holding
(HANDOVER)."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from baomi.access.roles import Role
from baomi.areas.models import AreaAssignment, AreaKind, SecureArea
from baomi.areas.operations import areas as ops
from baomi.areas.queries import areas as queries
from baomi.core.errors import AccessDenied, Conflict, InvalidInput, NotFound, RuleViolation
from baomi.core.levels import Clearance, Level
from baomi.org import operations as org
from tests.factories import World, audit_events, prepare_leaving

TODAY = timezone.localdate


@pytest.fixture
def officer(world):
    return world.account(Role.SECURITY_OFFICER, dept="office", clearance=Clearance.CORE)


@pytest.fixture
def keeper(world):
    return world.person(dept="office", clearance=Clearance.IMPORTANT, name="杨帆")


def _register(world, officer, keeper, **kw):
    return ops.register_area(
        actor=officer,
        **{
            "name": "档案室",
            "kind": AreaKind.ARCHIVE_ROOM,
            "level": Level.SECRET,
            "department_id": world.departments["office"].pk,
            "keeper_id": keeper.pk,
            "location": "305",
            "measures": "防盗门\n视频监控",
            **kw,
        },
    )


@pytest.fixture
def area(world, officer, keeper):
    return _register(world, officer, keeper)


def test_the_office_registers_an_area_with_its_level_and_keeper__AREA_LIST(
    world, officer, keeper, area
):
    assert (area.organisation_id, area.level, area.keeper_id) == (
        world.organisation.pk,
        Level.SECRET,
        keeper.pk,
    )
    assert area.measures == "防盗门\n视频监控"
    event = audit_events("areas.registered")[-1]
    assert event["data"]["rules"] == ["AREA-LIST"] and event["data"]["keeper"] == keeper.pk


def test_bad_input_names_the_field(world, officer, keeper, area):
    cases = [
        ({"name": "档案室"}, "name"),  # taken in the organisation
        ({"name": ""}, "name"),
        ({"name": "a\x01"}, "name"),
        ({"kind": "garage"}, "kind"),
        ({"level": Level.PUBLIC}, "level"),
        ({"level": 9}, "level"),
        ({"measures": "x" * 2001}, "measures"),
        ({"location": "x" * 201}, "location"),
        ({"department_id": World.build().departments["office"].pk}, "department"),
        ({"keeper_id": World.build().person(clearance=Clearance.CORE).pk}, "keeper"),
    ]
    for bad, field in cases:
        with pytest.raises(InvalidInput) as refused:
            _register(world, officer, keeper, **{"name": "文印室", **bad})
        assert refused.value.field == field, bad


def test_the_same_name_in_another_organisation_is_fine(world, officer, keeper, area):
    other = World.build()
    made = _register(
        other,
        other.account(Role.SECURITY_OFFICER, dept="office", clearance=Clearance.CORE),
        other.person(dept="office", clearance=Clearance.CORE),
    )
    assert made.name == area.name


def test_a_keeper_not_cleared_for_the_level_is_refused_by_name__AREA_LIST(world, officer, keeper):
    general = world.person(clearance=Clearance.GENERAL, name="赵敏")
    with pytest.raises(RuleViolation) as refused:
        _register(world, officer, general)
    assert refused.value.rule_id == "AREA-LIST" and "赵敏" in refused.value.message
    assert not SecureArea.objects.exists()
    # Cleared for a confidential area, the same person keeps it.
    assert _register(world, officer, general, level=Level.CONFIDENTIAL).keeper_id == general.pk


def test_a_keeper_who_has_left_is_refused__AREA_LIST(world, officer):
    gone = world.person(clearance=Clearance.CORE, name="离职者")
    prepare_leaving(gone.pk)
    org.mark_left(actor=None, person_id=gone.pk)
    with pytest.raises(RuleViolation) as refused:
        _register(world, officer, gone)
    assert refused.value.rule_id == "AREA-LIST" and "离职者" in refused.value.message


def test_nobody_keeps_or_assigns_themselves__ROLE_SEPARATION(world, officer, keeper, area):
    with pytest.raises(RuleViolation) as refused:
        _register(world, officer, officer.person, name="机要室")
    assert refused.value.rule_id == "ROLE-SEPARATION"
    with pytest.raises(RuleViolation) as refused:
        ops.change_keeper(actor=officer, area_id=area.pk, keeper_id=officer.person_id)
    assert refused.value.rule_id == "ROLE-SEPARATION"
    with pytest.raises(RuleViolation) as refused:
        ops.assign(actor=officer, area_id=area.pk, person_id=officer.person_id)
    assert refused.value.rule_id == "ROLE-SEPARATION"
    other = world.account(Role.SECURITY_OFFICER, dept="office", clearance=Clearance.CORE)
    assignment = ops.assign(actor=other, area_id=area.pk, person_id=officer.person_id)
    with pytest.raises(RuleViolation) as refused:
        ops.end_assignment(actor=officer, assignment_id=assignment.pk)
    assert refused.value.rule_id == "ROLE-SEPARATION"


def test_only_the_security_office_keeps_the_list(world, keeper, area):
    for role in (Role.STAFF, Role.CLERK, Role.LEADER, Role.SYSADMIN, Role.AUDITOR):
        account = world.account(role, clearance=Clearance.CORE)
        with pytest.raises(AccessDenied):
            _register(world, account, keeper, name="文印室")
        with pytest.raises(AccessDenied):
            ops.deactivate_area(actor=account, area_id=area.pk)


def test_another_organisations_area_is_not_found(world, area):
    other = World.build()
    stranger = other.account(Role.SECURITY_OFFICER, dept="office", clearance=Clearance.CORE)
    with pytest.raises(NotFound):
        ops.deactivate_area(actor=stranger, area_id=area.pk)
    with pytest.raises(NotFound):
        queries.area(stranger, area.pk)
    assert not queries.office_areas(stranger).exists()


def test_changing_the_keeper_hands_the_key_over__AREA_LIST(world, officer, keeper, area):
    new = world.person(clearance=Clearance.CORE, name="陈静")
    changed = ops.change_keeper(actor=officer, area_id=area.pk, keeper_id=new.pk, note="钥匙2把")
    assert changed.keeper_id == new.pk
    data = audit_events("areas.keeper_changed")[-1]["data"]
    assert data["key_handed_over"]["from"] == keeper.pk
    assert data["key_handed_over"]["to"] == new.pk
    assert data["note"] == "钥匙2把"
    uncleared = world.person(clearance=Clearance.GENERAL, name="褚磊")
    with pytest.raises(RuleViolation) as refused:
        ops.change_keeper(actor=officer, area_id=area.pk, keeper_id=uncleared.pk)
    assert refused.value.rule_id == "AREA-LIST" and "褚磊" in refused.value.message
    with pytest.raises(InvalidInput) as same:
        ops.change_keeper(actor=officer, area_id=area.pk, keeper_id=new.pk)
    assert same.value.field == "keeper"


def test_assigning_someone_not_cleared_is_refused_by_name__AREA_LIST(world, officer, area):
    low = world.person(clearance=Clearance.GENERAL, name="韩梅")
    with pytest.raises(RuleViolation) as refused:
        ops.assign(actor=officer, area_id=area.pk, person_id=low.pk)
    assert refused.value.rule_id == "AREA-LIST" and "韩梅" in refused.value.message
    gone = world.person(clearance=Clearance.CORE, name="走了")
    prepare_leaving(gone.pk)
    org.mark_left(actor=None, person_id=gone.pk)
    with pytest.raises(RuleViolation) as refused:
        ops.assign(actor=officer, area_id=area.pk, person_id=gone.pk)
    assert refused.value.rule_id == "AREA-LIST" and "走了" in refused.value.message
    assert not AreaAssignment.objects.exists()


def test_assign_and_end__AREA_LIST(world, officer, area):
    person = world.person(clearance=Clearance.IMPORTANT)
    made = ops.assign(actor=officer, area_id=area.pk, person_id=person.pk)
    assert made.since == TODAY() and made.until is None
    with pytest.raises(Conflict):
        ops.assign(actor=officer, area_id=area.pk, person_id=person.pk)
    with pytest.raises(InvalidInput) as refused:
        ops.assign(
            actor=officer,
            area_id=area.pk,
            person_id=world.person(clearance=Clearance.CORE).pk,
            since=TODAY() + datetime.timedelta(days=1),
        )
    assert refused.value.field == "since"
    assert list(queries.assignments(officer, area.pk)) == [made]
    ended = ops.end_assignment(actor=officer, assignment_id=made.pk)
    assert ended.until == TODAY()
    with pytest.raises(Conflict):
        ops.end_assignment(actor=officer, assignment_id=made.pk)
    # Assigned again after the end.
    assert ops.assign(actor=officer, area_id=area.pk, person_id=person.pk).until is None
    assert audit_events("areas.assigned")[-1]["data"]["rules"] == ["AREA-LIST"]


def test_a_level_raised_above_the_keeper_or_an_assigned_person_is_refused__AREA_LIST(
    world, officer, keeper, area
):
    general = world.person(clearance=Clearance.GENERAL, name="朱琳")
    confidential = _register(world, officer, keeper, name="文印室", level=Level.CONFIDENTIAL)
    ops.assign(actor=officer, area_id=confidential.pk, person_id=general.pk)
    fields = {
        "name": "文印室",
        "kind": AreaKind.PRINT_ROOM,
        "department_id": world.departments["office"].pk,
    }
    with pytest.raises(RuleViolation) as refused:
        ops.edit_area(actor=officer, area_id=confidential.pk, level=Level.SECRET, **fields)
    assert refused.value.rule_id == "AREA-LIST" and "朱琳" in refused.value.message
    with pytest.raises(RuleViolation) as refused:
        ops.edit_area(actor=officer, area_id=confidential.pk, level=Level.TOP_SECRET, **fields)
    assert "杨帆" in refused.value.message  # the keeper is cleared important only
    changed = ops.edit_area(
        actor=officer, area_id=confidential.pk, level=Level.INTERNAL, location="307", **fields
    )
    assert (changed.level, changed.kind, changed.location) == (
        Level.INTERNAL,
        AreaKind.PRINT_ROOM,
        "307",
    )
    assert audit_events("areas.changed")[-1]["data"]["old_level"] == Level.CONFIDENTIAL


def test_taking_out_of_use_ends_the_assignments_and_records_them(world, officer, area):
    people = [world.person(clearance=Clearance.CORE) for _i in range(2)]
    made = [ops.assign(actor=officer, area_id=area.pk, person_id=p.pk) for p in people]
    ops.deactivate_area(actor=officer, area_id=area.pk, reason="搬迁")
    area.refresh_from_db()
    assert not area.active
    assert all(a.until == TODAY() for a in AreaAssignment.objects.all())
    data = audit_events("areas.deactivated")[-1]["data"]
    assert data["ended_assignments"] == [a.pk for a in made]
    assert data["reason"] == "搬迁"
    with pytest.raises(Conflict):
        ops.deactivate_area(actor=officer, area_id=area.pk)
    with pytest.raises(Conflict):
        ops.assign(actor=officer, area_id=area.pk, person_id=people[0].pk)


def test_a_keeper_cannot_be_marked_as_left__HANDOVER(world, officer, keeper, area):
    prepare_leaving(keeper.pk)
    with pytest.raises(RuleViolation) as refused:
        org.mark_left(actor=None, person_id=keeper.pk)
    assert refused.value.rule_id == "HANDOVER" and "档案室" in refused.value.message
    assert len(queries.held_keys(keeper)) == 1 and "档案室" in queries.held_keys(keeper)[0]
    # Out of use, the area's key is no longer held.
    ops.deactivate_area(actor=officer, area_id=area.pk)
    assert queries.held_keys(keeper) == []
    org.mark_left(actor=None, person_id=keeper.pk)


def test_my_areas_and_who_knows_an_area__AREA_LIST(world, officer, keeper, area):
    keeper_account = world.account(Role.STAFF, person=keeper)
    assigned = world.account(Role.STAFF, clearance=Clearance.CORE)
    stranger = world.account(Role.STAFF, clearance=Clearance.CORE)
    ops.assign(actor=officer, area_id=area.pk, person_id=assigned.person_id)
    assert [a.pk for a, _how in queries.mine(keeper_account)] == [area.pk]
    assert [a.pk for a, _how in queries.mine(assigned)] == [area.pk]
    assert queries.mine(stranger) == []
    assert queries.area(assigned, area.pk).pk == area.pk
    with pytest.raises(NotFound):
        queries.area(stranger, area.pk)
    with pytest.raises(AccessDenied):
        queries.office_areas(keeper_account)


def test_venues_are_the_areas_in_use_for_the_meetings_organisers(world, officer, keeper, area):
    room = _register(
        world, officer, keeper, name="保密会议室", kind=AreaKind.MEETING_ROOM, level=Level.SECRET
    )
    old = _register(world, officer, keeper, name="旧会议室", kind=AreaKind.MEETING_ROOM)
    ops.deactivate_area(actor=officer, area_id=old.pk)
    clerk = world.account(Role.CLERK, clearance=Clearance.CORE)
    assert [a.pk for a in queries.venues(clerk)] == [room.pk, area.pk]  # rooms first
    assert list(queries.venues(world.account(Role.STAFF, clearance=Clearance.CORE))) == []


def test_the_office_list_filters(world, officer, keeper, area):
    finance = _register(
        world,
        officer,
        keeper,
        name="财务部",
        kind=AreaKind.FINANCE,
        level=Level.CONFIDENTIAL,
        department_id=world.departments["tech"].pk,
    )

    def listed(**kw):
        return [a.pk for a in queries.office_areas(officer, queries.AreaFilters(**kw))]

    assert sorted(listed()) == sorted([finance.pk, area.pk])
    assert listed(kind=AreaKind.FINANCE) == [finance.pk]
    assert listed(level=Level.SECRET) == [area.pk]
    assert listed(department_id=world.departments["tech"].pk) == [finance.pk]
    ops.deactivate_area(actor=officer, area_id=finance.pk)
    assert listed(active=True) == [area.pk]
    assert listed(active=False) == [finance.pk]
