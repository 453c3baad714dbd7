"""In a real browser, a cleared person leaves through their exit case (PPL-EXIT, HANDOVER):
the security officer opens the case from the person's page, sees the USB stick they still
keep among the holdings, records the signed commitment letter, is refused marking them as left
until the stick is handed over, then marks them as left and sees the 脱密期 with its end date
on the person's page."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.utils import timezone

from baomi.accounts.demo import PASSWORD
from baomi.accounts.models import Account
from baomi.core.levels import Clearance
from baomi.devices.operations import ledger as devices
from baomi.org import holdings
from baomi.org.models import Employment, Person
from baomi.people.models import CoolingOff, ExitCase
from baomi.people.queries.cooling_off import years_later
from tests.e2e.conftest import Page

pytestmark = pytest.mark.e2e


@pytest.fixture
def officer(browser, site) -> Iterator[Page]:
    tab = Page(browser, site)
    tab.login("secofficer", PASSWORD)
    yield tab
    tab.context.close()
    csp = [e for e in tab.errors if "Content Security Policy" in e]
    assert not csp, csp


def submit(page: Page, form: str) -> None:
    with page.tab.expect_navigation():
        page.tab.click(f"form[data-form='{form}'] button[type=submit]")


def _leaver() -> Person:
    """A general-class person of the demo in post, holding nothing, without a login and
    without an exit case."""
    logins = set(Account.objects.values_list("person_id", flat=True))
    for person in Person.objects.filter(
        employment=Employment.ACTIVE, clearance=Clearance.GENERAL
    ).order_by("staff_number"):
        if person.pk in logins or ExitCase.objects.filter(person=person).exists():
            continue
        if not holdings.held_by(person):
            return person
    raise AssertionError("no one to leave in the demo")


def test_the_office_takes_a_person_through_their_exit_case__PPL_EXIT(officer: Page):
    person = _leaver()
    me = Account.objects.get(username="secofficer")
    stick = devices.register_asset(
        actor=me, type="usb_stick", number="U-LEAVE-1", custodian_id=person.pk
    )

    officer.go(f"/people/{person.pk}/")
    officer.tab.select_option("form[data-form='open-exit-case'] select[name='kind']", "leave")
    submit(officer, "open-exit-case")
    case = ExitCase.objects.get(person=person)
    assert officer.tab.url.endswith(f"/exit-cases/{case.pk}/")
    handover = officer.tab.locator("[data-step='handover']")
    assert handover.get_attribute("data-done") == "no"
    assert "U-LEAVE-1" in handover.inner_text()

    for width, height in ((1366, 768), (390, 844)):  # the case page fits a laptop and a phone
        officer.tab.set_viewport_size({"width": width, "height": height})
        assert officer.tab.evaluate(
            "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
        )
    officer.tab.set_viewport_size({"width": 1280, "height": 800})

    officer.tab.fill("form[data-form='commitment'] input[name='version']", "2026版")
    officer.tab.fill("form[data-form='commitment'] input[name='kept_in']", "人事档案室")
    submit(officer, "commitment")
    assert officer.tab.locator("[data-step='commitment']").get_attribute("data-done") == "yes"

    # Still keeping the stick: refused under HANDOVER, the person stays.
    submit(officer, "complete")
    assert officer.tab.locator("[data-rule='HANDOVER']").count() >= 1
    assert Person.objects.get(pk=person.pk).employment == Employment.ACTIVE

    devices.assign_custodian(actor=me, asset_id=stick.pk, custodian_id=me.person_id)
    officer.go(f"/exit-cases/{case.pk}/")
    assert officer.tab.locator("[data-step='handover']").get_attribute("data-done") == "yes"
    submit(officer, "complete")
    assert officer.tab.url.endswith(f"/people/{person.pk}/")
    ends = years_later(timezone.localdate(), 1)
    panel = officer.tab.locator("#cooling-off")
    assert panel.get_attribute("data-ends") == f"{ends:%Y-%m-%d}"
    assert panel.locator("[data-restriction='abroad']").count() == 1
    assert CoolingOff.objects.get(person=person).exit_case_id == case.pk
    officer.go("/cooling-off/")
    assert officer.tab.locator(f"tr[data-person='{person.pk}']").count() == 1
    officer.tab.set_viewport_size({"width": 390, "height": 844})
    assert officer.tab.evaluate(
        "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )
    assert Person.objects.get(pk=person.pk).employment == Employment.LEFT
