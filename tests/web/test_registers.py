"""The register pages (登记簿): the index, one register with its filters and pages of 100
lines, and the .xlsx and PDF exports (audited); for the clerk and the security officer."""

from __future__ import annotations

import io
from dataclasses import replace
from urllib.parse import quote, unquote

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from pypdf import PdfReader

from baomi.access.roles import Role
from baomi.carriers.models import Custody, CustodyKind
from baomi.carriers.registers import REGISTERS
from baomi.core.levels import Clearance, Level
from tests.carriers.conftest import office  # noqa: F401 (the fixture)
from tests.carriers.test_registers import ledger
from tests.factories import audit_events
from tests.web.conftest import signed_in

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def filled(office):  # noqa: F811 (the fixture imported above)
    """A secret document the clerk knows, with a line in every register, and one he may not
    know (registered by another clerk), with lines too."""
    ledger(office, office.incoming(number="市保发〔2026〕1号", title="关于保密检查的通知"))
    other = office.world.account(Role.CLERK, dept="office", clearance=Clearance.CORE)
    hidden = replace(office, clerk=other).incoming(number="外发〔2026〕9号", title="看不见的文件")
    ledger(office, hidden)
    return office


def test_the_index_lists_every_register_in_chinese_by_default(filled):
    html = signed_in(filled.clerk).get(reverse("registers")).content.decode()
    assert '<html lang="zh-hans">' in html
    for key in REGISTERS:
        assert f'data-register="{key}"' in html
        assert reverse("register", args=[key]) in html
    assert 'data-nav="registers"' in html


@pytest.mark.parametrize("key", list(REGISTERS))
def test_each_register_page_shows_only_what_the_clerk_may_know__CLS_MAC(filled, key):
    response = signed_in(filled.clerk).get(reverse("register", args=[key]))
    html = response.content.decode()
    assert response.status_code == 200 and '<html lang="zh-hans">' in html
    assert "市保发〔2026〕1号" in html and "外发〔2026〕9号" not in html
    assert "看不见的文件" not in html
    if any(c.key == "level" for c in REGISTERS[key].columns):
        assert ">密级</th>" in html  # the headers speak Chinese


def test_the_page_filters_by_level_and_keeps_the_filters_in_the_export_links(filled):
    client = signed_in(filled.clerk)
    url = reverse("register", args=["circulation"])
    html = client.get(url, {"level": int(Level.CONFIDENTIAL)}).content.decode()
    assert "市保发〔2026〕1号" not in html
    html = client.get(url, {"level": int(Level.SECRET), "page": 1}).content.decode()
    assert "市保发〔2026〕1号" in html and f"level-{Level.SECRET}" in html
    assert f'href="?level={int(Level.SECRET)}&amp;format=xlsx"' in html
    assert f'href="?level={int(Level.SECRET)}&amp;format=pdf"' in html


def test_the_page_shows_100_lines_and_pages_on(filled):
    line = Custody.objects.get(
        kind=CustodyKind.CIRCULATION, copy__document__number="市保发〔2026〕1号"
    )
    for n in range(100):
        line.pk, line.started_at = None, timezone.now() - timezone.timedelta(minutes=n + 1)
        line.save()
    client = signed_in(filled.clerk)
    url = reverse("register", args=["circulation"])
    first = client.get(url).content.decode()
    assert first.count("<tr>") == 1 + 100  # the header row and 100 lines
    assert "page=2" in first
    second = client.get(url, {"page": 2}).content.decode()
    assert second.count("<tr>") == 1 + 1


def test_a_nonsensical_filter_shows_its_error_and_no_lines(filled):
    html = (
        signed_in(filled.clerk)
        .get(reverse("register", args=["circulation"]), {"date_from": "2026-13-45"})
        .content.decode()
    )
    assert "invalid-feedback" in html and "市保发〔2026〕1号" not in html
    assert "data-export=" not in html


