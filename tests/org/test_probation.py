"""PPL-PROBATION: the end of a person's probation (转正) is recorded by the security officer,
in the audit log, from the person page as through the operation."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from baomi.access.roles import Role
from baomi.core.errors import AccessDenied, Conflict, InvalidInput, RuleViolation
from baomi.core.levels import Clearance
from baomi.org import operations
from baomi.org.models import Person
from tests.factories import audit_events
from tests.web.conftest import signed_in


@pytest.fixture
def officer(world):
    return world.account(Role.SECURITY_OFFICER, dept="office", rank="manager")


def test_the_security_officer_records_the_end_of_probation__PPL_PROBATION(world, officer):
    person = world.person(on_probation=True)
    day = timezone.localdate() - datetime.timedelta(days=3)
    operations.end_probation(actor=officer, person_id=person.pk, on=day)
    assert not Person.objects.get(pk=person.pk).on_probation
    event = audit_events("org.probation_ended")[-1]
    assert event["data"] == {"on": day.isoformat(), "rule": "PPL-PROBATION"}


@pytest.mark.parametrize("role", [r for r in Role if r != Role.SECURITY_OFFICER])
def test_nobody_else_ends_a_probation__PPL_PROBATION(world, role):
    person = world.person(on_probation=True)
    actor = world.account(role, clearance=Clearance.CORE)
    with pytest.raises(AccessDenied):
        operations.end_probation(actor=actor, person_id=person.pk, on=timezone.localdate())
    assert Person.objects.get(pk=person.pk).on_probation
    assert audit_events("org.probation_ended") == []


def test_nobody_ends_their_own_probation__PPL_PROBATION(world):
    officer = world.account(Role.SECURITY_OFFICER, dept="office")
    Person.objects.filter(pk=officer.person_id).update(on_probation=True)
    with pytest.raises(RuleViolation) as exc:
        operations.end_probation(
            actor=officer, person_id=officer.person_id, on=timezone.localdate()
        )
    assert exc.value.rule_id == "ROLE-SEPARATION"
    assert Person.objects.get(pk=officer.person_id).on_probation


@pytest.mark.parametrize("on", [None, "2026-01-01", "later"])
def test_the_end_is_a_day_not_to_come__PPL_PROBATION(world, officer, on):
    person = world.person(on_probation=True)
    day = timezone.localdate() + datetime.timedelta(days=1) if on == "later" else on
    with pytest.raises(InvalidInput) as exc:
        operations.end_probation(actor=officer, person_id=person.pk, on=day)
    assert exc.value.field == "on"
    assert Person.objects.get(pk=person.pk).on_probation


def test_a_person_past_probation_has_none_to_end__PPL_PROBATION(world, officer):
    person = world.person()
    with pytest.raises(Conflict):
        operations.end_probation(actor=officer, person_id=person.pk, on=timezone.localdate())
    assert audit_events("org.probation_ended") == []


def test_the_person_page_records_the_end_of_probation__PPL_PROBATION(world, officer):
    person = world.person(on_probation=True)
    client = signed_in(officer)
    url = reverse("person", args=[person.pk])
    assert 'data-form="probation-end"' in client.get(url).content.decode()
    today = timezone.localdate().isoformat()
    response = client.post(reverse("person_end_probation", args=[person.pk]), {"on": today})
    assert response.status_code == 303 and response.url == url
    assert not Person.objects.get(pk=person.pk).on_probation
    assert audit_events("org.probation_ended")[-1]["data"]["on"] == today
    assert 'data-form="probation-end"' not in client.get(url).content.decode()
