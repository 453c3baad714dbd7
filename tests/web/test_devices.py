"""The equipment ledger's pages (RULES.md §7): the ledger with its totals and exports,
registering and importing assets, an asset with its history and the uses of media on it,
the alerts of the security office, physical checks and "my equipment"."""

from __future__ import annotations

import io
import re

import pytest
from django.urls import reverse
from openpyxl import Workbook, load_workbook
from pypdf import PdfReader

from baomi.carriers.registers import REGISTERS
from baomi.core.levels import Level
from baomi.devices.models import Alert, Asset, MediaUse
from baomi.devices.queries.exports import EXPORTED
from tests.devices.conftest import ledger  # noqa: F401 (the fixture)
from tests.factories import FORMULA_TEXT, audit_events, xlsx_texts
from tests.web.conftest import post_refused, signed_in

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def kept(ledger):  # noqa: F811 (the fixture imported above)
    """A secret desktop on the isolated network and a secret stick, both kept by the first tech
    custodian in the tech department, and an unclassified stick."""
    tech = ledger.world.departments["tech"].pk
    ledger.desktop = ledger.register(
        number="JSJ-A1", level=Level.SECRET, network="isolated", department_id=tech
    )
    ledger.stick = ledger.register(
        type="usb_stick", number="U-S1", level=Level.SECRET, department_id=tech
    )
    ledger.plain = ledger.register(type="usb_stick", number="U-P1", level=0, department_id=tech)
    return ledger


def _zh(response) -> str:
    html = response.content.decode()
    assert response.status_code == 200 and '<html lang="zh-hans">' in html
    return html


def test_every_page_speaks_chinese_to_the_security_officer(kept):
    client = signed_in(kept.officer)
    for name, args in (
        ("devices", []),
        ("asset_register", []),
        ("device_alerts", []),
        ("device_checks", []),
        ("my_equipment", []),
        ("asset", [kept.desktop.pk]),
    ):
        _zh(client.get(reverse(name, args=args)))
    html = _zh(client.get(reverse("devices")))
    assert 'data-nav="devices"' in html  # its own menu entry (new messages await their .po)
    assert f'data-asset="{kept.desktop.pk}"' in html and 'data-totals="type"' in html


def test_staff_gets_403_except_on_my_equipment__DEV_LEDGER(kept):
    client = signed_in(kept.tech[0])
    for name in ("devices", "asset_register", "device_alerts", "device_checks"):
        assert client.get(reverse(name)).status_code == 403, name
    html = _zh(client.get(reverse("my_equipment")))
    assert f'data-asset="{kept.desktop.pk}"' in html and "U-S1" in html
    home = _zh(client.get(reverse("home")))
    assert f'data-equipment="{kept.desktop.pk}"' in home
    # Their own asset opens; someone else's does not exist for them.
    assert client.get(reverse("asset", args=[kept.desktop.pk])).status_code == 200
    stranger = signed_in(kept.stranger)
    assert stranger.get(reverse("asset", args=[kept.desktop.pk])).status_code == 404
    assert "U-S1" not in _zh(stranger.get(reverse("my_equipment")))


def test_register_then_use_then_refused_cross_use_shows_its_clause_and_alert__MEDIA_NO_CROSS(
    ledger,  # noqa: F811 (the fixture imported above)
):
    officer = signed_in(ledger.officer)
    custodian = ledger.tech[0].person_id
    for number, kind, level, network in (
        ("JSJ-B1", "desktop", Level.SECRET, "isolated"),
        ("U-B1", "usb_stick", Level.SECRET, "none"),
        ("U-B2", "usb_stick", 0, "none"),
    ):
        response = officer.post(
            reverse("asset_register"),
            {
                "type": kind,
                "number": number,
                "level": level,
                "network": network,
                "custodian": custodian,
            },
        )
        assert response.status_code == 303, response.content.decode()[:2000]
    desktop = Asset.objects.get(number="JSJ-B1")
    page = reverse("asset", args=[desktop.pk])
    assert 'data-form="media-use"' in _zh(officer.get(page))

    user = signed_in(ledger.tech[0])
    response = user.post(
        reverse("media_use", args=[desktop.pk]), {"medium": "U-B1", "purpose": "拷贝报告"}
    )
    assert response.status_code == 303
    assert MediaUse.objects.filter(computer=desktop, allowed=True).count() == 1
    html = _zh(user.get(page))
    assert "U-B1" in html and "拷贝报告" in html

    html = post_refused(
        user,
        reverse("media_use", args=[desktop.pk]),
        {"medium": "U-B2", "purpose": "拷贝"},
        page=page,
    )
    assert 'data-rule="MEDIA-NO-CROSS"' in html
    assert 'data-refused="MEDIA-NO-CROSS"' in html  # the attempt is kept on the page
    alert = Alert.objects.get(rule_id="MEDIA-NO-CROSS")
    alerts = _zh(officer.get(reverse("device_alerts")))
    assert f'data-alert="{alert.pk}"' in alerts and 'data-rule="MEDIA-NO-CROSS"' in alerts

    response = officer.post(reverse("alert_resolve", args=[alert.pk]), {"resolution": "已谈话"})
    assert response.status_code == 303
    alert.refresh_from_db()
    assert alert.resolved_at is not None
    assert f'data-alert="{alert.pk}"' not in _zh(officer.get(reverse("device_alerts")))


