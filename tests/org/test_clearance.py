"""PPL-CLASS: a person's clearance class, set by the security officer only, bounds the highest
level they may know."""

from __future__ import annotations

import pytest

from baomi.access.roles import Role
from baomi.core.errors import AccessDenied, Conflict, InvalidInput
from baomi.core.levels import Clearance, Level
from baomi.org import operations
from baomi.org.models import Employment, Person
from tests.factories import audit_events


@pytest.fixture
def officer(world):
    return world.account(Role.SECURITY_OFFICER, dept="office", rank="manager")


def test_the_security_officer_sets_a_clearance__PPL_CLASS(world, officer):
    person = world.vet(world.person())  # PPL-VET: vetted and signed first
    operations.set_clearance(actor=officer, person_id=person.pk, clearance=Clearance.IMPORTANT)
    person.refresh_from_db()
    assert person.clearance == Clearance.IMPORTANT
    assert Clearance(person.clearance).dominates(Level.SECRET)
    assert not Clearance(person.clearance).dominates(Level.TOP_SECRET)
    assert audit_events("org.clearance_set")[-1]["data"] == {
        "from": Clearance.NONE,
        "to": Clearance.IMPORTANT,
        "rule": "PPL-CLASS",
    }


@pytest.mark.parametrize("clearance", [-1, 0, 5, 99])
def test_an_unknown_class_is_refused__PPL_CLASS(world, officer, clearance):
    person = world.person()
    with pytest.raises(InvalidInput):
        operations.set_clearance(actor=officer, person_id=person.pk, clearance=clearance)
    assert Person.objects.get(pk=person.pk).clearance == Clearance.NONE


def test_a_person_who_left_gets_no_clearance__PPL_CLASS(world, officer):
    person = world.person()
    person.employment = Employment.LEFT
    person.save(update_fields=["employment"])
    with pytest.raises(Conflict):
        operations.set_clearance(actor=officer, person_id=person.pk, clearance=Clearance.CORE)


@pytest.mark.parametrize("role", [r for r in Role if r != Role.SECURITY_OFFICER])
def test_nobody_else_sets_clearances__PPL_CLASS(world, role):
    actor = world.account(role, clearance=Clearance.CORE)
    with pytest.raises(AccessDenied):
        operations.set_clearance(actor=actor, person_id=actor.person.pk, clearance=Clearance.NONE)
    assert Person.objects.get(pk=actor.person.pk).clearance == Clearance.CORE
