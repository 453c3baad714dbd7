"""The organisation chart (system administrator), people and clearances (PPL-CLASS) and the
security staff (PPL-SECURITY-STAFF) pages of the security officer."""

from __future__ import annotations

import pytest
from django.urls import reverse

from baomi.access.roles import Role
from baomi.core.levels import Clearance
from baomi.org.models import Person, SecurityAppointment, StaffRole
from tests.factories import World, audit_events
from tests.web.conftest import signed_in


@pytest.fixture
def officer(world):
    return signed_in(world.account(Role.SECURITY_OFFICER, clearance=Clearance.IMPORTANT))


def test_the_administrator_reads_the_organisation_chart(world):
    world.person(name="王五", dept="lab")
    html = signed_in(world.account(Role.SYSADMIN)).get(reverse("org")).content.decode()
    for dept in world.departments.values():
        assert dept.name in html
    assert 'class="depth-2"' in html  # lab sits under tech under root


def test_the_people_page_lists_and_filters(world, officer):
    world.person(name="张三", dept="lab")
    world.person(name="李四", dept="office")
    html = officer.get(reverse("people")).content.decode()
    assert "张三" in html and "李四" in html
    html = officer.get(reverse("people"), {"department": world.departments["lab"].pk}).content
    assert "张三" in html.decode() and "李四" not in html.decode()
    html = officer.get(reverse("people"), {"q": "李"}).content.decode()
    assert "李四" in html and "张三" not in html


def test_the_security_officer_sets_a_clearance__PPL_CLASS(world, officer):
    person = world.vet(world.person())  # PPL-VET: vetted and signed first
    url = reverse("person", args=[person.pk])
    assert 'data-form="clearance"' in officer.get(url).content.decode()
    response = officer.post(url, {"clearance": int(Clearance.IMPORTANT)})
    assert response.status_code == 303 and response.url == url
    person.refresh_from_db()
    assert person.clearance == Clearance.IMPORTANT
    assert audit_events("org.clearance_set")[-1]["data"]["to"] == Clearance.IMPORTANT


def test_a_person_of_another_organisation_is_not_found(officer):
    stranger = World.build().person()
    assert officer.get(reverse("person", args=[stranger.pk])).status_code == 404
    response = officer.post(
        reverse("person", args=[stranger.pk]), {"clearance": int(Clearance.CORE)}
    )
    assert response.status_code == 404
    assert Person.objects.get(pk=stranger.pk).clearance == Clearance.NONE


def test_security_staff_highlights_departments_without_an_officer__PPL_SECURITY_STAFF(
    world, officer
):
    html = officer.get(reverse("security_staff")).content.decode()
    for dept in world.departments.values():
        assert f'data-no-officer="{dept.pk}"' in html
    assert f'data-missing="{len(world.departments)}"' in html
    person = world.person(dept="lab")
    response = officer.post(
        reverse("appoint"),
        {
            "person": person.pk,
            "role": StaffRole.DEPARTMENT_OFFICER,
            "department": world.departments["lab"].pk,
        },
    )
    assert response.status_code == 303
    html = officer.get(reverse("security_staff")).content.decode()
    assert f'data-no-officer="{world.departments["lab"].pk}"' not in html
    assert person.name in html


def test_appointing_and_ending_committee_membership(world, officer):
    person = world.person(name="委员甲")
    officer.post(reverse("appoint"), {"person": person.pk, "role": StaffRole.COMMITTEE_MEMBER})
    appointment = SecurityAppointment.objects.get(person=person)
    assert "委员甲" in officer.get(reverse("security_staff")).content.decode()
    response = officer.post(reverse("end_appointment", args=[appointment.pk]))
    assert response.status_code == 303
    appointment.refresh_from_db()
    assert appointment.until is not None


def test_a_department_officer_without_a_department_is_refused(world, officer):
    response = officer.post(
        reverse("appoint"),
        {
            "person": world.person().pk,
            "role": StaffRole.DEPARTMENT_OFFICER,
        },
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 400
    assert not SecurityAppointment.objects.exists()
