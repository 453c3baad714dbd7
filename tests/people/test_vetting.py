"""PPL-VET: no clearance is granted, and nobody is appointed to a classified post, without a
passed vetting and a signed confidentiality agreement (or responsibility letter) — the refusal
names what is missing; every clearance change is kept in the person's clearance history."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils.translation import gettext

from baomi.access.roles import Role
from baomi.core.errors import InvalidInput, NotFound, RuleViolation
from baomi.core.levels import Clearance
from baomi.org import operations as org
from baomi.org.models import Person
from baomi.people.models import ClearanceChange, SignedDocument, Vetting
from baomi.people.operations.papers import record_paper
from baomi.people.operations.vetting import ITEM_KEYS, record_vetting
from tests.api.conftest import ApiClient
from tests.factories import World, audit_events
from tests.web.conftest import signed_in

NO_VETTING = "no passed vetting"
NO_PAPER = "no signed confidentiality agreement or responsibility letter"
DAY = datetime.date(2025, 3, 1)


@pytest.fixture
def officer(world):
    return world.account(Role.SECURITY_OFFICER, dept="office", clearance=Clearance.CORE)


def _items(ok: bool = True) -> dict:
    return {key: {"ok": ok, "note": ""} for key in ITEM_KEYS}


def _vet(world, officer, person, *, result="passed", day=DAY):
    return record_vetting(
        actor=officer,
        person_id=person.pk,
        reviewer_id=world.person(dept="office").pk,
        reviewed_on=day,
        result=result,
        items=_items(result == "passed"),
    )


def _sign(officer, person, kind="agreement"):
    return record_paper(
        actor=officer,
        person_id=person.pk,
        kind=kind,
        signed_on=DAY,
        version="2024版",
        kept_in="保密办档案柜",
    )


def _grant(officer, person, clearance=Clearance.IMPORTANT):
    return org.set_clearance(actor=officer, person_id=person.pk, clearance=clearance)


def test_no_clearance_without_vetting_and_agreement__PPL_VET(world, officer):
    person = world.person()
    with pytest.raises(RuleViolation) as refused:
        _grant(officer, person)
    assert refused.value.rule_id == "PPL-VET"
    assert gettext(NO_VETTING) in refused.value.message
    assert gettext(NO_PAPER) in refused.value.message
    assert Person.objects.get(pk=person.pk).clearance == Clearance.NONE
    assert not ClearanceChange.objects.filter(person=person).exists()


def test_no_clearance_without_an_agreement__PPL_VET(world, officer):
    person = world.person()
    _vet(world, officer, person)
    with pytest.raises(RuleViolation) as refused:
        _grant(officer, person)
    assert refused.value.rule_id == "PPL-VET"
    assert gettext(NO_PAPER) in refused.value.message
    assert gettext(NO_VETTING) not in refused.value.message


def test_no_clearance_after_a_failed_vetting__PPL_VET(world, officer):
    person = world.person()
    _vet(world, officer, person, result="failed")
    _sign(officer, person)
    with pytest.raises(RuleViolation) as refused:
        _grant(officer, person)
    assert gettext(NO_VETTING) in refused.value.message
    assert gettext(NO_PAPER) not in refused.value.message
    # A later failed vetting undoes an earlier pass.
    other = world.person()
    _vet(world, officer, other, day=DAY - datetime.timedelta(days=30))
    _vet(world, officer, other, result="failed")
    _sign(officer, other)
    with pytest.raises(RuleViolation):
        _grant(officer, other)


@pytest.mark.parametrize("kind", ["agreement", "responsibility"])
def test_a_clearance_after_vetting_and_signing_is_kept_in_the_history__PPL_VET(
    world, officer, kind
):
    person = world.person()
    _vet(world, officer, person)
    _sign(officer, person, kind)
    _grant(officer, person)
    assert Person.objects.get(pk=person.pk).clearance == Clearance.IMPORTANT
    (change,) = ClearanceChange.objects.filter(person=person)
    assert (change.old, change.new, change.changed_by_id) == (
        Clearance.NONE,
        Clearance.IMPORTANT,
        officer.person_id,
    )
    # Lowering or withdrawing is never gated, and is kept too.
    _grant(officer, person, Clearance.NONE)
    assert ClearanceChange.objects.filter(person=person).count() == 2


def test_the_installer_records_older_clearances_ungated_but_kept__PPL_VET(world):
    person = world.person(clearance=Clearance.CORE)
    (change,) = ClearanceChange.objects.filter(person=person)
    assert change.new == Clearance.CORE and change.changed_by_id is None


def test_the_page_refuses_a_clearance_naming_what_is_missing__PPL_VET(world, officer):
    person = world.person()
    client = signed_in(officer)
    url = reverse("person", args=[person.pk])
    response = client.post(url, {"clearance": int(Clearance.GENERAL)}, HTTP_REFERER=url)
    assert response.status_code == 302 and response.url == url
    html = client.get(url).content.decode()
    assert gettext(NO_VETTING) in html and gettext(NO_PAPER) in html
    assert Person.objects.get(pk=person.pk).clearance == Clearance.NONE
    world.vet(person)
    assert client.post(url, {"clearance": int(Clearance.GENERAL)}).status_code == 303


def test_the_api_refuses_a_clearance_naming_what_is_missing__PPL_VET(world, officer):
    person = world.person()
    client = ApiClient(officer)
    _vet(world, officer, person)
    answer = client.put(f"/org/people/{person.pk}/clearance", {"clearance": Clearance.GENERAL})
    assert answer.status_code == 403 and answer.json()["rule"] == "PPL-VET"
    assert gettext(NO_PAPER) in answer.json()["message"]
    refused = audit_events("operation.refused")[-1]["data"]
    assert refused["rule"] == "PPL-VET"
    _sign(officer, person)
    answer = client.put(f"/org/people/{person.pk}/clearance", {"clearance": Clearance.GENERAL})
    assert answer.status_code == 200
    history = client.get(f"/people/{person.pk}/clearance-history").json()
    assert [(h["old"], h["new"]) for h in history] == [(Clearance.NONE, Clearance.GENERAL)]


def test_a_vetting_records_each_item_and_is_audited__PPL_VET(world, officer):
    person = world.person()
    vetting = _vet(world, officer, person, result="failed")
    assert set(vetting.items) == set(ITEM_KEYS)
    assert audit_events("people.vetting_recorded")[-1]["data"]["result"] == "failed"


@pytest.mark.parametrize(
    ("items", "field"),
    [
        ({"political": {"ok": True}}, "items"),
        ({**{k: {"ok": True} for k in ITEM_KEYS}, "extra": {"ok": True}}, "items"),
        ({k: {"ok": "yes"} for k in ITEM_KEYS}, "items"),
        ({k: {"ok": True, "note": "a\x00b"} for k in ITEM_KEYS}, "items"),
    ],
)
def test_a_vetting_with_bad_items_is_refused_naming_them(world, officer, items, field):
    person = world.person()
    with pytest.raises(InvalidInput) as refused:
        record_vetting(
            actor=officer,
            person_id=person.pk,
            reviewer_id=world.person().pk,
            reviewed_on=DAY,
            result="passed",
            items=items,
        )
    assert refused.value.field == field
    assert not Vetting.objects.filter(person=person).exists()


def test_nobody_records_their_own_vetting_or_paper__ROLE_SEPARATION(world, officer):
    me = officer.person
    with pytest.raises(RuleViolation) as refused:
        _vet(world, officer, me)
    assert refused.value.rule_id == "ROLE-SEPARATION"
    with pytest.raises(RuleViolation) as refused:
        _sign(officer, me)
    assert refused.value.rule_id == "ROLE-SEPARATION"


def test_the_reviewer_is_not_the_person_vetted(world, officer):
    person = world.person()
    with pytest.raises(InvalidInput) as refused:
        record_vetting(
            actor=officer,
            person_id=person.pk,
            reviewer_id=person.pk,
            reviewed_on=DAY,
            result="passed",
            items=_items(),
        )
    assert refused.value.field == "reviewer"


def test_only_the_office_records_vettings(world):
    staff = world.account(Role.STAFF)
    client = ApiClient(staff)
    person = world.person()
    body = {
        "reviewer_id": world.person().pk,
        "reviewed_on": "2025-03-01",
        "result": "passed",
        "items": _items(),
    }
    assert client.post(f"/people/{person.pk}/vettings", body).status_code == 403


def test_another_organisations_person_is_not_found__PPL_VET(world, officer):
    stranger = World.build().person()
    with pytest.raises(NotFound):
        _vet(world, officer, stranger)
    with pytest.raises(NotFound):
        _sign(officer, stranger)
    client = ApiClient(officer)
    for path in ("vettings", "papers", "posts", "clearance-history"):
        assert client.get(f"/people/{stranger.pk}/{path}").status_code == 404
    body = {"kind": "agreement", "signed_on": "2025-03-01", "version": "v", "kept_in": "柜"}
    assert client.post(f"/people/{stranger.pk}/papers", body).status_code == 404


def test_the_api_records_and_lists_vettings__PPL_VET(world, officer):
    person = world.person()
    client = ApiClient(officer)
    body = {
        "reviewer_id": world.person().pk,
        "reviewed_on": "2025-03-01",
        "result": "passed",
        "items": _items(),
    }
    made = client.post(f"/people/{person.pk}/vettings", body)
    assert made.status_code == 201 and made.json()["result"] == "passed"
    assert [v["id"] for v in client.get(f"/people/{person.pk}/vettings").json()] == [
        made.json()["id"]
    ]
    assert (
        client.post(f"/people/{person.pk}/vettings", {**body, "items": {}}).json()["field"]
        == "items"
    )
    keys = [i["key"] for i in client.get("/vetting-items").json()]
    assert keys == list(ITEM_KEYS)


def test_a_person_reads_their_own_file_and_nobody_elses(world, officer):
    staff = world.account(Role.STAFF)
    _vet(world, officer, staff.person)
    _sign(officer, staff.person)
    client = ApiClient(staff)
    assert len(client.get(f"/people/{staff.person_id}/vettings").json()) == 1
    assert len(client.get(f"/people/{staff.person_id}/papers").json()) == 1
    other = world.person()
    assert client.get(f"/people/{other.pk}/vettings").status_code == 404


def test_the_person_page_shows_the_file_and_records_a_vetting__PPL_VET(world, officer):
    person = world.person()
    client = signed_in(officer)
    url = reverse("person", args=[person.pk])
    html = client.get(url).content.decode()
    assert 'data-form="vetting-record"' in html and 'data-form="paper-record"' in html
    assert "data-vet-missing" in html
    reviewer = world.person()
    data = {
        "reviewer": reviewer.pk,
        "reviewed_on": "2025-03-01",
        "result": "passed",
        "note": "",
        **{f"item-{k}": "on" for k in ITEM_KEYS},
    }
    response = client.post(reverse("person_vetting_record", args=[person.pk]), data)
    assert response.status_code == 303
    (vetting,) = Vetting.objects.filter(person=person)
    assert vetting.reviewer_id == reviewer.pk and all(i["ok"] for i in vetting.items.values())
    assert f'data-vetting="{vetting.pk}"' in client.get(url).content.decode()
    # One's own page has no forms for one's own file.
    own = client.get(reverse("person", args=[officer.person_id])).content.decode()
    assert 'data-form="vetting-record"' not in own
    assert not SignedDocument.objects.filter(person=person).exists()