def test_a_check_shows_the_missing_stick_and_the_unexpected_laptop__DEV_LEDGER(kept):
    office = kept.world.departments["office"].pk
    laptop = kept.register(
        type="laptop",
        number="BJB-9",
        level=Level.SECRET,
        network="none",
        custodian_id=kept.office.person_id,
        department_id=office,
    )
    client = signed_in(kept.officer)
    response = client.post(
        reverse("device_checks"), {"department": kept.world.departments["tech"].pk}
    )
    assert response.status_code == 303
    url = response["Location"]
    check_id = int(url.rstrip("/").rsplit("/", 1)[-1])
    observe = reverse("device_observe", args=[check_id])
    assert client.post(observe, {"identifier": "JSJ-A1"}).status_code == 303
    listed = reverse("device_observe_list", args=[check_id])
    assert client.post(listed, {"identifiers": "U-P1\n\nBJB-9\n"}).status_code == 303

    html = _zh(client.get(url))
    assert 'data-findings="missing" data-count="1"' in html
    assert 'data-finding="U-S1"' in html
    assert 'data-findings="unexpected" data-count="1"' in html
    assert f'data-finding="{laptop.number}"' in html

    close = reverse("device_check_close", args=[check_id])
    assert client.post(close).status_code == 303
    html = _zh(client.get(url))
    assert 'data-action="close-check"' not in html


def test_the_ledger_downloads_as_xlsx_and_pdf_and_the_export_is_audited(kept):
    client = signed_in(kept.officer)
    url = reverse("devices")
    html = _zh(client.get(url, {"type": "usb_stick"}))
    assert "U-S1" in html and "JSJ-A1" not in html
    response = client.get(url, {"type": "usb_stick", "format": "xlsx"})
    assert response.status_code == 200 and response["Content-Type"] == XLSX
    sheet = load_workbook(io.BytesIO(response.content)).active
    cells = {str(c.value) for row in sheet.iter_rows() for c in row if c.value}
    assert "U-S1" in cells and "U-P1" in cells and "JSJ-A1" not in cells
    response = client.get(url, {"format": "pdf"})
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "JSJ-A1" in text
    events = audit_events(EXPORTED)
    assert [e["data"]["format"] for e in events] == ["xlsx", "pdf"]
    assert events[0]["data"]["filters"] == {"type": "usb_stick"}
    assert signed_in(kept.tech[0]).get(url, {"format": "xlsx"}).status_code == 403


def test_the_ledger_exports_stored_text_as_text_never_a_formula(kept):
    """OWASP CSV injection: an asset's number, serial, model or location that a spreadsheet
    would run comes out as the text it is; a control character stored before input was
    checked is printed as U+FFFD and never makes the .xlsx or the PDF fail."""
    for n, text in enumerate((*FORMULA_TEXT, "c\x02d")):
        asset = kept.register(number=f"JSJ-F{n}")
        Asset.objects.filter(pk=asset.pk).update(
            number=text, serial=text, make_model=text, location=text
        )
    client = signed_in(kept.officer)
    texts = xlsx_texts(client.get(reverse("devices"), {"format": "xlsx"}).content)
    assert set(FORMULA_TEXT) | {"c\ufffdd"} <= set(texts)
    response = client.get(reverse("devices"), {"format": "pdf"})
    assert response.status_code == 200
    pages = PdfReader(io.BytesIO(response.content)).pages
    assert "c\ufffdd" in "".join(page.extract_text() for page in pages)


