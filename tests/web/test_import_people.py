"""The system administrator imports people from the organisation page: a dry run lists what
would be created and every rejected row without changing anything; the import creates
everyone or, when any row is rejected, nobody."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from baomi.audit.models import AuditEvent
from baomi.org.models import Person
from tests.factories import audit_events, csv_bytes, xlsx_bytes
from tests.web.conftest import signed_in

GOOD = [
    ["姓名", "工号", "部门", "职级", "试用期"],
    ["新人甲", "X001", "技术部/研发一室", "staff", "是"],
    ["新人乙", "X002", "财务部", "部门经理", ""],
]
BAD_ROW = ["新人丙", "E001", "不存在的部门", "staff", ""]


@pytest.fixture
def admin(demo_accounts):
    return demo_accounts["admin"]


def upload(account, table, *, action, name="people.xlsx", language="en"):
    data = xlsx_bytes(table) if name.endswith(".xlsx") else csv_bytes(table)
    return signed_in(account, language=language).post(
        reverse("people_import"),
        {"file": SimpleUploadedFile(name, data), action: "1"},
        follow=True,
    )


def test_the_organisation_page_offers_the_import_card(admin):
    html = signed_in(admin).get(reverse("org")).content.decode()
    assert 'id="people-import"' in html and 'enctype="multipart/form-data"' in html
    assert 'name="dry_run"' in html and 'name="import"' in html
    assert reverse("people_import_template") in html


def test_the_dry_run_lists_rows_and_rejections_and_changes_nothing(admin):
    people, events = Person.objects.count(), AuditEvent.objects.count()
    response = upload(admin, [*GOOD, BAD_ROW], action="dry_run")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="import-rows"' in html and "新人甲" in html and "新人乙" in html
    assert 'id="import-rejected"' in html
    assert "taken in the organisation" in html and "不存在的部门" in html
    assert (Person.objects.count(), AuditEvent.objects.count()) == (people, events)


def test_the_import_creates_everyone_in_one_audit_event(admin):
    response = upload(admin, GOOD, action="import", name="people.csv")
    assert response.status_code == 200 and "2 people imported" in response.content.decode()
    created = Person.objects.filter(staff_number__in=["X001", "X002"])
    assert {p.name for p in created} == {"新人甲", "新人乙"}
    assert created.get(staff_number="X001").department.name == "研发一室"
    assert all(p.clearance == 1 for p in created)
    assert len(audit_events("org.people_imported")) == 1


def test_one_bad_row_imports_nobody_and_lists_the_rejection(admin):
    response = upload(admin, [*GOOD, BAD_ROW], action="import")
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="import-rejected"' in html and "不存在的部门" in html
    assert not Person.objects.filter(staff_number__in=["X001", "X002"]).exists()
    assert audit_events("org.people_imported") == []


def test_an_unreadable_file_is_one_error(admin):
    client = signed_in(admin, language="en")
    response = client.post(
        reverse("people_import"),
        {"file": SimpleUploadedFile("people.pdf", b"%PDF"), "import": "1"},
        HTTP_REFERER=reverse("org"),
        follow=True,
    )
    assert "Upload an .xlsx or .csv file" in response.content.decode()
    assert audit_events("org.people_imported") == []


def test_the_page_speaks_chinese_by_default(admin):
    html = upload(admin, [*GOOD, BAD_ROW], action="dry_run", language=None).content.decode()
    assert "试运行" in html and "不存在的部门" in html


def test_the_template_is_an_xlsx_with_the_header_row(admin):
    response = signed_in(admin).get(reverse("people_import_template"))
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [c.value for c in sheet[1]] == GOOD[0] and sheet.max_row == 1


@pytest.mark.parametrize("username", ["secofficer", "auditor", "clerk", "staff"])
def test_other_roles_are_refused(demo_accounts, username):
    account = demo_accounts[username]
    response = upload(account, GOOD, action="import")
    assert response.status_code == 403
    template = signed_in(account).get(reverse("people_import_template"))
    assert template.status_code == 403
    assert not Person.objects.filter(staff_number="X001").exists()