@pytest.mark.parametrize(
    ("file_format", "content_type"), [("xlsx", XLSX), ("pdf", "application/pdf")]
)
def test_an_export_downloads_and_is_audited(filled, file_format, content_type):
    response = signed_in(filled.officer).get(
        reverse("register", args=["loan"]),
        {"level": int(Level.SECRET), "format": file_format},
    )
    assert response.status_code == 200 and response["Content-Type"] == content_type
    day = f"{timezone.localdate():%Y-%m-%d}.{file_format}"
    name = quote(f"{REGISTERS['loan'].title}_{day}")
    assert response["Content-Disposition"] == (
        f"attachment; filename=\"baomi_{day}\"; filename*=UTF-8''{name}"
    )
    [event] = audit_events("carriers.register_exported")
    assert event["actor_id"] == filled.officer.pk
    assert event["data"]["register"] == "loan"
    assert event["data"]["filters"] == {"level": int(Level.SECRET)}
    assert event["data"]["format"] == file_format


def test_the_exported_workbook_holds_the_clerks_lines_only__CLS_MAC(filled):
    response = signed_in(filled.clerk).get(
        reverse("register", args=["destruction"]), {"format": "xlsx"}
    )
    sheet = load_workbook(io.BytesIO(response.content)).active
    text = " ".join(str(c.value) for row in sheet.iter_rows() for c in row if c.value)
    assert "市保发〔2026〕1号" in text and "外发〔2026〕9号" not in text
    assert filled.world.organisation.name in text


def test_the_exported_pdf_carries_chinese(filled):
    response = signed_in(filled.clerk).get(
        reverse("register", args=["incoming"]), {"format": "pdf"}
    )
    pages = PdfReader(io.BytesIO(response.content)).pages
    text = "".join(p.extract_text() for p in pages).replace("\n", "")
    assert "关于保密检查的通知" in text and "密级" in text


def test_an_export_with_a_nonsensical_filter_is_refused(filled):
    response = signed_in(filled.clerk).get(
        reverse("register", args=["loan"]), {"level": 9, "format": "xlsx"}
    )
    assert response.status_code == 400
    assert audit_events("carriers.register_exported") == []


def test_an_unknown_format_is_refused(filled):
    response = signed_in(filled.clerk).get(reverse("register", args=["loan"]), {"format": "docx"})
    assert response.status_code == 400


def test_staff_and_leaders_get_403_and_no_menu_entry(filled):
    for account in (filled.readers[0], filled.leader):
        client = signed_in(account)
        assert client.get(reverse("registers")).status_code == 403
        assert client.get(reverse("register", args=["loan"])).status_code == 403
        assert 'data-nav="registers"' not in client.get(reverse("home")).content.decode()


def test_an_unknown_register_is_404(filled):
    assert signed_in(filled.clerk).get(reverse("register", args=["visitors"])).status_code == 404


@pytest.mark.parametrize(
    ("dates", "period"),
    [
        ({"date_from": "2026-12-01", "date_to": "2026-12-31"}, "2026-12"),
        ({"date_from": "2026-01-01", "date_to": "2026-12-31"}, "2026"),
        ({"date_from": "2026-12-01", "date_to": "2026-12-15"}, "2026-12-01_2026-12-15"),
        ({"date_from": "2026-12-15", "date_to": "2026-12-15"}, "2026-12-15"),
    ],
)
def test_an_export_is_named_by_the_register_and_its_period_in_chinese(filled, dates, period):
    """收文登记簿_2026-12.xlsx: the register's Chinese title and the period it lists, sent as
    RFC 5987's UTF-8 filename*."""
    response = signed_in(filled.officer).get(
        reverse("register", args=["incoming"]), {**dates, "format": "xlsx"}
    )
    header = response["Content-Disposition"]
    assert unquote(header.split("filename*=UTF-8''")[1]) == f"收文登记簿_{period}.xlsx"
