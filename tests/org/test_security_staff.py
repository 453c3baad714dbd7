"""PPL-SECURITY-STAFF: each department's part-time security officer, the security committee
and the security office are recorded, appointed by the security officer only."""

from __future__ import annotations

import pytest
from django.utils import timezone

from baomi.access.roles import Role
from baomi.core.errors import AccessDenied, Conflict, InvalidInput, NotFound
from baomi.org import operations
from baomi.org.models import Employment, SecurityAppointment, StaffRole
from tests.factories import World, audit_events

S = StaffRole


@pytest.fixture
def officer(world):
    return world.account(Role.SECURITY_OFFICER, dept="office", rank="manager")


def appoint(actor, person, role=S.DEPARTMENT_OFFICER, department=None):
    return operations.appoint(
        actor=actor,
        person_id=person.pk,
        role=role,
        department_id=department.pk if department is not None else None,
    )


def current(**filters):
    return list(SecurityAppointment.objects.filter(until=None, **filters))


def test_a_department_officer_is_appointed_and_audited__PPL_SECURITY_STAFF(world, officer):
    person, tech = world.person(), world.departments["tech"]
    appointment = appoint(officer, person, department=tech)
    assert (appointment.person, appointment.department, appointment.role) == (
        person,
        tech,
        S.DEPARTMENT_OFFICER,
    )
    assert (appointment.since, appointment.until) == (timezone.localdate(), None)
    [event] = audit_events("org.appointed")
    assert event["data"] == {
        "person_id": person.pk,
        "role": "department_officer",
        "department_id": tech.pk,
        "rule": "PPL-SECURITY-STAFF",
    }
    assert event["actor_id"] == officer.pk


def test_a_new_department_officer_replaces_the_previous_one__PPL_SECURITY_STAFF(world, officer):
    """One officer per department: the previous appointment ends (and is kept, with its end
    date); other departments keep theirs."""
    tech, lab = world.departments["tech"], world.departments["lab"]
    first = appoint(officer, world.person(), department=tech)
    in_lab = appoint(officer, world.person(dept="lab"), department=lab)
    second = appoint(officer, world.person(), department=tech)
    first.refresh_from_db()
    assert first.until == timezone.localdate()
    assert current(department=tech) == [second]
    assert current(department=lab) == [in_lab]
    [ended] = audit_events("org.appointment_ended")
    assert (ended["subject_id"], ended["data"]) == (str(first.pk), {"replaced": True})


def test_committee_and_office_members_are_recorded__PPL_SECURITY_STAFF(world, officer):
    """The committee and the office have many members; one chair and one head at a time."""
    members = [world.person() for _i in range(3)]
    for person in members:
        appoint(officer, person, S.COMMITTEE_MEMBER)
    appoint(officer, members[0], S.OFFICE_MEMBER)
    assert {a.person for a in current(role=S.COMMITTEE_MEMBER)} == set(members)
    assert [a.person for a in current(role=S.OFFICE_MEMBER)] == [members[0]]
    for role in (S.COMMITTEE_CHAIR, S.OFFICE_HEAD):
        appoint(officer, members[1], role)
        appoint(officer, members[2], role)
        assert [a.person for a in current(role=role)] == [members[2]]
    assert len(audit_events("org.appointed")) == 8


def test_appointing_a_member_again_replaces_their_own_appointment__PPL_SECURITY_STAFF(
    world, officer
):
    person = world.person()
    appoint(officer, person, S.COMMITTEE_MEMBER)
    again = appoint(officer, person, S.COMMITTEE_MEMBER)
    assert current(role=S.COMMITTEE_MEMBER) == [again]


def test_a_department_officer_needs_a_department__PPL_SECURITY_STAFF(world, officer):
    with pytest.raises(InvalidInput) as exc:
        appoint(officer, world.person())
    assert exc.value.field == "department_id"
    with pytest.raises(InvalidInput):
        appoint(officer, world.person(), S.COMMITTEE_MEMBER, world.departments["tech"])
    assert not SecurityAppointment.objects.exists()


def test_unknown_roles_and_people_who_left_are_refused__PPL_SECURITY_STAFF(world, officer):
    person = world.person()
    with pytest.raises(InvalidInput):
        appoint(officer, person, "chief")
    person.employment = Employment.LEFT
    person.save(update_fields=["employment"])
    with pytest.raises(Conflict):
        appoint(officer, person, S.COMMITTEE_MEMBER)
    assert not SecurityAppointment.objects.exists()


def test_another_organisations_department_is_not_found__PPL_SECURITY_STAFF(world, officer):
    other = World.build()
    with pytest.raises(NotFound):
        appoint(officer, world.person(), department=other.departments["tech"])
    with pytest.raises(NotFound):
        appoint(officer, other.person(), S.COMMITTEE_MEMBER)


@pytest.mark.parametrize("role", [r for r in Role if r != Role.SECURITY_OFFICER])
def test_only_the_security_officer_appoints__PPL_SECURITY_STAFF(world, officer, role):
    actor = world.account(role)
    with pytest.raises(AccessDenied):
        appoint(actor, world.person(), department=world.departments["tech"])
    appointment = appoint(officer, world.person(), S.COMMITTEE_MEMBER)
    with pytest.raises(AccessDenied):
        operations.end_appointment(actor=actor, appointment_id=appointment.pk)
    assert not current(role=S.DEPARTMENT_OFFICER)
    refusal = audit_events("operation.refused")[-1]["data"]
    assert (refusal["operation"], refusal["refusal"]) == ("end_appointment", "AccessDenied")


def test_an_appointment_ends_once__PPL_SECURITY_STAFF(world, officer):
    appointment = appoint(officer, world.person(), S.OFFICE_MEMBER)
    ended = operations.end_appointment(actor=officer, appointment_id=appointment.pk)
    assert ended.until == timezone.localdate()
    assert audit_events("org.appointment_ended")[-1]["subject_id"] == str(appointment.pk)
    with pytest.raises(Conflict):
        operations.end_appointment(actor=officer, appointment_id=appointment.pk)
