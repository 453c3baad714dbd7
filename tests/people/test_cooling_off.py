"""The cooling-off period (脱密期, PPL-EXIT): a cleared person who is marked as left enters it
for the rulebook's years of their class (core 3, important 2, general 1 by default, within
the law's ranges); the security office reads it in the API, on the person's page and among
the deadlines."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from baomi.access.roles import Role
from baomi.core.errors import InvalidInput
from baomi.core.levels import Clearance
from baomi.org import operations as org
from baomi.people.models import CoolingOff
from baomi.people.operations.cooling_off import years_later
from baomi.rulebook.operations import set_rule
from baomi.seams.deadlines import State, deadlines
from tests.api.conftest import ApiClient
from tests.factories import World, audit_events, prepare_leaving
from tests.web.conftest import signed_in


@pytest.fixture
def officer(world):
    return world.account(Role.SECURITY_OFFICER, dept="office", clearance=Clearance.CORE)


def _leave(person):
    prepare_leaving(person.pk)
    org.mark_left(actor=None, person_id=person.pk)
    return CoolingOff.objects.filter(person=person).first()


@pytest.mark.parametrize(
    ("clearance", "years"),
    [(Clearance.CORE, 3), (Clearance.IMPORTANT, 2), (Clearance.GENERAL, 1)],
)
def test_a_cleared_person_leaving_enters_the_cooling_off_of_their_class__PPL_EXIT(
    world, clearance, years
):
    person = world.person(clearance=clearance)
    cooling = _leave(person)
    today = timezone.localdate()
    assert cooling.starts == today
    assert cooling.ends == years_later(today, years)
    assert cooling.clearance == clearance
    assert cooling.organisation_id == world.organisation.pk
    (event,) = audit_events("people.cooling_off_started")
    assert event["data"]["rule"] == "PPL-EXIT" and event["data"]["years"] == years
    assert cooling.exit_case is not None and cooling.exit_case.closed_at is not None


def test_an_uncleared_person_leaving_has_no_cooling_off__PPL_EXIT(world):
    assert _leave(world.person()) is None


def test_the_years_fall_on_the_same_day_or_the_28th_of_february():
    assert years_later(datetime.date(2026, 3, 1), 3) == datetime.date(2029, 3, 1)
    assert years_later(datetime.date(2028, 2, 29), 1) == datetime.date(2029, 2, 28)


def test_the_organisation_may_lengthen_the_years_within_the_law__PPL_EXIT(world, officer):
    set_rule(actor=officer, rule_id="PPL-EXIT", params={"cooling_years_core": 5})
    cooling = _leave(world.person(clearance=Clearance.CORE))
    assert cooling.ends == years_later(cooling.starts, 5)


@pytest.mark.parametrize(
    ("param", "value"),
    [
        ("cooling_years_core", 2),
        ("cooling_years_core", 6),
        ("cooling_years_important", 1),
        ("cooling_years_important", 4),
        ("cooling_years_general", 0),
        ("cooling_years_general", 3),
    ],
)
def test_years_outside_the_law_are_refused__PPL_EXIT(world, officer, param, value):
    with pytest.raises(InvalidInput):
        set_rule(actor=officer, rule_id="PPL-EXIT", params={param: value})


def test_the_api_shows_the_cooling_off_to_the_security_office__PPL_EXIT(world, officer):
    person = world.person(clearance=Clearance.IMPORTANT)
    client = ApiClient(officer)
    prepare_leaving(person.pk)
    left = client.post(f"/org/people/{person.pk}/left")
    assert left.status_code == 200
    ends = years_later(timezone.localdate(), 2).isoformat()
    assert left.json()["leaving"]["cooling_off"]["ends"] == ends
    assert left.json()["leaving"]["cooling_off"]["years"] == 2
    answer = client.get(f"/people/{person.pk}/cooling-off")
    assert answer.status_code == 200
    body = answer.json()
    assert body["person_id"] == person.pk and body["clearance"] == Clearance.IMPORTANT
    assert body["ends"] == years_later(timezone.localdate(), 2).isoformat()
    listed = client.get("/cooling-off").json()
    assert [c["person_id"] for c in listed] == [person.pk]
    assert client.get(f"/people/{world.person().pk}/cooling-off").status_code == 404


def test_the_api_lists_only_the_organisations_own__PPL_EXIT(world, officer):
    other = World.build()
    stranger = other.person(clearance=Clearance.CORE)
    _leave(stranger)
    client = ApiClient(officer)
    assert client.get("/cooling-off").json() == []
    assert client.get(f"/people/{stranger.pk}/cooling-off").status_code == 404


@pytest.mark.parametrize("role", [Role.STAFF, Role.SYSADMIN, Role.AUDITOR])
def test_the_api_refuses_the_cooling_off_to_other_roles__PPL_EXIT(world, role):
    person = world.person(clearance=Clearance.CORE)
    _leave(person)
    client = ApiClient(world.account(role))
    assert client.get("/cooling-off").status_code == 403
    assert client.get(f"/people/{person.pk}/cooling-off").status_code == 403


def test_the_deadline_is_the_end_of_the_cooling_off__PPL_EXIT(world):
    cooling = _leave(world.person(clearance=Clearance.GENERAL))
    now = timezone.now()
    (deadline,) = [d for d in deadlines(world.organisation.pk, now) if d.rule_id == "PPL-EXIT"]
    assert deadline.subject_id == cooling.pk and deadline.person_id == cooling.person_id
    assert deadline.state(now) == State.UPCOMING
    assert deadline.due_at.date() == cooling.ends + datetime.timedelta(days=1)
    later = deadline.due_at + datetime.timedelta(days=1)
    (ended,) = [d for d in deadlines(world.organisation.pk, later) if d.rule_id == "PPL-EXIT"]
    assert ended.state(later) == State.DONE
    assert not [d for d in deadlines(World.build().organisation.pk, now) if d.rule_id == "PPL-EXIT"]


def test_the_person_page_shows_the_cooling_off_and_its_restrictions__PPL_EXIT(world, officer):
    person = world.person(clearance=Clearance.CORE)
    cooling = _leave(person)
    url = reverse("person", args=[person.pk])
    html = signed_in(officer).get(url).content.decode()
    assert 'id="cooling-off"' in html
    assert f"{cooling.ends:%Y-%m-%d}" in html
    for key in ("abroad", "employment", "services", "secrets"):
        assert f'data-restriction="{key}"' in html
    assert f'data-days-left="{(cooling.ends - timezone.localdate()).days}"' in html
    staying = world.person(clearance=Clearance.CORE)
    html = signed_in(officer).get(reverse("person", args=[staying.pk])).content.decode()
    assert 'id="cooling-off"' not in html