def _upload(rows: list[list[str]]) -> io.BytesIO:
    book = Workbook()
    sheet = book.active
    sheet.append(["资产编号", "类型", "密级"])
    for row in rows:
        sheet.append(row)
    data = io.BytesIO()
    book.save(data)
    data.seek(0)
    data.name = "assets.xlsx"
    return data


def test_an_import_dry_run_lists_each_rejected_row_and_changes_nothing(kept):
    client = signed_in(kept.officer)
    before = Asset.objects.count()
    upload = _upload([["JSJ-N1", "台式机", "秘密"], ["JSJ-A1", "台式机", "秘密"]])
    html = _zh(client.post(reverse("asset_import"), {"file": upload, "dry_run": "1"}))
    assert 'id="import-rejected"' in html and 'data-row="3"' in html
    assert Asset.objects.count() == before


def test_the_officer_hands_over_relocates_and_the_airgap_refusal_shows_its_clause__DEV_AIRGAP(
    kept,
):
    client = signed_in(kept.officer)
    desktop = kept.desktop
    page = reverse("asset", args=[desktop.pk])
    html = _zh(client.get(page))
    for key in ("custodian", "network", "level", "update"):
        assert f'data-form="{key}"' in html
    new = kept.tech[1].person_id
    custodian = reverse("asset_custodian", args=[desktop.pk])
    assert client.post(custodian, {"custodian": new}).status_code == 303
    update = reverse("asset_update", args=[desktop.pk])
    assert client.post(update, {"location": "302室", "status": "spare"}).status_code == 303
    desktop.refresh_from_db()
    assert (desktop.custodian_id, desktop.location, desktop.status) == (new, "302室", "spare")

    html = post_refused(
        client, reverse("asset_network", args=[desktop.pk]), {"network": "internet"}, page=page
    )
    assert 'data-rule="DEV-AIRGAP"' in html
    desktop.refresh_from_db()
    assert desktop.network == "isolated"
    assert 'data-rule="DEV-AIRGAP"' in _zh(client.get(reverse("device_alerts")))
    # The asset pages' forms are the security officer's: the custodian only records uses.
    user = signed_in(kept.tech[1])
    assert 'data-form="network"' not in _zh(user.get(page))
    assert user.post(custodian, {"custodian": new}).status_code == 403


def test_the_officer_records_wireless_hardware_on_an_unclassified_laptop(kept):
    laptop = kept.register(type="laptop", number="BJB-W1", level=0, network="internet")
    client = signed_in(kept.officer)
    page = reverse("asset", args=[laptop.pk])
    html = _zh(client.get(page))
    assert 'data-form="wireless"' in html and 'data-wireless="0"' in html
    url = reverse("asset_wireless", args=[laptop.pk])
    assert client.post(url, {"wireless": "1"}).status_code == 303
    laptop.refresh_from_db()
    assert laptop.wireless is True
    html = _zh(client.get(page))
    assert 'data-wireless="1"' in html and 'data-event="wireless_changed"' in html
    assert [e["data"]["to"] for e in audit_events("devices.wireless_changed")] == [True]
    # Removed again: recorded the same way.
    assert client.post(url, {"wireless": "0"}).status_code == 303
    laptop.refresh_from_db()
    assert laptop.wireless is False
    assert not Alert.objects.exists()


def test_wireless_hardware_on_a_classified_computer_is_refused_with_its_clause__DEV_AIRGAP(kept):
    client = signed_in(kept.officer)
    desktop = kept.desktop
    page = reverse("asset", args=[desktop.pk])
    html = post_refused(
        client, reverse("asset_wireless", args=[desktop.pk]), {"wireless": "1"}, page=page
    )
    assert 'class="clause" data-rule="DEV-AIRGAP"' in html
    assert "涉密设备不得配备无线设备。" in html  # the refusal speaks Chinese
    desktop.refresh_from_db()
    assert desktop.wireless is False
    assert audit_events("devices.wireless_changed") == []
    alert = Alert.objects.get(rule_id="DEV-AIRGAP")
    assert alert.asset_id == desktop.pk
    assert f'data-alert="{alert.pk}"' in _zh(client.get(reverse("device_alerts")))


