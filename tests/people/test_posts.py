"""Classified posts (涉密岗位) and appointment to them: PPL-VET (a passed vetting and a signed
agreement first) and PPL-CLASS (the person's clearance covers the post's class); nobody
appoints themselves (ROLE-SEPARATION)."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from baomi.access.roles import Role
from baomi.core.errors import AccessDenied, Conflict, InvalidInput, NotFound, RuleViolation
from baomi.core.levels import Clearance
from baomi.people.models import ClassifiedPost, PostHolding
from baomi.people.operations import posts as operations
from tests.api.conftest import ApiClient
from tests.factories import World, audit_events
from tests.web.conftest import signed_in

TODAY = timezone.localdate


@pytest.fixture
def officer(world):
    return world.account(Role.SECURITY_OFFICER, dept="office", clearance=Clearance.CORE)


@pytest.fixture
def post(officer):
    return operations.create_post(actor=officer, name="机要员", clearance=Clearance.IMPORTANT)


def _appoint(officer, person, post):
    return operations.appoint(actor=officer, person_id=person.pk, post_id=post.pk, since=TODAY())


def test_the_office_creates_a_post_with_its_class__PPL_CLASS(world, officer, post):
    assert (post.organisation_id, post.clearance) == (world.organisation.pk, Clearance.IMPORTANT)
    assert audit_events("people.post_created")[-1]["data"]["class"] == Clearance.IMPORTANT
    with pytest.raises(InvalidInput) as refused:
        operations.create_post(actor=officer, name="机要员", clearance=Clearance.CORE)
    assert refused.value.field == "name"
    for bad, field in (({"clearance": Clearance.NONE}, "clearance"), ({"name": "a\x01"}, "name")):
        with pytest.raises(InvalidInput) as refused:
            operations.create_post(
                actor=officer, **{"name": "岗", "clearance": Clearance.GENERAL, **bad}
            )
        assert refused.value.field == field


def test_others_do_not_create_posts(world):
    with pytest.raises(AccessDenied):
        operations.create_post(
            actor=world.account(Role.STAFF), name="岗", clearance=Clearance.GENERAL
        )


def test_no_appointment_without_vetting_and_agreement__PPL_VET(world, officer, post):
    person = world.person(clearance=Clearance.CORE)  # cleared before baomi
    with pytest.raises(RuleViolation) as refused:
        _appoint(officer, person, post)
    assert refused.value.rule_id == "PPL-VET"
    assert gettext("no passed vetting") in refused.value.message
    world.vet(person, signed=False)
    with pytest.raises(RuleViolation) as refused:
        _appoint(officer, person, post)
    assert gettext("no signed confidentiality agreement or responsibility letter") in (
        refused.value.message
    )
    assert not PostHolding.objects.filter(person=person).exists()


def test_no_appointment_above_the_clearance__PPL_CLASS(world, officer, post):
    person = world.vet(world.person(clearance=Clearance.GENERAL))
    with pytest.raises(RuleViolation) as refused:
        _appoint(officer, person, post)
    assert refused.value.rule_id == "PPL-CLASS"


def test_an_appointment_after_vetting_signing_and_clearance__PPL_VET(world, officer, post):
    person = world.vet(world.person(clearance=Clearance.IMPORTANT))
    holding = _appoint(officer, person, post)
    assert holding.until is None
    assert audit_events("people.post_appointed")[-1]["data"]["post"] == post.pk
    with pytest.raises(Conflict):
        _appoint(officer, person, post)
    with pytest.raises(Conflict):
        operations.deactivate_post(actor=officer, post_id=post.pk)
    ended = operations.end_holding(actor=officer, holding_id=holding.pk)
    assert ended.until == TODAY()
    with pytest.raises(Conflict):
        operations.end_holding(actor=officer, holding_id=holding.pk)
    assert not operations.deactivate_post(actor=officer, post_id=post.pk).active
    with pytest.raises(InvalidInput) as refused:
        _appoint(officer, person, post)
    assert refused.value.field == "post"


def test_raising_a_posts_class_above_a_holder_is_refused__PPL_CLASS(world, officer, post):
    person = world.vet(world.person(clearance=Clearance.IMPORTANT))
    _appoint(officer, person, post)
    with pytest.raises(RuleViolation) as refused:
        operations.update_post(
            actor=officer, post_id=post.pk, name=post.name, clearance=Clearance.CORE
        )
    assert refused.value.rule_id == "PPL-CLASS"
    assert ClassifiedPost.objects.get(pk=post.pk).clearance == Clearance.IMPORTANT


def test_nobody_appoints_themselves_or_ends_their_own_post__ROLE_SEPARATION(world, officer, post):
    me = world.vet(officer.person)
    with pytest.raises(RuleViolation) as refused:
        _appoint(officer, me, post)
    assert refused.value.rule_id == "ROLE-SEPARATION"
    holding = operations.appoint(actor=None, person_id=me.pk, post_id=post.pk, since=TODAY())
    with pytest.raises(RuleViolation) as refused:
        operations.end_holding(actor=officer, holding_id=holding.pk)
    assert refused.value.rule_id == "ROLE-SEPARATION"


def test_a_future_start_is_refused(world, officer, post):
    person = world.vet(world.person(clearance=Clearance.CORE))
    with pytest.raises(InvalidInput) as refused:
        operations.appoint(
            actor=officer,
            person_id=person.pk,
            post_id=post.pk,
            since=TODAY() + datetime.timedelta(days=1),
        )
    assert refused.value.field == "since"


def test_another_organisations_people_and_posts_are_not_found(world, officer, post):
    other = World.build()
    stranger = other.vet(other.person(clearance=Clearance.CORE))
    with pytest.raises(NotFound):
        _appoint(officer, stranger, post)
    foreign = operations.create_post(
        actor=None, organisation_id=other.organisation.pk, name="岗", clearance=Clearance.GENERAL
    )
    with pytest.raises(NotFound):
        operations.deactivate_post(actor=officer, post_id=foreign.pk)
    client = ApiClient(officer)
    assert (
        client.post(
            f"/people/{stranger.pk}/posts", {"post_id": post.pk, "since": "2025-01-01"}
        ).status_code
        == 404
    )
    assert [p["id"] for p in client.get("/classified-posts").json()] == [post.pk]


def test_the_api_appoints_and_refuses_naming_the_rule__PPL_VET(world, officer, post):
    person = world.person(clearance=Clearance.IMPORTANT)
    client = ApiClient(officer)
    body = {"post_id": post.pk, "since": TODAY().isoformat()}
    refused = client.post(f"/people/{person.pk}/posts", body)
    assert refused.status_code == 403 and refused.json()["rule"] == "PPL-VET"
    world.vet(person)
    made = client.post(f"/people/{person.pk}/posts", body)
    assert made.status_code == 201 and made.json()["post_id"] == post.pk
    listed = client.get(f"/people/{person.pk}/posts").json()
    assert [h["id"] for h in listed] == [made.json()["id"]]
    ended = client.post(f"/post-holdings/{made.json()['id']}/end", {})
    assert ended.status_code == 200 and ended.json()["until"] == TODAY().isoformat()
    created = client.post("/classified-posts", {"name": "保密员", "clearance": 3})
    assert created.status_code == 201
    bad = client.post("/classified-posts", {"name": "x" * 101, "clearance": 3})
    assert bad.status_code == 422
    assert client.post("/classified-posts", {"name": "y", "clearance": 9}).status_code == 422


def test_the_pages_create_a_post_and_appoint__PPL_VET(world, officer):
    client = signed_in(officer)
    url = reverse("classified_posts")
    assert 'data-form="post-create"' in client.get(url).content.decode()
    response = client.post(url, {"name": "研发岗", "clearance": int(Clearance.GENERAL)})
    assert response.status_code == 303
    post = ClassifiedPost.objects.get(name="研发岗")
    person = world.vet(world.person(clearance=Clearance.GENERAL))
    page = reverse("person", args=[person.pk])
    assert 'data-form="post-appoint"' in client.get(page).content.decode()
    response = client.post(
        reverse("person_post_appoint", args=[person.pk]),
        {"post": post.pk, "since": TODAY().isoformat()},
    )
    assert response.status_code == 303
    holding = PostHolding.objects.get(person=person)
    assert f'data-holding="{holding.pk}"' in client.get(page).content.decode()
    response = client.post(
        reverse("post_holding_end", args=[holding.pk]), {"until": TODAY().isoformat()}
    )
    assert response.status_code == 303
    assert PostHolding.objects.get(pk=holding.pk).until == TODAY()
    assert signed_in(world.account(Role.STAFF)).get(url).status_code == 403
