"""The system administrator maintains the organisation chart from the organisation page:
departments, people, department leaders and the head of the organisation."""

from __future__ import annotations

import pytest
from django.urls import reverse

from baomi.audit.models import AuditEvent
from baomi.org.models import Department, Organisation, Person
from tests.web.conftest import signed_in


@pytest.fixture
def admin(demo_accounts):
    return demo_accounts["admin"]


def post(account, name, data):
    return signed_in(account).post(reverse(name), data, follow=True)


def test_the_organisation_page_offers_the_four_forms(admin):
    html = signed_in(admin).get(reverse("org")).content.decode()
    for form_id in (
        "person-create",
        "department-create",
        "department-leaders",
        "organisation-head",
    ):
        assert f'id="{form_id}"' in html


def test_the_administrator_adds_a_department_under_another(admin):
    parent = Department.objects.get(name="技术部")
    response = post(admin, "department_create", {"name": "测试室", "parent": parent.pk})
    assert response.status_code == 200
    created = Department.objects.get(name="测试室")
    assert created.parent == parent and created.path.startswith(parent.path)
    assert AuditEvent.objects.filter(action="org.department_created").exists()


def test_the_administrator_adds_a_person_who_starts_uncleared(admin):
    dept = Department.objects.get(name="财务部")
    rank = dept.organisation.ranks.get(key="staff")
    data = {"name": "新同事", "staff_number": "Z001", "department": dept.pk, "rank": rank.pk}
    post(admin, "person_create", data)
    person = Person.objects.get(staff_number="Z001")
    assert (person.department, person.rank, person.clearance) == (dept, rank, 1)


def test_a_taken_staff_number_is_refused_with_a_message(admin):
    dept = Department.objects.get(name="财务部")
    rank = dept.organisation.ranks.get(key="staff")
    data = {"name": "重号", "staff_number": "A001", "department": dept.pk, "rank": rank.pk}
    response = post(admin, "person_create", data)
    assert "A001" in response.content.decode()
    assert not Person.objects.filter(name="重号").exists()


def test_the_administrator_sets_leaders_and_the_head(admin):
    dept = Department.objects.get(name="市场部")
    head = Person.objects.get(staff_number="F002")
    post(admin, "department_leaders", {"department": dept.pk, "head": head.pk})
    dept.refresh_from_db()
    assert dept.head == head and dept.leader_in_charge is None
    post(admin, "organisation_head", {"person": head.pk})
    assert Organisation.objects.get(pk=dept.organisation_id).head == head


@pytest.mark.parametrize("username", ["secofficer", "auditor", "clerk", "leader", "staff"])
def test_other_roles_may_not_change_the_chart(demo_accounts, username):
    response = signed_in(demo_accounts[username]).post(
        reverse("department_create"), {"name": "越权部门"}
    )
    assert response.status_code == 403
    assert not Department.objects.filter(name="越权部门").exists()
