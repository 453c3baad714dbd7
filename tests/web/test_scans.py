"""The scan reports pages (检查工具报告): the security officer's list and a record's findings
and skipped files; 403 for every other role, 404 for another organisation's record."""

from __future__ import annotations

import pytest
from django.urls import reverse

from baomi.access.roles import Role
from baomi.core.levels import Clearance, Level
from baomi.scanner.model import Skipped
from baomi.scans.operations import file_scan_report
from tests.factories import World, audit_events
from tests.scans.reports import finding, report
from tests.web.conftest import page_text, signed_in


@pytest.fixture
def officer(world):
    return world.account(Role.SECURITY_OFFICER, clearance=Clearance.CORE, name="保密员")


@pytest.fixture
def record(world):
    staff = world.account(Role.STAFF, clearance=Clearance.GENERAL, name="张三")
    lines = report(
        findings=[
            finding("D:/文件/方案.docx"),
            finding(
                "D:/文件/通知.txt", level="INTERNAL", match="内部资料", snippet="…知 内部资料…"
            ),
        ],
        skipped=[Skipped("D:/文件/加密.zip", "encrypted zip")],
    )
    return file_scan_report(actor=staff, department_id=world.departments["tech"].pk, report=lines)


def test_the_list_shows_host_department_time_who_and_levels(officer, record):
    html = signed_in(officer).get(reverse("scans")).content.decode()
    assert f'data-record="{record.pk}"' in html
    assert "PC-TECH-07" in html and record.department.name in html and "张三" in html
    assert "2026-03-02 09:00" in html  # local time (Asia/Shanghai)
    assert f"level-{Level.SECRET}" in html and f"level-{Level.INTERNAL}" in html
    assert 'data-findings="2"' in html


def test_a_finding_without_a_level_counts_in_the_total(world, officer):
    """A keyword of no level is a finding too: the total says so, the levels say which."""
    staff = world.account(Role.STAFF, clearance=Clearance.GENERAL)
    lines = report(findings=[finding(level=None, kind="keyword", match="工资表")])
    file_scan_report(actor=staff, department_id=world.departments["lab"].pk, report=lines)
    html = signed_in(officer).get(reverse("scans")).content.decode()
    assert 'data-findings="1"' in html and "level-" not in html.split("data-scans")[1]


def test_the_list_filters_by_department(world, officer, record):
    client = signed_in(officer)
    lab = client.get(reverse("scans"), {"department": world.departments["lab"].pk})
    assert f'data-record="{record.pk}"' not in lab.content.decode()
    tech = client.get(reverse("scans"), {"department": world.departments["tech"].pk})
    assert f'data-record="{record.pk}"' in tech.content.decode()


def test_the_detail_shows_findings_and_skipped_files_and_records_the_read(officer, record):
    html = signed_in(officer).get(reverse("scan", args=[record.pk])).content.decode()
    assert "D:/文件/方案.docx" in html and "机密★10年" in html and "…知 内部资料…" in html
    assert "D:/文件/加密.zip" in html and "加密压缩包" in html
    assert audit_events("scans.report_viewed")[0]["subject_id"] == str(record.pk)


def test_the_detail_filters_findings_by_level(officer, record):
    url = reverse("scan", args=[record.pk])
    html = signed_in(officer).get(url, {"level": int(Level.INTERNAL)}).content.decode()
    assert "D:/文件/通知.txt" in html and "D:/文件/方案.docx" not in html


@pytest.mark.parametrize("role", [Role.SYSADMIN, Role.AUDITOR, Role.CLERK, Role.LEADER, Role.STAFF])
def test_every_other_role_gets_403(world, record, role):
    client = signed_in(world.account(role, clearance=Clearance.CORE))
    assert client.get(reverse("scans")).status_code == 403
    assert client.get(reverse("scan", args=[record.pk])).status_code == 403


def test_another_organisations_record_is_404_like_a_missing_one(record):
    stranger = World.build().account(Role.SECURITY_OFFICER, clearance=Clearance.CORE)
    client = signed_in(stranger)
    foreign = client.get(reverse("scan", args=[record.pk]))
    missing = client.get(reverse("scan", args=[record.pk + 99]))
    assert foreign.status_code == missing.status_code == 404
    assert page_text(foreign).replace(f"/scans/{record.pk}/", "") == page_text(missing).replace(
        f"/scans/{record.pk + 99}/", ""
    )
    assert "PC-TECH-07" not in client.get(reverse("scans")).content.decode()


def test_the_page_speaks_chinese_by_default(officer, record):
    html = signed_in(officer).get(reverse("scans")).content.decode()
    assert "检查工具报告" in html


def test_where_and_why_read_in_the_reader_s_language(world, officer):
    """A finding's location and a skip's reason, stored as the report's English tokens, read
    in Chinese on the page (第3行, not "line 3") and in English with the switch."""
    staff = world.account(Role.STAFF, clearance=Clearance.GENERAL)
    lines = report(
        findings=[
            finding("D:/a.txt", location="line 3"),
            finding("D:/b.xlsx", location="sheet 工资!B2"),
            finding("D:/c.doc", location="WordDocument, byte 812"),
        ],
        skipped=[Skipped("D:/d.pdf", "corrupt pdf"), Skipped("D:/e.bin", "too large")],
    )
    record = file_scan_report(actor=staff, department_id=world.departments["tech"].pk, report=lines)
    url = reverse("scan", args=[record.pk])
    html = signed_in(officer).get(url).content.decode()
    assert "第3行" in html and "工作表“工资”，单元格 B2" in html
    assert "WordDocument · 第812字节" in html
    assert "pdf 文件已损坏" in html and "line 3" not in html and "corrupt" not in html
    english = signed_in(officer, language="en").get(url).content.decode()
    assert "line 3" in english and "sheet 工资, cell B2" in english and "corrupt pdf" in english
