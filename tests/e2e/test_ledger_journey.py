"""In a real browser, the security office registers a USB stick in the equipment ledger, a
use of it on the classified desktop is refused (MEDIA-NO-CROSS) with the clause shown, and the
refused use waits on the alerts page."""

from __future__ import annotations

import pytest

from baomi.accounts import demo
from baomi.devices.models import Alert, Asset, MediaUse
from baomi.org.models import Person
from tests.e2e.conftest import Page

pytestmark = pytest.mark.e2e


def submit(page: Page, form: str) -> None:
    with page.tab.expect_navigation():
        page.tab.click(f"form[data-form='{form}'] button[type=submit]")


def test_a_registered_stick_is_refused_on_the_classified_desktop__MEDIA_NO_CROSS(page: Page):
    page.login("secofficer", demo.PASSWORD)
    page.go("/devices/register/")
    page.tab.select_option("#id_type", "usb_stick")
    page.tab.fill("#id_number", "U-099")
    page.tab.fill("#id_serial", "SN-U-9099")
    page.tab.select_option("#id_level", "0")
    page.tab.select_option("#id_network", "none")
    clerk = Person.objects.get(staff_number="B002")
    page.tab.select_option("#id_custodian", str(clerk.pk))
    submit(page, "asset-register")
    stick = Asset.objects.get(number="U-099")
    assert page.tab.url.endswith(f"/devices/{stick.pk}/")
    assert "U-099" in page.tab.inner_text("main")

    desktop = Asset.objects.get(number="JSJ-001")  # the demo's SECRET desktop
    page.go(f"/devices/{desktop.pk}/")
    page.open_action("media-use")
    page.tab.fill("form[data-form='media-use'] [name=medium]", "U-099")
    page.tab.fill("form[data-form='media-use'] [name=purpose]", "拷贝资料")
    submit(page, "media-use")
    assert page.tab.locator("[data-rule='MEDIA-NO-CROSS']").count() >= 1

    refused = MediaUse.objects.get(medium=stick)
    assert (refused.allowed, refused.rule_id) == (False, "MEDIA-NO-CROSS")
    alert = Alert.objects.get(media_use=refused)
    page.go("/devices/alerts/")
    assert page.tab.locator(f"tr[data-alert='{alert.pk}'][data-rule='MEDIA-NO-CROSS']").count() == 1