def test_a_classified_stick_is_sanitised_through_the_pages_only_once_approved__MEDIA_TAINT(kept):
    officer = signed_in(kept.officer)
    stick = kept.stick
    page = reverse("asset", args=[stick.pk])
    html = _zh(officer.get(page))
    assert 'data-sanitising="none"' in html
    assert 'data-form="sanitisation-request"' in html and 'data-form="sanitise"' not in html
    assert 'data-form="wireless"' not in html  # a medium has no wireless hardware of its own

    # Recording a sanitising without a granted approval is refused with the clause.
    sanitise = reverse("sanitise", args=[stick.pk])
    html = post_refused(officer, sanitise, {"method": "消磁后多次覆写"}, page=page)
    assert 'class="clause" data-rule="MEDIA-TAINT"' in html and "没有未使用且未过期的批准" in html
    stick.refresh_from_db()
    assert (stick.level, stick.tainted) == (Level.SECRET, True)

    # Asking: the office director is the approver; the page shows it pending.
    ask = reverse("sanitisation_request", args=[stick.pk])
    assert officer.post(ask, {"reason": "改作非涉密用途"}).status_code == 303
    html = _zh(officer.get(page))
    assert 'data-sanitising="pending"' in html and "改作非涉密用途" in html
    assert 'data-form="sanitisation-request"' not in html and 'data-form="sanitise"' not in html
    assert 'data-state="pending"' in html and "李主任" in html

    director = signed_in(kept.director)
    inbox = _zh(director.get(reverse("approvals")))
    request_id = int(re.search(r'id="request-(\d+)" data-request', inbox)[1])
    decide = reverse("approval_decide", args=[request_id])
    assert director.post(decide, {"decision": "approve", "comment": ""}).status_code == 303

    html = _zh(officer.get(page))
    assert 'data-sanitising="granted"' in html and 'data-form="sanitise"' in html
    assert 'data-form="sanitisation-request"' not in html
    assert officer.post(sanitise, {"method": "消磁后多次覆写"}).status_code == 303
    stick.refresh_from_db()
    assert (stick.level, stick.tainted) == (0, False)
    html = _zh(officer.get(page))
    assert 'data-event="sanitised"' in html and "消磁后多次覆写" in html
    assert 'data-state="consumed"' in html  # the approval is used up
    assert 'data-form="sanitise"' not in html and 'data-form="sanitisation-request"' not in html
    assert [e["data"]["level_before"] for e in audit_events("devices.sanitised")] == [Level.SECRET]


def test_a_stick_that_never_held_classified_data_offers_no_sanitising__MEDIA_TAINT(kept):
    officer = signed_in(kept.officer)
    page = reverse("asset", args=[kept.plain.pk])
    assert 'id="sanitising"' not in _zh(officer.get(page))
    ask = reverse("sanitisation_request", args=[kept.plain.pk])
    html = post_refused(officer, ask, {"reason": "再用"}, page=page)
    assert 'class="clause" data-rule="MEDIA-TAINT"' in html


def test_without_manage_devices_no_wireless_or_sanitising_forms_and_posts_are_refused(kept):
    custodian = signed_in(kept.tech[0])  # keeps the desktop and the secret stick
    for asset in (kept.desktop, kept.stick):
        html = _zh(custodian.get(reverse("asset", args=[asset.pk])))
        for form in ("wireless", "sanitisation-request", "sanitise"):
            assert f'data-form="{form}"' not in html
        assert 'id="sanitising"' not in html
    posts = (
        ("asset_wireless", kept.desktop.pk, {"wireless": "1"}),
        ("sanitisation_request", kept.stick.pk, {"reason": "再用"}),
        ("sanitise", kept.stick.pk, {"method": "消磁"}),
    )
    for account in (kept.tech[0], kept.stranger, kept.office):
        client = signed_in(account)
        for name, pk, data in posts:
            assert client.post(reverse(name, args=[pk]), data).status_code in (403, 404), name
    kept.desktop.refresh_from_db()
    kept.stick.refresh_from_db()
    assert kept.desktop.wireless is False and kept.stick.tainted is True
    assert audit_events("approvals.requested") == []


def test_the_registers_index_leads_the_security_officer_only_to_the_ledger(kept):
    html = _zh(signed_in(kept.officer).get(reverse("registers")))
    for key in REGISTERS:
        assert f'data-register="{key}"' in html
    assert 'data-ledger="devices"' in html
    assert f'href="{reverse("devices")}"' in html
    export = f"{reverse('devices')}?format=xlsx"
    assert f'href="{export}"' in html and f'href="{reverse("devices")}?format=pdf"' in html
    response = signed_in(kept.officer).get(export)
    assert response.status_code == 200 and response["Content-Type"] == XLSX
    # The clerk keeps the registers, not the ledger.
    html = _zh(signed_in(kept.office).get(reverse("registers")))
    assert 'data-register="circulation"' in html
    assert 'data-ledger="devices"' not in html and reverse("devices") not in html
